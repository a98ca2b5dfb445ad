#!/bin/sh
# bench/run.sh (make bench): ankestat against the tools analysts would
# otherwise use, R with data.table (bench/peer.R), Python with pandas
# (bench/peer.py) and DuckDB from Node (bench/duckdb/peer-duckdb.mjs, npm
# @duckdb/node-api installed by `npm ci` into the gitignored
# bench/duckdb/node_modules).  See bench/README.md.
#
# Cases:
#   89    data/tilsyn-2008-rekonstrueret.csv, default codebook: the full
#         report with PDF, against peer.R with its bar chart, and peer.py
#   100k  generated rows (bench/gen.c), bench/codebook-person.csv:
#   1m    validation and all tables without the PDF, against the peers;
#         the engine also on one thread (--threads 1)
#         (the respondent-level files left out: --without $SVAR_OUTPUTS)
#   1m-svar  the same 1M rows with the respondent-level files for
#         researchers too (svar-ÅR.sav/.dta/.csv, kodebog-ÅR.csv), the
#         engine alone (no peer writes them): the export's cost
#   every 100k generated rows with a routing violation on every row
#         (tests/parallel/spoil.py), the engine alone: memory
#   1m-every  the same on 1M rows (6.6 million warnings; the validation
#         files take 1.7 GB): peak RSS against the clean 1M rows
#
# Every peer's lines must be present in the engine's tables.csv (checked
# before any time counts); a mismatch is a failure and exits 1.  Runs of the
# engine and the peers alternate.  The table goes to stdout and to
# bench/results.md.  Timings are benchmark figures, never pass/fail.
#
# Environment:
#   BENCH_CASES        cases to run (default "89 100k 1m 1m-svar every 1m-every")
#   BENCH_RUNS_SMALL   runs per tool for the 89-row case (default 5)
#   BENCH_RUNS_100K    runs per tool for 100k rows (default 3)
#   BENCH_RUNS_1M      runs per tool for 1M rows (default 3)
#   BENCH_RESULTS      where to write the results (default bench/results.md)
set -u
cd "$(dirname "$0")/.." || exit 2
export LC_ALL=C

CASES=${BENCH_CASES:-"89 100k 1m 1m-svar every 1m-every"}
RUNS_SMALL=${BENCH_RUNS_SMALL:-5}
RUNS_100K=${BENCH_RUNS_100K:-3}
RUNS_1M=${BENCH_RUNS_1M:-3}
RESULTS=${BENCH_RESULTS:-bench/results.md}
B=build/bench
ENGINE=build/ankestat
PY=/usr/bin/python3          # Debian's, with python3-pandas (not pyenv's)
GNUTIME=/usr/bin/time
DATA89=data/tilsyn-2008-rekonstrueret.csv
PERSON_CB=bench/codebook-person.csv
SVAR_OUTPUTS=kodebog,svar-csv,spss,stata

die() { echo "bench: $*" >&2; exit 2; }
failed=0
fail() { echo "bench: FAILED: $*" >&2; failed=1; }

# ---- dependencies ---------------------------------------------------------
sh tools/deps.sh || die "the engine's Debian packages are missing (see above)"
missing=""
for p in r-base-core r-cran-data.table python3-pandas time nodejs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
# Debian's nodejs wants the package npm beside it; a nodejs that carries
# npm (nodesource's) conflicts with that package: ask for it only when the
# command is missing (as tools/deps-test.txt says)
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "bench: installing$missing" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
            die "apt-get install$missing failed"
    else
        echo "bench: missing Debian packages; run as root:" >&2
        echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
        exit 2
    fi
fi

# DuckDB (test-only tooling from npm, pinned by package-lock.json).
DUCK=bench/duckdb
duck_ok=1
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "bench: node/npm missing (apt-get install nodejs npm): no DuckDB peer" >&2
    duck_ok=0
