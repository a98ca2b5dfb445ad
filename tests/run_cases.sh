#!/bin/sh
# Data-driven cases: tests/cases/<name>/ holds
#   cmd                      shell command line, run in the case dir with
#                            $ANKESTAT (the binary) and $AK_HOME (repo root)
#   expected.rc              exit code (default 0)
#   expected.stdout / expected.stderr                exact text
#   expected.stdout.contains / expected.stderr.contains  lines that must occur
#   expected.files/          files that must equal out/<same path> afterwards
# Usage: run_cases.sh BINARY [CASE_DIR...]
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 0 ] && set -- "$root"/tests/cases/*/
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$@"; do
    dir=${dir%/}
    [ -f "$dir/cmd" ] || continue
    name=$(basename "$dir")
    ok=1; why=""
    rm -rf "$dir/out"
    (cd "$dir" && ANKESTAT="$bin" AK_HOME="$root" LC_ALL=C.UTF-8 sh ./cmd >"$tmp/stdout" 2>"$tmp/stderr" </dev/null)
    rc=$?
    want=0; [ -f "$dir/expected.rc" ] && want=$(cat "$dir/expected.rc")
    [ "$rc" = "$want" ] || { ok=0; why="$why exit $rc, expected $want;"; }
    for s in stdout stderr; do
        if [ -f "$dir/expected.$s" ] && ! cmp -s "$dir/expected.$s" "$tmp/$s"; then
            ok=0; why="$why $s differs:$(diff "$dir/expected.$s" "$tmp/$s" | head -20);"
        fi
        if [ -f "$dir/expected.$s.contains" ]; then
            while IFS= read -r l || [ -n "$l" ]; do
                [ -z "$l" ] && continue
                grep -qF -- "$l" "$tmp/$s" || { ok=0; why="$why $s lacks '$l';"; }
            done <"$dir/expected.$s.contains"
        fi
    done
    if [ -d "$dir/expected.files" ]; then
        for f in $(cd "$dir/expected.files" && find . -type f | sort); do
            cmp -s "$dir/expected.files/$f" "$dir/out/$f" ||
                { ok=0; why="$why $f differs:$(diff "$dir/expected.files/$f" "$dir/out/$f" 2>&1 | head -10);"; }
        done
    fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1)); rm -rf "$dir/out"
    else
        fail=$((fail + 1)); echo "FAIL case $name:$why"
        echo "--- stderr:"; head -20 "$tmp/stderr"
    fi
done
echo "cases: $pass passed, $fail failed"
[ $fail -eq 0 ]
