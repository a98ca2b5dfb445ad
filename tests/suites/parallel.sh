#!/bin/sh
# Reading in parallel parts (include/ak_parallel.h) must change no byte of
# any output.  For every input, `report` with EVERY registered output
# (src/output/registry.c; `--with` all of them), `validate` and `validate
# --format csv` (stdout, stderr, exit code, every file) on one thread are
# compared with the same runs on two threads with parts of 1 byte (a part
# a line) and of odd sizes, and on one thread with 1-byte parts.
#
# Inputs and outputs:
#  - full set: the 2008 data (also as 2009 with --compare --panel on the 2008
#    run's folder: sammenligning, besvarelser-sammenligning), generated
#    rows with problems (gen-warn) and the same with an id repeated across
#    parts read with --keep-last (gen-dup, the earlier row superseded by a
#    row in a later part): every output, PDF, HTML and workbook included;
#  - the hostile corpus (tests/hostile/) and the other spoiled generated
#    rows (tests/parallel/spoil.py: a routing violation on every row, an
#    id repeated across parts, a bare quote that misleads the boundary
#    search): every output but the three renderers of the same results
#    (pdf, html, xlsx: compared above), on 1-byte parts on two threads,
#    `report` only (its validering.txt and validering.csv are what
#    `validate` prints; its stderr and exit code are compared too): within
#    the CI budget.
# AK_PARALLEL_TRACE then checks that the parallel path was taken where it
# should be (the parts merged) and redone in one reading where it must be
# (a fatal problem, UTF-16, a misleading quote).  The variants of one
# input run side by side (two cores).  Under a sanitizer build: one parted
# variant per input, five files of the hostile corpus, a smaller big file.
# Usage: parallel.sh BUILD_DIR.  Prints "parallel: N passed, N failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/ankestat
hdir=$root/tests/hostile
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-parallel-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root" SOURCE_DATE_EPOCH=1250337600
unset AK_PART_BYTES AK_PARALLEL_TRACE
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
export LSAN_OPTIONS
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL parallel: $*"; }
. "$root/tests/lib/helper.sh"
san=""
if nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan; then
    san=1
fi
gen=$(test_helper "$build" gen) || { bad "no generator"; echo "parallel: $pass passed, $fail failed"; exit 1; }

# Every registered output, from the help's list (so that a new output is
# compared without touching this file); the renderers left out of the
# light set.
all=$("$bin" report --help | sed -n '/^Output/,/^$/p' | sed -n 's/^  [* ] \([a-z0-9-][a-z0-9-]*\) .*/\1/p' | paste -sd, -)
case $all in *tables-csv*usikkerhed*) ok ;; *) bad "no output list from --help: '$all'" ;; esac
light=$(echo "$all" | tr , '\n' | grep -vx 'pdf\|html\|xlsx' | paste -sd, -)

