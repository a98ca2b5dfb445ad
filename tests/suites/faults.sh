#!/bin/sh
# Fault injection.  Usage: faults.sh BUILD_DIR.
#
#  (a) Out of memory: a clean `report --no-pdf` on a 3-row input makes C
#      engine allocations (counted with AK_COUNT_ALLOC=1); for EVERY N from
#      1 to C, AK_FAIL_ALLOC=N makes the Nth and every later one fail.
#      Each run must exit 2 with "hukommelsen slap op", no crash and no
#      sanitizer report, leave the previous output set byte-identical and
#      leave no temporary directory.  N = C + 1 must succeed.  The same for
#      `validate` (every N) and for the PDF's own allocations (`report`
#      with PDF, every N past the CSV stage).  Leaks: under the ASan build
#      (make asan) LeakSanitizer checks every run; under the plain build a
#      sample of N runs under valgrind memcheck.
#  (b) I/O: a full disk (a tiny tmpfs, when mount is allowed: the old set
#      plus 4, 8, 12, ... KiB up to the whole new set, so that ENOSPC hits
#      every output file, the PDF at many points), /dev/full as
#      stdout, a read-only output directory, unreadable input (missing, a
#      directory, a read error mid-file), missing definitions, an --out
#      that is a file, holds the input or the templates, or holds a
#      subdirectory.  Each: exit 2 with a message, old outputs
#      byte-identical, no temporary files.
# FAULTS_STRIDE=k (default 2; 5 under the sanitizer build; 1 for the whole
# sweep) sweeps every kth N only.
# The allocations past those of the engine and its first outputs (the
# count of a run with only tables-csv, wide-csv and validation) are swept
# with a stride of FAULTS_STRIDE_OUTPUTS (default 7, 11 under the sanitizer
# build: the workbook, SPSS/Stata, HTML, statistics and follow-up outputs
# together allocate about 14,000 times more), and so is the PDF run: every
# output's error paths are still reached at many points in every file (the
# plain build's sweep of every seventh runs in the same CI).
# Prints "faults: N passed, N failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/ankestat
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:exitcode=66}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:exitcode=67}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:exitcode=68}

# ---- worker mode: check one batch of N values, print FAIL lines and a count
#   faults.sh --alloc BUILD MODE WORK REF N...     (MODE: nopdf, pdf, validate)
if [ "$1" = --alloc ]; then
    shift
    build=$1 mode=$2 work=$3 ref=$4
    shift 4
    bin=$build/ankestat
    p=0 f=0
    for n in "$@"; do
        # --out is a symlink to the shared old set: a run that wrongly
        # committed would replace the symlink (checked below); the set
        # itself is checksummed once after the sweep.
        d=$work/n$n
        mkdir -p "$d"
        ln -s "$ref/out" "$d/out"
        case $mode in
        nopdf) AK_FAIL_ALLOC=$n "$bin" report --year 2008 --no-pdf --out "$d/out" "$ref/small.csv" >"$d/stdout" 2>"$d/stderr" </dev/null ;;
        pdf) AK_FAIL_ALLOC=$n "$bin" report --year 2008 --out "$d/out" "$ref/small.csv" >"$d/stdout" 2>"$d/stderr" </dev/null ;;
        validate) AK_FAIL_ALLOC=$n "$bin" validate "$ref/small.csv" >"$d/stdout" 2>"$d/stderr" </dev/null ;;
        esac
        rc=$?
        why=""
        [ $rc -eq 2 ] || why="$why exit $rc;"
        grep -q 'hukommelsen slap op' "$d/stderr" || why="$why no out-of-memory message;"
        grep -qE 'AddressSanitizer|LeakSanitizer|runtime error|CRITICAL|ERROR' "$d/stderr" &&
            why="$why $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error|CRITICAL|ERROR' "$d/stderr");"
        if [ "$mode" != validate ]; then
            [ -L "$d/out" ] || why="$why the old set was replaced;"
            extra=$(ls -a "$d" | grep -v -e '^\.$' -e '^\.\.$' -e '^out$' -e '^stdout$' -e '^stderr$')
            [ -n "$extra" ] && why="$why left behind: $extra;"
        fi
        if [ -z "$why" ]; then
            p=$((p + 1)); rm -rf "$d"
        else
            f=$((f + 1)); echo "FAIL faults: AK_FAIL_ALLOC=$n ($mode):$why"; head -3 "$d/stderr" | sed 's/^/    /'
        fi
    done
    echo "batch: $p $f"
    exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-faults-XXXXXX")
