#!/bin/sh
# The whole suite: unit tests, data-driven cases, then the other suites
# (tests/suites/*.sh, each given the build dir).  Prints "N passed, N failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
total_p=0; total_f=0
run() {
    out=$("$@" 2>&1); rc=$?
    printf '%s\n' "$out"
    last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    p=$(printf '%s\n' "$last" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
    f=$(printf '%s\n' "$last" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
    [ -z "$p" ] && p=0
    [ -z "$f" ] && f=0
    [ $rc -ne 0 ] && [ "$f" = 0 ] && f=1
    total_p=$((total_p + p)); total_f=$((total_f + f))
}
run sh tests/run_unit.sh $(ls "$build"/unit/test_* 2>/dev/null)
run sh tests/run_cases.sh "$build/ankestat"
for s in tests/suites/*.sh; do
    [ -f "$s" ] || continue
    run sh "$s" "$build"
done
echo "$total_p passed, $total_f failed"
[ $total_f -eq 0 ]