elif [ ! -d "$DUCK/node_modules/@duckdb/node-api" ] || [ "$DUCK/package-lock.json" -nt "$DUCK/node_modules" ]; then
    echo "bench: npm ci in $DUCK" >&2
    (cd "$DUCK" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
        { fail "npm ci in $DUCK failed: no DuckDB peer"; duck_ok=0; }
fi

# ---- build: engine and generator -----------------------------------------
make --no-print-directory -s all >/dev/null || die "make failed"
mkdir -p "$B" || die "cannot create $B"
GEN_FLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Werror -O2"
if [ ! -x "$B/gen" ] || [ bench/gen.c -nt "$B/gen" ]; then
    # shellcheck disable=SC2046
    ${CC:-cc} $GEN_FLAGS $(pkg-config --cflags gsl) bench/gen.c $(pkg-config --libs gsl) \
        -o "$B/gen" || die "cannot build bench/gen.c"
fi
# The generator must be deterministic: two runs, same bytes.
"$B/gen" 5000 > "$B/det1.csv" && "$B/gen" 5000 > "$B/det2.csv" || die "gen failed"
cmp -s "$B/det1.csv" "$B/det2.csv" || fail "bench/gen.c is not deterministic"

# Generated inputs, cached; remade when the generator is newer.
gen_input() { # N -> path
    f="$B/rows-$1.csv"
    if [ ! -s "$f" ] || [ "$B/gen" -nt "$f" ]; then
        echo "bench: generating $1 rows into $f" >&2
        "$B/gen" "$1" > "$f.tmp" && mv "$f.tmp" "$f" || die "gen $1 failed"
    fi
    echo "$f"
}

# ---- measuring ------------------------------------------------------------
# run_timed NAME CMD...: one run; appends wall microseconds to $B/t.NAME,
# peak RSS (KiB, GNU time's %M) to $B/m.NAME and CPU microseconds (user +
# system, %U + %S) to $B/c.NAME.
run_timed() {
    name=$1; shift
    t0=$(date +%s%N)
    "$GNUTIME" -f '%M %U %S' -o "$B/rss.tmp" "$@" >/dev/null 2>"$B/err.$name"
    rc=$?
    t1=$(date +%s%N)
    if [ $rc -ne 0 ]; then
        fail "$name exited with $rc: $*"
        sed 's/^/    /' "$B/err.$name" | head -20 >&2
        return 1
    fi
    echo $(( (t1 - t0) / 1000 )) >> "$B/t.$name"
    tail -n 1 "$B/rss.tmp" | awk '{ print $1 }' >> "$B/m.$name"
    tail -n 1 "$B/rss.tmp" | awk '{ printf "%d\n", ($2 + $3) * 1e6 + 0.5 }' >> "$B/c.$name"
}

# check_peer LABEL PEER_CSV ENGINE_TABLES: every peer line must be in the
# engine's tables.csv.
check_peer() {
    tail -n +2 "$2" | sort > "$B/peer.sorted"
    # the peers write the six columns of spec section 4; the engine appends
    # year,row_key,base (docs/tables-csv.md)
    sed -E 's/,[0-9]{4},[a-z0-9_]+,-?[0-9]*$//' "$3" | sort > "$B/engine.sorted"
    n=$(wc -l < "$B/peer.sorted")
    comm -23 "$B/peer.sorted" "$B/engine.sorted" > "$B/missing.txt"
    if [ "$n" -eq 0 ]; then
        fail "$1: the peer wrote no lines ($2)"
        return 1
    fi
    if [ -s "$B/missing.txt" ]; then
        fail "$1: $(wc -l < "$B/missing.txt") of its $n lines differ from the engine's $3:"
        while IFS= read -r line; do
            key=$(echo "$line" | awk -F, '{print $1 "," $2 ","}')
            echo "    peer:   $line" >&2
            grep -F "$key" "$3" | head -4 | sed 's/^/    engine: /' >&2
        done < "$B/missing.txt" | head -40 >&2
        return 1
    fi
    echo "bench: $1: all $n lines match the engine's tables.csv" >&2
    return 0
}

# stats NAME -> "median min max peakrss_kib median_cpu" (microseconds)
median() {
    sort -n "$1" | awk '{a[NR]=$1} END {
        m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
        printf "%d %d %d", m, a[1], a[NR] }'
}
stats() {
    median "$B/t.$1"
    sort -n "$B/m.$1" | tail -n 1 | awk '{printf " %d", $1}'
    median "$B/c.$1" | awk '{printf " %d\n", $1}'
}