cleanup() {
    [ -n "$tiny" ] && umount "$tiny" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
pass=0; fail=0; tiny=""
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL faults: $*"; }
san=0
nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan && san=1

# The reference: a 3-row input and an old output set (from another input,
# with a dot-file) that every failed run must leave as it was.
ref=$tmp/ref
mkdir -p "$ref"
head -4 "$root/tests/hostile/files/base.csv" >"$ref/small.csv"
head -3 "$root/tests/hostile/files/base.csv" >"$ref/older.csv"
"$bin" report --year 2008 --no-pdf --out "$ref/out" "$ref/older.csv" >/dev/null 2>&1 || bad "reference report failed"
: >"$ref/out/.gitkeep"
(cd "$ref/out" && sha256sum -- * .[!.]*) >"$ref/old.sums"
"$bin" report --year 2008 --out "$ref/new" "$ref/small.csv" >/dev/null 2>&1 || bad "reference report with PDF failed"
ls "$ref/new" >"$ref/new.list"

# Sum the batch counts printed by the workers.
collect() {
    while IFS= read -r line; do
        case $line in
        "batch: "*) set -- $line; pass=$((pass + $2)); fail=$((fail + $3)) ;;
        *) echo "$line" ;;
        esac
    done
}

count_allocs() {
    "$@" 2>&1 >/dev/null | sed -n 's/^ankestat: allokeringer: //p'
}

# ---- (a) every allocation fails in turn --------------------------------------
sweep() {   # mode from to [stride]; FAULTS_STRIDE=k checks every kth N only
    seq "$2" "${4:-${FAULTS_STRIDE:-1}}" "$3" |
        xargs -P 2 -n 40 sh "$0" --alloc "$build" "$1" "$tmp/work-$1" "$ref" >"$tmp/sweep.log"
    collect <"$tmp/sweep.log"
}
mkdir -p "$tmp/work-nopdf" "$tmp/work-pdf" "$tmp/work-validate"
c_nopdf=$(AK_COUNT_ALLOC=1 count_allocs "$bin" report --year 2008 --no-pdf --out "$tmp/count" "$ref/small.csv")
c_pdf=$(AK_COUNT_ALLOC=1 count_allocs "$bin" report --year 2008 --out "$tmp/count-pdf" "$ref/small.csv")
c_val=$(AK_COUNT_ALLOC=1 count_allocs "$bin" validate "$ref/small.csv")
c_core=$(AK_COUNT_ALLOC=1 count_allocs "$bin" report --year 2008 --no-pdf \
    --without html,xlsx,px,kodebog,svar-csv,spss,stata,usikkerhed,besvarelser,opfoelgning,sammenligning,panel \
    --out "$tmp/count-core" "$ref/small.csv")
so=${FAULTS_STRIDE_OUTPUTS:-7}
# under the sanitizer build a run is about three times slower: CI's time
if [ -z "${FAULTS_STRIDE_OUTPUTS:-}" ] && nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan; then
    so=11
fi
# The engine's own allocations (about 13,500 on this input since the text
# templates) are swept every second N in the plain build (the odd ones) and
# every fifth under the sanitizer build (about three times slower a run),
# unless FAULTS_STRIDE says otherwise: a full sweep of both would take CI
# past its time.
if [ -z "${FAULTS_STRIDE:-}" ]; then
    if nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan; then
        FAULTS_STRIDE=5
    else
        FAULTS_STRIDE=2
    fi
fi
echo "faults: a clean run makes $c_nopdf allocations (report --no-pdf), $c_pdf (report), $c_val (validate)"
if [ -z "$c_nopdf" ] || [ -z "$c_pdf" ] || [ -z "$c_val" ]; then
    bad "cannot count allocations (AK_COUNT_ALLOC)"
