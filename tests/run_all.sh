#!/bin/sh
# The whole suite: unit tests, data-driven cases, then the other suites
# (tests/suites/*.sh, each given the build dir).  Prints each part's
# output with its time in seconds, then "N passed, N failed".
#
# The suites are independent (each works in its own temporary folder), so
# they run TEST_JOBS at a time (default: the machine's cores; TEST_JOBS=1
# for one after the other).  Each suite's output is kept and printed whole,
# in the order of tests/suites/, when all have ended; the slowest start
# first (SLOW below) so that the cores stay busy to the end.
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
total_p=0; total_f=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-runall-XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# tally NAME OUTFILE RC SECONDS: print a part's output and add its counts
tally() {
    out=$(cat "$2"); rc=$3
    printf '%s\n' "$out"
    echo "($1: $4 s)"
    last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
    p=$(printf '%s\n' "$last" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
    f=$(printf '%s\n' "$last" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
    [ -z "$p" ] && p=0
    [ -z "$f" ] && f=0
    [ "$rc" -ne 0 ] && [ "$f" = 0 ] && f=1
    total_p=$((total_p + p)); total_f=$((total_f + f))
}

# part NAME CMD...: run one part, its output to $tmp/NAME.out, its exit
# status and time to $tmp/NAME.rc
part() {
    n=$1; shift
    t0=$(date +%s)
    "$@" >"$tmp/$n.out" 2>&1
    rc=$?
    echo "$rc $(( $(date +%s) - t0 ))" >"$tmp/$n.rc"
}

part unit sh tests/run_unit.sh $(ls "$build"/unit/test_* 2>/dev/null)
read rc s <"$tmp/unit.rc"; tally unit "$tmp/unit.out" "$rc" "$s"
part cases sh tests/run_cases.sh "$build/ankestat"
read rc s <"$tmp/cases.rc"; tally cases "$tmp/cases.out" "$rc" "$s"

# The suites, slowest first, then the rest in name order.
SLOW="faults kill hostile property fuzz-smoke valgrind html researchers"
suites=
for n in $SLOW; do
    [ -f "tests/suites/$n.sh" ] && suites="$suites $n"
done
for s in tests/suites/*.sh; do
    [ -f "$s" ] || continue
    n=$(basename "$s" .sh)
    case " $SLOW " in *" $n "*) ;; *) suites="$suites $n" ;; esac
done

# A pool of $jobs workers: each takes the next suite from a queue file,
# claimed under a lock (mkdir is atomic), until the queue is empty.
i=0
for n in $suites; do i=$((i + 1)); echo "$n" >"$tmp/q.$i"; done
nq=$i
worker() {
    while :; do
        until mkdir "$tmp/lock" 2>/dev/null; do sleep 0.1; done
        next=$(cat "$tmp/next" 2>/dev/null || echo 1)
        echo $((next + 1)) >"$tmp/next"
        rmdir "$tmp/lock"
        [ "$next" -le "$nq" ] || return 0
        n=$(cat "$tmp/q.$next")
        part "$n" sh "tests/suites/$n.sh" "$build"
    done
}
w=0
while [ $w -lt "$jobs" ]; do worker & w=$((w + 1)); done
wait

for s in tests/suites/*.sh; do
    [ -f "$s" ] || continue
    n=$(basename "$s" .sh)
    if [ -f "$tmp/$n.rc" ]; then
        read rc sec <"$tmp/$n.rc"
        tally "$n" "$tmp/$n.out" "$rc" "$sec"
    else
        echo "$n: did not run"; total_f=$((total_f + 1))
    fi
done
echo "$total_p passed, $total_f failed"
[ $total_f -eq 0 ]