# ---- inputs ------------------------------------------------------------------
mkdir -p "$tmp/in"
cp "$hdir"/files/*.csv "$tmp/in/"
for f in "$hdir"/files/*.csv.in; do
    awk -f "$hdir/expand.awk" "$f" >"$tmp/in/$(basename "$f" .in)"
done
cp "$root/data/tilsyn-2008-rekonstrueret.csv" "$tmp/in/data-2008.csv"
"$gen" 1500 >"$tmp/rows.csv"
for m in warn every dup quote; do
    python3 "$root/tests/parallel/spoil.py" $m <"$tmp/rows.csv" >"$tmp/in/gen-$m.csv" ||
        bad "spoil.py $m"
done
person="--codebook $root/bench/codebook-person.csv"
# Under a sanitizer build (CI budget ~90 s): of the hostile corpus only the
# dialects that move record boundaries (multi-line text, CRLF, Windows-1252,
# UTF-16) and a quote that never closes.
if [ -n "$san" ]; then
    for f in "$tmp"/in/*.csv; do
        case $(basename "$f") in
        data-2008.csv|gen-*|dialect-multiline-text.csv|dialect-crlf.csv|\
        dialect-cp1252-semicolon-crlf.csv|dialect-utf16be.csv|\
        fatal-quote-never-closes-crlf.csv) ;;
        *) rm -f "$f" ;;
        esac
    done
fi
# last year's folder for --compare
(cd "$tmp/in" && "$bin" report --year 2008 --out "$tmp/prev" data-2008.csv >/dev/null 2>&1) ||
    bad "the 2008 report for --compare failed"

# args NAME: the options of the input's runs; rargs NAME: of its report
args() {
    case $1 in
    gen-dup.csv)   echo "$person --keep-last" ;;
    gen-*)         echo "$person" ;;
    esac
}
rargs() {
    case $1 in
    data-2008.csv) echo "--year 2009 --compare $tmp/prev --panel --with $all" ;;
    gen-warn.csv|gen-dup.csv) echo "--year 2008 --with $all" ;;
    *) echo "--year 2008 --with $light" ;;
    esac
}
# full NAME: inputs compared in every variant (the others: 1-byte parts
# on two threads only)
full() {
    case $1 in data-2008.csv|gen-*) return 0 ;; esac
    return 1
}

# run NAME DIR ENV... -- ARGS: the three commands into DIR
run() {
    name=$1 dir=$2; shift 2
    envs=""
    while [ "$1" != -- ]; do envs="$envs $1"; shift; done
    shift
    mkdir -p "$dir"
    a=$(args "$name")
    ra=$(rargs "$name")
    # shellcheck disable=SC2086
    (cd "$tmp/in" && if full "$name"; then
         env $envs "$bin" validate $a "$@" "$name" >"$dir/v.out" 2>"$dir/v.err" </dev/null
         echo $? >"$dir/v.rc"
         env $envs "$bin" validate --format csv $a "$@" "$name" >"$dir/c.out" 2>"$dir/c.err" </dev/null
         echo $? >"$dir/c.rc"
     fi
     env $envs "$bin" report $ra $a --out "$dir/out" "$@" "$name" \
         >"$dir/r.out" 2>"$dir/r.err" </dev/null
     echo $? >"$dir/r.rc")
    # the report's stderr names its own directory
    sed "s|$dir/out|OUT|g" "$dir/r.err" >"$dir/r.err2" && mv "$dir/r.err2" "$dir/r.err"
}

# trace NAME ENV...: the path a validate took ("N parts, T threads" or "redo")
trace() {
    name=$1; shift
    a=$(args "$name")
    # shellcheck disable=SC2086
    (cd "$tmp/in" && env "$@" AK_PARALLEL_TRACE=1 "$bin" validate $a "$name" 2>&1 >/dev/null </dev/null) |
        sed -n 's/^ankestat: parallel: //p'
}

variants='"AK_PART_BYTES=1 -- --threads 2" "AK_PART_BYTES=777 -- --threads 2" "AK_PART_BYTES=1 -- --threads 1"'
[ -n "$san" ] && variants='"AK_PART_BYTES=1 -- --threads 2"'
for f in "$tmp"/in/*.csv; do
    name=$(basename "$f")
    run "$name" "$tmp/ref/$name" -- --threads 1 &
    k=0
    v=$variants
    # 1 500 generated rows in 1-byte parts (a part a line) would cost 5x a
    # reading in plan building; 997 bytes (a few rows, the multi-line
    # texts still cut) keep boundaries everywhere at a fifth of it
    case $name in gen-*) v=$(echo "$v" | sed 's/AK_PART_BYTES=1 /AK_PART_BYTES=997 /g') ;; esac
    # the problems written to the diagnostics' temporary file (a few KB
    # in memory; every one its own run) give the same bytes too
    case $name in gen-*) if [ -z "$san" ]; then
        v="$v \"AK_PART_BYTES=997 AK_DIAGS_MEM_BYTES=2000 -- --threads 2\" \"AK_DIAGS_MEM_BYTES=0 -- --threads 1\""; fi ;; esac
    eval "set -- $v"
    full "$name" || set -- "$1"
    for variant in "$@"; do
        k=$((k + 1))
        # shellcheck disable=SC2086
        run "$name" "$tmp/v$k/$name" $variant &
        [ $((k % 2)) = 1 ] && wait
    done
    wait
    k=0
    for variant in "$@"; do
        k=$((k + 1))
        if diff -r "$tmp/ref/$name" "$tmp/v$k/$name" >"$tmp/diff" 2>&1; then
            ok
        else
            bad "$name with $variant differs from one thread:"
            head -20 "$tmp/diff" | sed 's/^/    /'
        fi
    done
    rm -rf "$tmp"/v*/"$name"
    # The path taken.
    path=$(trace "$name" AK_PART_BYTES=1)
    rc=$(cat "$tmp/ref/$name/r.rc")
    case $name in
    *utf16*|fatal-*|gen-quote.csv) expect=redo ;;
    *) expect=parts ;;
    esac
    # gen-dup.csv is read with --keep-last: parallel, no redo
    case $expect:$path in
    redo:redo|parts:*" parts, "*) ok ;;
    *) bad "$name (report exit $rc): path '$path', expected $expect" ;;
    esac
