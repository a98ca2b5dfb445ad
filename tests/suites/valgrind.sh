#!/bin/sh
# valgrind memcheck on whole runs of the plain build.  Usage:
# valgrind.sh BUILD_DIR (skipped for an ASan build, which valgrind cannot
# run; `make asan` checks the same runs with LeakSanitizer).
#
#  - report (PDF included) on data/tilsyn-2008-rekonstrueret.csv: no memory
#    errors, no definite or indirect leaks, and the same tables.csv as
#    without valgrind;
#  - validate on the same file, report on a file with warnings, and
#    report on a file with fatal errors (the error path frees too).
# Suppressed: only the library-internal leaks of tests/valgrind.supp.
# Prints "valgrind: N passed, N failed".
suite=valgrind
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root" SOURCE_DATE_EPOCH=1700000000
if sanitized; then
    echo "valgrind: skipped for the sanitizer build $build"
    finish
fi
if ! command -v valgrind >/dev/null; then
    bad "valgrind is not installed (apt-get install valgrind)"
    finish
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-valgrind-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
data=$root/data/tilsyn-2008-rekonstrueret.csv
files=$root/tests/hostile/files

# vg NAME EXPECTED_RC CMD...: run under memcheck; errors exit 99.
vg() {
    name=$1 want=$2
    shift 2
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --error-exitcode=99 \
        --suppressions="$root/tests/valgrind.supp" "$@" \
        >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
    rc=$?
    if [ $rc -eq "$want" ]; then ok; else
        bad "$name: exit $rc (expected $want)"
        grep -E '==[0-9]+== ' "$tmp/$name.err" | head -30
    fi
}

vg report-2008 0 "$bin" report --year 2008 --out "$tmp/vg" "$data"
"$bin" report --year 2008 --out "$tmp/plain" "$data" >/dev/null 2>&1
if cmp -s "$tmp/vg/tables.csv" "$tmp/plain/tables.csv" && [ -s "$tmp/vg/rapport-2008.pdf" ]; then ok; else
    bad "report under valgrind wrote other tables than without"; fi
vg validate-2008 0 "$bin" validate --format csv "$data"
vg report-warnings 0 "$bin" report --year 2008 --no-pdf --out "$tmp/warn" "$files/warn-routing-q2_1a.csv"
vg report-fatal 2 "$bin" report --year 2008 --out "$tmp/fatal" "$files/fatal-id-duplicate-three-times.csv"
vg validate-fatal 2 "$bin" validate "$files/fatal-missing-columns.csv"

finish
