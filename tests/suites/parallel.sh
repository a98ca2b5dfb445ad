#!/bin/sh
# Reading in parallel parts (include/ak_parallel.h) must change no byte:
# for every input, `report` (every output file; the PDF for the 2008 data
# and a generated file, with SOURCE_DATE_EPOCH), `validate` and `validate
# --format csv` (stdout, stderr, exit code) on one thread are compared
# with the same runs on several threads with parts of 1 byte (a part a
# line), of odd sizes, and on one thread with tiny parts.  Inputs: the
# 2008 data, every file of the hostile corpus (tests/hostile/), generated
# rows with problems (tests/parallel/spoil.py: type and routing problems,
# text over several lines with doubled quotes, CRLF on some rows, a
# routing violation on every row, an id repeated across parts, a bare
# quote that misleads the boundary search).  AK_PARALLEL_TRACE then
# checks that the parallel path was taken where it should be (the parts
# merged) and redone in one reading where it must be (a fatal problem,
# UTF-16, a misleading quote).  Usage: parallel.sh BUILD_DIR.
# Prints "parallel: N passed, N failed".
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
# Under a sanitizer build: one parted variant per input, a smaller big file.
san=""
if nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan; then
    san=1
fi
gen=$(test_helper "$build" gen) || { bad "no generator"; echo "parallel: $pass passed, $fail failed"; exit 1; }

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

# run NAME DIR ENV... -- ARGS: the three commands into DIR
run() {
    name=$1 dir=$2; shift 2
    envs=""
    while [ "$1" != -- ]; do envs="$envs $1"; shift; done
    shift
    mkdir -p "$dir"
    cb=""
    case $name in gen-*) cb=$person ;; esac
    pdf=--no-pdf
    case $name in data-2008.csv|gen-warn.csv) pdf="" ;; esac
    (cd "$tmp/in" && env $envs "$bin" validate $cb "$@" "$name" >"$dir/v.out" 2>"$dir/v.err" </dev/null
     echo $? >"$dir/v.rc"
     env $envs "$bin" validate --format csv $cb "$@" "$name" >"$dir/c.out" 2>"$dir/c.err" </dev/null
     echo $? >"$dir/c.rc"
     env $envs "$bin" report $pdf $cb --out "$dir/out" "$@" "$name" >"$dir/r.out" 2>"$dir/r.err" </dev/null
     echo $? >"$dir/r.rc")
    # the report's stderr names its own directory
    sed "s|$dir/out|OUT|g" "$dir/r.err" >"$dir/r.err2" && mv "$dir/r.err2" "$dir/r.err"
}

# trace NAME ENV...: the path a validate took ("N parts, T threads" or "redo")
trace() {
    name=$1; shift
    cb=""
    case $name in gen-*) cb=$person ;; esac
    (cd "$tmp/in" && env "$@" AK_PARALLEL_TRACE=1 "$bin" validate $cb "$name" 2>&1 >/dev/null </dev/null) |
        sed -n 's/^ankestat: parallel: //p'
}

for f in "$tmp"/in/*.csv; do
    name=$(basename "$f")
    run "$name" "$tmp/ref/$name" -- --threads 1
    k=0
    variants='"AK_PART_BYTES=1 -- --threads 3" "AK_PART_BYTES=1 -- --threads 1" "AK_PART_BYTES=777 -- --threads 2" "AK_PART_BYTES=4099 -- --threads 4"'
    [ -n "$san" ] && variants='"AK_PART_BYTES=1 -- --threads 3"'
    eval "set -- $variants"
    for variant in "$@"; do
        k=$((k + 1))
        # shellcheck disable=SC2086
        run "$name" "$tmp/v$k/$name" $variant
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
    rc=$(cat "$tmp/ref/$name/v.rc")
    case $name in
    *utf16*|fatal-*|gen-dup.csv|gen-quote.csv) expect=redo ;;
    *) expect=parts ;;
    esac
    case $expect:$path in
    redo:redo|parts:*" parts, "*) ok ;;
    *) bad "$name (validate exit $rc): path '$path', expected $expect" ;;
    esac
done

# The outputs compared above must be the real thing: the 2008 report has
# its PDF and every table; the generated rows had warnings.
for x in rapport-2008.pdf tables.csv validering.txt validering.csv tabel-2.22.csv; do
    if [ -s "$tmp/ref/data-2008.csv/out/$x" ]; then ok; else bad "the 2008 report lacks $x"; fi
done
if grep -q "advarsler" "$tmp/ref/gen-warn.csv/v.out"; then ok; else bad "gen-warn.csv gave no warnings"; fi
if [ "$(cat "$tmp/ref/gen-dup.csv/v.rc")" = 2 ]; then ok; else bad "gen-dup.csv: the repeated id was not fatal"; fi

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