done

# The outputs compared above must be the real thing: the 2008 report has
# every output (the comparison with last year too); the generated rows had
# warnings; gen-dup's repeated id was settled by --keep-last.
r08=$tmp/ref/data-2008.csv/out
for x in rapport-2009.pdf rapport-2009.html tabeller-2009.xlsx tables.csv \
         validering.txt validering.csv tabel-2.22.csv tabel-2.22.px \
         usikkerhed-2009.csv tabel-2.2-interval.csv besvarelser-2009.csv \
         opfoelgning-2009.csv sammenligning.csv besvarelser-sammenligning.csv \
         svar-2009.sav svar-2009.dta svar-2009.csv kodebog-2009.csv tekst.md; do
    if [ -s "$r08/$x" ]; then ok; else bad "the 2008 report lacks $x"; fi
done
if [ "$(cat "$tmp/ref/data-2008.csv/r.rc")" = 0 ]; then ok; else bad "the 2008 report failed"; fi
for n in gen-warn.csv gen-dup.csv; do
    if [ -s "$tmp/ref/$n/out/rapport-2008.pdf" ] && [ -s "$tmp/ref/$n/out/usikkerhed-2008.csv" ]; then
        ok; else bad "$n: no PDF or usikkerhed-2008.csv"; fi
done
if grep -q "advarsler" "$tmp/ref/gen-warn.csv/v.out"; then ok; else bad "gen-warn.csv gave no warnings"; fi
if [ "$(cat "$tmp/ref/gen-dup.csv/r.rc")" = 0 ] &&
   grep -q "den sidste række bruges" "$tmp/ref/gen-dup.csv/v.out"; then ok; else
    bad "gen-dup.csv with --keep-last: not settled (exit $(cat "$tmp/ref/gen-dup.csv/r.rc"))"; fi
# without --keep-last the repeated id is fatal, and the parts are redone
if (cd "$tmp/in" && AK_PART_BYTES=1 "$bin" validate $person gen-dup.csv >/dev/null 2>&1); then
    bad "gen-dup.csv without --keep-last passed"
else
    [ $? = 2 ] && ok || bad "gen-dup.csv without --keep-last: not exit 2"
fi
path=$(cd "$tmp/in" && AK_PART_BYTES=1 AK_PARALLEL_TRACE=1 "$bin" validate $person gen-dup.csv 2>&1 >/dev/null |
       sed -n 's/^ankestat: parallel: //p')
[ "$path" = redo ] && ok || bad "gen-dup.csv without --keep-last: path '$path', expected redo"

# The default part size and thread count on a file of several parts.
big=40000
[ -n "$san" ] && big=20000
"$gen" $big >"$tmp/in/gen-big.csv"
run gen-big.csv "$tmp/big1" -- --threads 1
run gen-big.csv "$tmp/big2" --
if diff -r "$tmp/big1" "$tmp/big2" >"$tmp/diff" 2>&1; then ok; else
    bad "gen-big.csv with default threads differs"; head -20 "$tmp/diff" | sed 's/^/    /'
fi
path=$(trace gen-big.csv)
case $path in *" parts, "*) ok ;; *) bad "gen-big.csv: path '$path', expected parts" ;; esac

echo "parallel: $pass passed, $fail failed"
[ $fail -eq 0 ]