else
    sweep nopdf 1 "$c_core"
    sweep nopdf $((c_core + 1)) "$c_nopdf" $((so > ${FAULTS_STRIDE:-1} ? so : ${FAULTS_STRIDE:-1}))
    sweep validate 1 "$c_val"
    sweep pdf 3 "$c_pdf" $((so > ${FAULTS_STRIDE:-1} ? so : ${FAULTS_STRIDE:-1}))
    (cd "$ref/out" && sha256sum -- * .[!.]*) >"$tmp/after.sums"
    if cmp -s "$tmp/after.sums" "$ref/old.sums"; then ok; else bad "the old output set changed during the sweep"; fi
    # One past the last: the run succeeds and writes the new set.
    for m in "--no-pdf:$c_nopdf" ":$c_pdf"; do
        opt=${m%%:*} n=$((${m#*:} + 1))
        rm -rf "$tmp/past"
        cp -a "$ref/out" "$tmp/past"
        if AK_FAIL_ALLOC=$n "$bin" report --year 2008 $opt --out "$tmp/past" "$ref/small.csv" >/dev/null 2>&1 &&
            [ -f "$tmp/past/tables.csv" ] && ! cmp -s "$tmp/past/tables.csv" "$ref/out/tables.csv"; then
            ok
        else
            bad "AK_FAIL_ALLOC=$n $opt: the run past the last allocation did not succeed"
        fi
    done
    # Leaks on the error paths, plain build: valgrind on a sample of N.
    if [ $san = 0 ] && command -v valgrind >/dev/null; then
        for n in 1 2 3 5 8 13 50 200 700 1500 2500 3500 4500 5500 $((c_nopdf - 1)) "$c_nopdf"; do
            rm -rf "$tmp/vg"
            cp -a "$ref/out" "$tmp/vg"
            AK_FAIL_ALLOC=$n valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
                --error-exitcode=99 --suppressions="$root/tests/valgrind.supp" \
                "$bin" report --year 2008 --no-pdf --out "$tmp/vg" "$ref/small.csv" >/dev/null 2>"$tmp/vg.log"
            rc=$?
            if [ $rc -eq 2 ]; then ok; else
                bad "AK_FAIL_ALLOC=$n under valgrind: exit $rc"; grep -A8 -m2 'definitely\|indirectly\|Invalid' "$tmp/vg.log" | head -20
            fi
        done
    fi
fi

# ---- (b) I/O failures ---------------------------------------------------------
# check_io NAME EXPECTED_WORDS OUTDIR PARENT CMD...: exit 2, the words in
# stderr, OUTDIR (if it held the old set) unchanged, no temporary directory
# in PARENT.
check_io() {
    name=$1 words=$2 out=$3 parent=$4
    shift 4
    "$@" >"$tmp/io.out" 2>"$tmp/io.err" </dev/null
    rc=$?
    why=""
    [ $rc -eq 2 ] || why="$why exit $rc;"
    grep -qF -- "$words" "$tmp/io.err" || why="$why stderr lacks '$words': $(head -2 "$tmp/io.err");"
    grep -qE 'AddressSanitizer|LeakSanitizer|runtime error' "$tmp/io.err" && why="$why sanitizer report;"
    if [ -f "$out/tables.csv" ] || [ -f "$out/.gitkeep" ]; then
        (cd "$out" && sha256sum -- * .[!.]* 2>/dev/null) >"$tmp/io.sums"
        cmp -s "$tmp/io.sums" "$ref/old.sums" || why="$why old outputs changed;"
    fi
    ls -a "$parent" | grep -q 'ankestat-tmp' && why="$why temporary directory left in $parent;"
    if [ -z "$why" ]; then ok; else bad "$name:$why"; fi
}

io=$tmp/io
mkdir -p "$io"
cp -a "$ref/out" "$io/out"

# stdout on a full device
check_io "validate > /dev/full" "kan ikke skrive valideringsrapporten" "$io/none" "$io" sh -c "\"$bin\" validate \"$ref/small.csv\" >/dev/full"

# unreadable input
check_io "missing input" "filen findes ikke" "$io/out" "$io" "$bin" report --year 2008 --out "$io/out" "$io/findes-ikke.csv"
mkdir -p "$io/mappe.csv"
check_io "directory as input" "mappe" "$io/out" "$io" "$bin" report --year 2008 --out "$io/out" "$io/mappe.csv"
check_io "read error mid-file (/proc/self/mem)" "kan ikke læses" "$io/out" "$io" "$bin" report --year 2008 --out "$io/out" /proc/self/mem
if [ "$(id -u)" != 0 ]; then
    cp "$ref/small.csv" "$io/locked.csv"; chmod 000 "$io/locked.csv"
    check_io "unreadable input" "ingen adgang" "$io/out" "$io" "$bin" report --year 2008 --out "$io/out" "$io/locked.csv"
fi

# missing or unreadable definitions
check_io "missing templates" "kan ikke læse skabelonmappen" "$io/out" "$io" "$bin" report --year 2008 --templates "$io/ingen" --out "$io/out" "$ref/small.csv"
check_io "missing codebook" "ingen.csv: fejl: filen findes ikke" "$io/out" "$io" "$bin" report --year 2008 --codebook "$io/ingen.csv" --out "$io/out" "$ref/small.csv"
check_io "missing register" "ingen.csv: fejl: filen findes ikke" "$io/out" "$io" "$bin" report --year 2008 --register "$io/ingen.csv" --out "$io/out" "$ref/small.csv"

# an --out that must not be replaced
: >"$io/fil"
check_io "--out is a file" "ikke en mappe" "$io/none" "$io" "$bin" report --year 2008 --out "$io/fil" "$ref/small.csv"
cp "$ref/small.csv" "$io/out/input.csv"
(cd "$io/out" && sha256sum -- * .[!.]*) >"$tmp/with-input.sums"
"$bin" report --year 2008 --out "$io/out" "$io/out/input.csv" >"$tmp/io.out" 2>"$tmp/io.err"
rc=$?
(cd "$io/out" && sha256sum -- * .[!.]*) >"$tmp/io.sums"
if [ $rc -eq 2 ] && grep -q 'indeholder inputfilen' "$tmp/io.err" && cmp -s "$tmp/io.sums" "$tmp/with-input.sums"; then ok; else
    bad "--out holding the input: exit $rc, $(head -1 "$tmp/io.err")"; fi
rm -f "$io/out/input.csv"
check_io "--out is the templates directory" "som rapporten læses fra" "$io/none" "$io" \
    "$bin" report --year 2008 --out "$root/templates" "$ref/small.csv"
mkdir -p "$io/hjem/dokumenter"
: >"$io/hjem/vigtigt.txt"
check_io "--out holds a subdirectory" "rummer andet end en tidligere rapport" "$io/none" "$io" \
    "$bin" report --year 2008 --out "$io/hjem" "$ref/small.csv"
[ -f "$io/hjem/vigtigt.txt" ] && [ -d "$io/hjem/dokumenter" ] && ok || bad "--out with a subdirectory was changed"

# read-only output directory, full disk: a tmpfs (root only)
tiny=$tmp/tiny
mkdir -p "$tiny"
if mount -t tmpfs -o size=4m,mode=0755 tmpfs "$tiny" 2>/dev/null; then
    cp -a "$ref/out" "$tiny/out"
    mount -o remount,ro "$tiny" 2>/dev/null
    check_io "read-only output directory" "midlertidig mappe" "$tiny/out" "$tiny" \
        "$bin" report --year 2008 --out "$tiny/out" "$ref/small.csv"
    umount "$tiny"
    # Full disk: the old set plus k KiB.  A too small k fails cleanly, a
    # big enough one writes the whole new set; never anything in between.
    used=$(du -sk "$ref/out" | cut -f1)
    nfail=0; nok=0
    need=$(du -sk "$ref/new" | cut -f1)
    k=0
    while [ $k -le $((need + 24)) ]; do
        # 4 KiB steps while the small files are written, then 16 KiB (the
        # set is about 1 MB: the PDF, the workbook, the .sav and .dta)
        k=$((k + (k < 160 ? 4 : 16)))
        mount -t tmpfs -o size=$((used + k))k,mode=0755 tmpfs "$tiny" || break
        cp -a "$ref/out" "$tiny/out" 2>/dev/null
        if [ -f "$tiny/out/tables.csv" ]; then
            "$bin" report --year 2008 --out "$tiny/out" "$ref/small.csv" >"$tmp/io.out" 2>"$tmp/io.err" </dev/null
            rc=$?
            (cd "$tiny/out" && sha256sum -- * .[!.]* 2>/dev/null) >"$tmp/io.sums"
            left=$(ls -a "$tiny" | grep -c 'ankestat-tmp')
            # The reason in Danish, and the file named as the user will
            # look for it (never the temporary directory).
            if [ $rc -eq 2 ] && cmp -s "$tmp/io.sums" "$ref/old.sums" && [ "$left" = 0 ] &&
                grep -q 'disken er fuld' "$tmp/io.err" && ! grep -q 'ankestat-tmp' "$tmp/io.err"; then
                nfail=$((nfail + 1)); ok
            elif [ $rc -eq 0 ] && [ "$left" = 0 ] && ls "$tiny/out" | cmp -s - "$ref/new.list" &&
                cmp -s "$tiny/out/tables.csv" "$ref/new/tables.csv"; then
                nok=$((nok + 1)); ok
            else
                bad "full disk at old set + ${k} KiB: exit $rc, $left temporary dirs, $(head -2 "$tmp/io.err" | tr '\n' ' ')"
            fi
        fi
        umount "$tiny"
    done
    echo "faults: full disk: $nfail sizes failed cleanly, $nok had room for the whole set"
    [ $nfail -gt 0 ] && [ $nok -gt 0 ] && ok || bad "full disk: the sizes did not cover both outcomes ($nfail failed, $nok written)"
else
    echo "faults: mount not permitted: read-only and full-disk checks use chmod/none"
    if [ "$(id -u)" != 0 ]; then
        mkdir -p "$io/ro"; cp -a "$ref/out" "$io/ro/out"; chmod 555 "$io/ro"
        check_io "read-only output directory" "midlertidig mappe" "$io/ro/out" "$io/ro" \
            "$bin" report --year 2008 --out "$io/ro/out" "$ref/small.csv"
        chmod 755 "$io/ro"
    fi
fi
tiny=""

echo "faults: $pass passed, $fail failed"
[ $fail -eq 0 ]
