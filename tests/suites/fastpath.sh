#!/bin/sh
# The CSV reader's fast path end to end: src/ingest_csv.c splits one-line
# records in the common forms itself and gives the rest to libcsv; the
# environment variable AK_CSV_SLOW (any value) turns the fast path off.
# For every file of tests/hostile/files/ (the .csv.in templates expanded as
# hostile.sh does; the warn-* files also with CRLF line ends),
# data/tilsyn-2008-rekonstrueret.csv and 5000 rows from bench/gen.c with
# bench/codebook-person.csv, `validate --format csv` and,
# where validation is not fatal, `report --no-pdf` run with and without
# AK_CSV_SLOW=1 and must give the same stdout, stderr, exit code and output
# files.  Usage: fastpath.sh BUILD_DIR (build, or build/asan under `make
# asan`).  Prints a line per input and "fastpath: N passed, N failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/ankestat
hdir=$root/tests/hostile
# A fixed clock: the workbook and the PX files carry the run's date.
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root" SOURCE_DATE_EPOCH=1700000000
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}
# The .sav and .dta carry the run's time: the same for both runs.
export SOURCE_DATE_EPOCH=1700000000
unset AK_CSV_SLOW
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-fastpath-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok fastpath: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL fastpath: $*"; }

if [ ! -x "$bin" ]; then
    bad "no binary $bin (make)"
    echo "fastpath: $pass passed, $fail failed"
    exit 1
fi

# Expand a corpus template: @@BIG:n@@ becomes n bytes of Danish text.
expand() {
    awk -f "$root/tests/hostile/expand.awk" "$1" >"$2"
}

mkdir -p "$tmp/in"
for f in "$hdir"/files/*; do
    b=$(basename "$f")
    case $b in
    *.in) expand "$f" "$tmp/in/${b%.in}" ;;
    *) cp "$f" "$tmp/in/$b" ;;
    esac
done
cp "$root/data/tilsyn-2008-rekonstrueret.csv" "$tmp/in/"
# CRLF variants of the files whose diagnostics carry line numbers (the
# warnings): the fast path counts the lines of the records it splits.
for f in "$tmp"/in/warn-*.csv; do
    b=$(basename "$f" .csv)
    awk '{ sub(/\r$/, ""); printf "%s\r\n", $0 }' "$f" >"$tmp/in/$b.crlf.csv"
done

# 5000 generated rows (bench/gen.c, the Makefile's BUILD_DIR/tests/gen:
# make test-helpers; see tests/lib/helper.sh).
. "$root/tests/lib/helper.sh"
gen_ok=0
if gen=$(test_helper "$build" gen 2>"$tmp/gen.log") &&
        "$gen" 5000 >"$tmp/in/gen-5000.csv" 2>>"$tmp/gen.log"; then
    gen_ok=1
else
    bad "cannot build or run bench/gen.c: $(head -3 "$tmp/gen.log")"
fi

# run TAG SLOW ARGS...: the engine in $tmp/in with AK_CSV_SLOW set or not;
# stdout, stderr and the exit code into $tmp/TAG.{out,err,rc}.
run() {
    tag=$1 slow=$2
    shift 2
    if [ "$slow" = 1 ]; then
        (cd "$tmp/in" && AK_CSV_SLOW=1 "$bin" "$@" >"$tmp/$tag.out" 2>"$tmp/$tag.err" </dev/null)
    else
        (cd "$tmp/in" && "$bin" "$@" >"$tmp/$tag.out" 2>"$tmp/$tag.err" </dev/null)
    fi
    echo $? >"$tmp/$tag.rc"
}

# same WHAT: the fast and slow runs agree; prints why not, returns 1.
same() {
    r=0
    for x in rc out err; do
        if ! cmp -s "$tmp/fast.$x" "$tmp/slow.$x"; then
            echo "    $1: $x differs with AK_CSV_SLOW=1:"
            diff "$tmp/fast.$x" "$tmp/slow.$x" | head -6 | cut -c1-200 | sed 's/^/      /'
            r=1
        fi
    done
    case $(cat "$tmp/fast.err" "$tmp/slow.err") in
    *AddressSanitizer*|*"runtime error"*|*LeakSanitizer*)
        echo "    $1: sanitizer report"; r=1 ;;
    esac
    return $r
}

check() { # FILE [ENGINE OPTIONS...]
    f=$1
    shift
    why=""
    rm -f "$tmp"/fast.* "$tmp"/slow.*
    run fast 0 validate --format csv "$@" "$f"
    run slow 1 validate --format csv "$@" "$f"
    log=$(same "validate") || why="validate"
    vrc=$(cat "$tmp/fast.rc")
    what="validate (exit $vrc)"
    if [ -z "$why" ] && [ "$vrc" -lt 2 ]; then
        what="$what, report"
        rm -rf "$tmp/out" "$tmp/out-fast"
        run fast 0 report --year 2008 --no-pdf --out "$tmp/out" "$@" "$f"
        [ -d "$tmp/out" ] && mv "$tmp/out" "$tmp/out-fast"
        run slow 1 report --year 2008 --no-pdf --out "$tmp/out" "$@" "$f"
        log2=$(same "report") || why="report"
        log="$log$log2"
        if [ "$(cat "$tmp/fast.rc")" != 0 ]; then
            why="$why report exit $(cat "$tmp/fast.rc")"
        elif [ ! -d "$tmp/out-fast" ] || [ ! -d "$tmp/out" ]; then
            why="$why report wrote no directory"
        elif ! d=$(diff -r "$tmp/out-fast" "$tmp/out" 2>&1); then
            why="$why report files"
            log="$log
    report: files differ with AK_CSV_SLOW=1:
$(printf '%s\n' "$d" | head -6 | cut -c1-200 | sed 's/^/      /')"
        fi
    fi
    if [ -z "$why" ]; then
        ok "$f: $what the same without the fast path"
    else
        bad "$f: $why differ(s) without the fast path"
        [ -n "$log" ] && printf '%s\n' "$log"
    fi
}

for f in "$tmp"/in/*; do
    b=$(basename "$f")
    case $b in gen-5000.csv) continue ;; esac
    check "$b"
done
[ $gen_ok = 1 ] && check gen-5000.csv --codebook "$root/bench/codebook-person.csv"

echo "fastpath: $pass passed, $fail failed"
[ $fail -eq 0 ]