ROWS="$B/rows.md"
: > "$ROWS"
SUMMARY="$B/summary.txt"
: > "$SUMMARY"

# bench_case KEY LABEL INPUT RUNS ENGINE_ARGS...
bench_case() {
    key=$1 label=$2 input=$3 runs=$4
    shift 4
    out="$B/out-$key"
    rchart=""
    [ "$key" = 89 ] && rchart="$B/fig2.1-$key.png"
    rm -f "$B"/t.* "$B"/m.* "$B"/c.*

    # Correctness first, outside the timing.
    echo "bench: $label: checking the peers against the engine" >&2
    "$ENGINE" report --year 2008 "$@" --out "$out" "$input" >/dev/null 2>"$B/err.check" ||
        { fail "$label: the engine failed:"; sed 's/^/    /' "$B/err.check" | head -20 >&2; return; }
    if [ "$key" != 89 ] && [ "$gen_checked" = 0 ]; then
        # The generated answers must respect the codebook's routing and types:
        # the validator may only note (blank boxes in filled blocks), never warn.
        gen_checked=1
        "$ENGINE" validate --codebook "$PERSON_CB" "$input" > "$B/validate-$key.txt" 2>&1 ||
            { fail "$label: the generated rows do not validate cleanly (exit $?):";
              head -20 "$B/validate-$key.txt" | sed 's/^/    /' >&2; }
    fi
    r_ok=1 p_ok=1 d_ok=$duck_ok
    case $key in
    *-svar)   # no peer writes the respondent-level files: the engine alone
        r_ok=0 p_ok=0 d_ok=0
        for f in svar-2008.sav svar-2008.dta svar-2008.csv kodebog-2008.csv; do
            [ -s "$out/$f" ] || fail "$label: $f was not written"
        done ;;
    *)
        Rscript bench/peer.R "$input" "$B/peer-r-$key.csv" $rchart 2>"$B/err.r" ||
            { fail "$label: peer.R failed:"; sed 's/^/    /' "$B/err.r" | head >&2; r_ok=0; }
        [ $r_ok = 1 ] && { check_peer "$label, R data.table" "$B/peer-r-$key.csv" "$out/tables.csv" || r_ok=0; }
        "$PY" bench/peer.py "$input" "$B/peer-py-$key.csv" 2>"$B/err.py" ||
            { fail "$label: peer.py failed:"; sed 's/^/    /' "$B/err.py" | head >&2; p_ok=0; }
        [ $p_ok = 1 ] && { check_peer "$label, pandas" "$B/peer-py-$key.csv" "$out/tables.csv" || p_ok=0; }
        if [ $d_ok = 1 ]; then
            node "$DUCK/peer-duckdb.mjs" "$input" "$B/peer-duck-$key.csv" 2>"$B/err.duck" ||
                { fail "$label: peer-duckdb.mjs failed:"; sed 's/^/    /' "$B/err.duck" | head >&2; d_ok=0; }
            [ $d_ok = 1 ] && { check_peer "$label, DuckDB" "$B/peer-duck-$key.csv" "$out/tables.csv" || d_ok=0; }
        fi ;;
    esac
    one=0
    [ "$key" != 89 ] && one=1

    echo "bench: $label: $runs runs each, alternating" >&2
    i=0
    while [ $i -lt "$runs" ]; do
        run_timed engine "$ENGINE" report --year 2008 "$@" --out "$out" "$input" || return
        [ $r_ok = 1 ] && { run_timed r Rscript bench/peer.R "$input" "$B/peer-r-$key.csv" $rchart || r_ok=0; }
        [ $p_ok = 1 ] && { run_timed py "$PY" bench/peer.py "$input" "$B/peer-py-$key.csv" || p_ok=0; }
        [ $d_ok = 1 ] && { run_timed duck node "$DUCK/peer-duckdb.mjs" "$input" "$B/peer-duck-$key.csv" || d_ok=0; }
        [ $one = 1 ] && { run_timed one "$ENGINE" report --year 2008 --threads 1 "$@" --out "$out" "$input" || one=0; }
        i=$((i + 1))
    done

    bytes=$(wc -c < "$input")
    set -- $(stats engine); e_med=$1 e_min=$2 e_max=$3 e_rss=$4 e_cpu=$5
    r_med="" p_med="" d_med="" o_med=""
    [ $r_ok = 1 ] && { set -- $(stats r); r_med=$1 r_min=$2 r_max=$3 r_rss=$4 r_cpu=$5; }
    [ $p_ok = 1 ] && { set -- $(stats py); p_med=$1 p_min=$2 p_max=$3 p_rss=$4 p_cpu=$5; }
    [ $d_ok = 1 ] && { set -- $(stats duck); d_med=$1 d_min=$2 d_max=$3 d_rss=$4 d_cpu=$5; }
    [ $one = 1 ] && { set -- $(stats one); o_med=$1 o_min=$2 o_max=$3 o_rss=$4 o_cpu=$5; }
    row() { # tool med min max rss cpu ratio_r ratio_py ratio_duck
        awk -v c="$label" -v t="$1" -v med="$2" -v mn="$3" -v mx="$4" -v rss="$5" \
            -v cpu="$6" -v b="$bytes" -v rr="$7" -v rp="$8" -v rd="$9" 'BEGIN {
            printf "| %s | %s | %.3f (%.3f–%.3f) | %.2f | %.1f | %.1f | %s | %s | %s |\n",
                c, t, med / 1e6, mn / 1e6, mx / 1e6, cpu / 1e6, rss / 1024, b / med, rr, rp, rd }' >> "$ROWS"
    }
    ratio() { [ -n "$1" ] && awk -v p="$1" -v e="$2" 'BEGIN { printf "%.1fx", p / e }' || echo "n/a"; }
    row "ankestat" "$e_med" "$e_min" "$e_max" "$e_rss" "$e_cpu" "$(ratio "$r_med" "$e_med")" \
        "$(ratio "$p_med" "$e_med")" "$(ratio "$d_med" "$e_med")"
    [ -n "$o_med" ] && row "ankestat, 1 thread" "$o_med" "$o_min" "$o_max" "$o_rss" "$o_cpu" \
        "$(ratio "$r_med" "$o_med")" "$(ratio "$p_med" "$o_med")" "$(ratio "$d_med" "$o_med")"
    [ -n "$r_med" ] && row "R data.table" "$r_med" "$r_min" "$r_max" "$r_rss" "$r_cpu" "" "" ""
    [ -n "$p_med" ] && row "Python pandas" "$p_med" "$p_min" "$p_max" "$p_rss" "$p_cpu" "" "" ""
    [ -n "$d_med" ] && row "DuckDB (Node)" "$d_med" "$d_min" "$d_max" "$d_rss" "$d_cpu" "" "" ""
    echo "$key $bytes $e_med $e_rss ${r_med:-0} ${p_med:-0} $e_cpu ${d_med:-0} ${o_med:-0}" >> "$SUMMARY"
}

