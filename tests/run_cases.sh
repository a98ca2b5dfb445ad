#!/bin/sh
# Data-driven cases: tests/cases/<name>/ holds
#   cmd                      shell command line, run in a copy of the case
#                            dir with $ANKESTAT (the binary) and $AK_HOME
#                            (repo root)
#   expected.rc              exit code (default 0)
#   expected.stdout / expected.stderr                exact text
#   expected.stdout.contains / expected.stderr.contains  lines that must occur
#   expected.files/          files that must equal out/<same path> afterwards
# Each case runs in a scratch copy, BUILD/cases/<name>/, where BUILD is the
# binary's directory (build/ for `make cases`, build/asan under `make
# asan`), so the tree stays as it was: nothing is written under tests/.
# The cases' parent directories are copied whole, so that a cmd may name a
# sibling case's file as ../<case>/<file>.  A passing case's copy is
# removed at the end; a failing one's is kept and named.
# Usage: run_cases.sh BINARY [CASE_DIR...]
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(dirname "$bin")/cases
[ $# -eq 0 ] && set -- "$root"/tests/cases/*/
pass=0; fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$work" && mkdir -p "$work" || { echo "cases: cannot create $work"; echo "cases: 0 passed, 1 failed"; exit 1; }
# Stage: every case dir of each parent named, once.
for dir in "$@"; do
    parent=$(cd "$(dirname "${dir%/}")" && pwd)
    grep -qxF -- "$parent" "$tmp/parents" 2>/dev/null && continue
    printf '%s\n' "$parent" >>"$tmp/parents"
    for d in "$parent"/*/; do
        [ -f "$d/cmd" ] || continue
        n=$(basename "$d")
        [ -e "$work/$n" ] || cp -R "${d%/}" "$work/$n"
        rm -rf "$work/$n/out"
    done
done
for dir in "$@"; do
    dir=${dir%/}
    [ -f "$dir/cmd" ] || continue
    name=$(basename "$dir")
    run=$work/$name
    ok=1; why=""
    (cd "$run" && ANKESTAT="$bin" AK_HOME="$root" LC_ALL=C.UTF-8 sh ./cmd >"$tmp/stdout" 2>"$tmp/stderr" </dev/null)
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
            cmp -s "$dir/expected.files/$f" "$run/out/$f" ||
                { ok=0; why="$why $f differs:$(diff "$dir/expected.files/$f" "$run/out/$f" 2>&1 | head -10);"; }
        done
    fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL case $name (ran in $run):$why"
        cp "$tmp/stdout" "$run/actual.stdout"; cp "$tmp/stderr" "$run/actual.stderr"
        echo "--- stderr:"; head -20 "$tmp/stderr"
    fi
done
# The copies go but a failing case's (marked by its actual.stderr).
for d in "$work"/*/; do
    [ -d "$d" ] || continue
    [ -f "$d/actual.stderr" ] || rm -rf "${d%/}"
done
rmdir "$work" 2>/dev/null
echo "cases: $pass passed, $fail failed"
[ $fail -eq 0 ]