# bench_engine KEY LABEL INPUT RUNS ENGINE_ARGS...: the engine alone (its
# default threads and one thread), for a case no peer computes.
bench_engine() {
    key=$1 label=$2 input=$3 runs=$4
    shift 4
    out="$B/out-$key"
    rm -f "$B"/t.* "$B"/m.* "$B"/c.*
    i=0
    while [ $i -lt "$runs" ]; do
        run_timed engine "$ENGINE" report --year 2008 "$@" --out "$out" "$input" || return
        run_timed one "$ENGINE" report --year 2008 --threads 1 "$@" --out "$out" "$input" || return
        i=$((i + 1))
    done
    bytes=$(wc -c < "$input")
    warn=$(sed -n 's/.* \([0-9]*\) advarsler.*/\1/p' "$B/err.engine" | head -n 1)
    rm -rf "$out"    # the validation files of every-row problems are large
    rss_e=0 rss_o=0
    for t in engine one; do
        set -- $(stats $t)
        if [ $t = engine ]; then rss_e=$4; else rss_o=$4; fi
        name="ankestat"
        [ $t = one ] && name="ankestat, 1 thread"
        awk -v c="$label (${warn:-?} warnings)" -v t="$name" -v med="$1" -v mn="$2" -v mx="$3" \
            -v rss="$4" -v cpu="$5" -v b="$bytes" 'BEGIN {
            printf "| %s | %s | %.3f (%.3f–%.3f) | %.2f | %.1f | %.1f |  |  |  |\n",
                c, t, med / 1e6, mn / 1e6, mx / 1e6, cpu / 1e6, rss / 1024, b / med }' >> "$ROWS"
    done
    # memory only: the 1-thread peak where the peers' median would be
    echo "$key $bytes 0 $rss_e $rss_o 0 0 0 ${warn:-0}" >> "$SUMMARY"
}

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
RUNS_DONE=""
gen_checked=0
for c in $CASES; do
    case $c in
    89)   RUNS_DONE="$RUNS_DONE${RUNS_DONE:+, }89 rows $RUNS_SMALL" ;;
    100k) RUNS_DONE="$RUNS_DONE${RUNS_DONE:+, }100k $RUNS_100K" ;;
    1m)   RUNS_DONE="$RUNS_DONE${RUNS_DONE:+, }1M $RUNS_1M" ;;
    1m-svar) RUNS_DONE="$RUNS_DONE${RUNS_DONE:+, }1M with svar files $RUNS_1M" ;;
    every) RUNS_DONE="$RUNS_DONE${RUNS_DONE:+, }every-row problems $RUNS_100K" ;;
    1m-every) RUNS_DONE="$RUNS_DONE${RUNS_DONE:+, }every-row problems on 1M $RUNS_1M" ;;
    esac
    case $c in
    89)   [ -f "$DATA89" ] || { fail "$DATA89 is missing"; continue; }
          bench_case 89 "89 rows (2008), report with PDF" "$DATA89" "$RUNS_SMALL" \
              --without "$SVAR_OUTPUTS" ;;
    100k) bench_case 100k "100k rows, validation + all tables" "$(gen_input 100000)" "$RUNS_100K" \
              --no-pdf --without "$SVAR_OUTPUTS" --codebook "$PERSON_CB" ;;
    1m)   bench_case 1m "1M rows, validation + all tables" "$(gen_input 1000000)" "$RUNS_1M" \
              --no-pdf --without "$SVAR_OUTPUTS" --codebook "$PERSON_CB" ;;
    1m-svar) bench_case 1m-svar "1M rows, validation + all tables + svar-ÅR.sav/.dta/.csv" \
              "$(gen_input 1000000)" "$RUNS_1M" --no-pdf --codebook "$PERSON_CB" ;;
    every|1m-every)
          if [ $c = every ]; then n=100000 runs=$RUNS_100K what="100k rows"
          else n=1000000 runs=$RUNS_1M what="1M rows"; fi
          base=$(gen_input $n)
          f="$B/rows-every-$n.csv"
          if [ ! -s "$f" ] || [ "$base" -nt "$f" ]; then
              "$PY" tests/parallel/spoil.py every < "$base" > "$f.tmp" && mv "$f.tmp" "$f" ||
                  die "spoil.py failed"
          fi
          bench_engine $c "$what, a routing violation on every row" "$f" "$runs" \
              --no-pdf --without "$SVAR_OUTPUTS" --codebook "$PERSON_CB" ;;
    *)    die "unknown case '$c' (89, 100k, 1m, 1m-svar, every, 1m-every)" ;;
    esac
done

# ---- the table --------------------------------------------------------------
verdict() { [ "$1" = 1 ] && echo "met" || echo "NOT met"; }
targets() {
    while read -r key bytes e_med e_rss r_med p_med e_cpu d_med o_med; do
        case $key in
        89)
            awk -v e="$e_med" -v r="$r_med" 'BEGIN {
                printf "- 89-row report with PDF: median %.1f ms (target <= 50 ms: %s)", e / 1000, (e <= 50000) ? "met" : "NOT met"
                if (r > 0) printf "; %.1fx faster than R (target >= 5x: %s)", r / e, (r >= 5 * e) ? "met" : "NOT met"
                printf "\n" }' ;;
        1m)
            awk -v b="$bytes" -v e="$e_med" -v rss="$e_rss" -v r="$r_med" -v p="$p_med" -v c="$e_cpu" \
                -v d="$d_med" -v o="$o_med" 'BEGIN {
                printf "- 1M rows, validation + all tables: %.1f MB/s wall (target >= 300: %s; %.1f MB/s per CPU second)", b / e, (b / e >= 300) ? "met" : "NOT met", b / c
                if (o > 0) printf "; one thread %.1f MB/s (target >= 200: %s)", b / o, (b / o >= 200) ? "met" : "NOT met"
                if (d > 0) printf "; %.1fx DuckDB (target >= 3x: %s)", d / e, (d >= 3 * e) ? "met" : "NOT met"
                if (r > 0) printf "; %.1fx data.table (target >= 9x: %s)", r / e, (r >= 9 * e) ? "met" : "NOT met"
                if (p > 0) printf "; %.1fx pandas (target >= 7x: %s)", p / e, (p >= 7 * e) ? "met" : "NOT met"
                printf "; peak RSS %.1f MiB (target <= 64: %s)\n", rss / 1024, (rss <= 65536) ? "met" : "NOT met" }' ;;
        every|1m-every)
            awk -v k="$key" -v e="$e_rss" -v o="$r_med" -v w="$o_med" 'BEGIN {
                printf "- %s rows with a problem on every row (%d warnings): peak RSS %.1f MiB on the default threads, %.1f MiB on one", (k == "every") ? "100k" : "1M", w, e / 1024, o / 1024
                if (k == "1m-every") printf " (target <= 64: %s)", (e <= 65536 && o <= 65536) ? "met" : "NOT met"
                printf "\n" }' ;;
        1m-svar)
            awk -v b="$bytes" -v e="$e_med" -v rss="$e_rss" -v c="$e_cpu" 'BEGIN {
                printf "- 1M rows with the svar files: %.1f MB/s (%.1f MB/s per CPU second); peak RSS %.1f MiB\n", b / e, b / c, rss / 1024 }' ;;
        esac
    done < "$SUMMARY"
}

load=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
rver=$(Rscript -e 'cat(R.version$major, R.version$minor, sep = ".")' 2>/dev/null)
dtver=$(Rscript -e 'cat(as.character(packageVersion("data.table")), data.table::getDTthreads())' 2>/dev/null)
pdver=$("$PY" -c 'import pandas, platform; print(pandas.__version__, platform.python_version())' 2>/dev/null)
duckver=$(cd "$DUCK" 2>/dev/null && node -e 'console.log(require("./node_modules/@duckdb/node-api/package.json").version)' 2>/dev/null)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
    echo "# ankestat benchmark results"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, ${cpu:-unknown CPU}; engine at commit $rev;"
    echo "load average at the start: $LOAD0 (at the end: $load)."
    echo "R ${rver:-?} with data.table ${dtver% *} (threads: ${dtver#* }); Python ${pdver#* } with pandas ${pdver% *}; DuckDB @duckdb/node-api ${duckver:-?} on Node $(node --version 2>/dev/null) (its default threads); all as installed, default settings."
    echo "ankestat with its default threads (the machine's cores) and, for the generated rows, also --threads 1."
    echo "Wall time of the whole process (start-up included), warm page cache; CPU = user + system time"
    echo "(GNU time, 10 ms resolution; steadier than wall time on a busy machine); peak RSS from GNU time;"
    echo "MB/s = input bytes / 10^6 / median seconds; ratio = peer median / engine median."
    echo "Runs per tool, alternating: $RUNS_DONE."
    echo
    echo "| case | tool | median wall s (min–max) | median CPU s | peak RSS MiB | MB/s | R ÷ engine | pandas ÷ engine | DuckDB ÷ engine |"
    echo "|---|---|---|---|---|---|---|---|---|"
    cat "$ROWS"
    echo
    echo "Targets (benchmark figures, not tests):"
    echo
    targets
    [ $failed = 0 ] || { echo; echo "**Some checks failed: see the output of make bench.**"; }
} > "$B/results.tmp"
cat "$B/results.tmp"
cp "$B/results.tmp" "$RESULTS" || die "cannot write $RESULTS"
exit $failed
