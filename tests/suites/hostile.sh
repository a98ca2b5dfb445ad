#!/bin/sh
# Hostile input: the bad-input corpus (tests/hostile/corpus.tsv), chunked
# reading of every corpus file, spreadsheet safety of every CSV the engine
# writes, and the 200,000-row file (time and peak RSS printed, never
# asserted).  Usage: hostile.sh BUILD_DIR.  Prints "hostile: N passed, N failed".
# Its programs, BUILD_DIR/tests/chunks and csvcheck, are Makefile targets
# (make test-helpers; see tests/lib/helper.sh).
suite=hostile
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
hdir=$root/tests/hostile
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-hostile-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root"
tab=$(printf '\t')

. "$root/tests/lib/helper.sh"
# A sanitizer build (the 200,000-row run is skipped under it).
san=""
sanitized && san=1

# Expand a corpus template: @@BIG:n@@ becomes n bytes of Danish text.
expand() {
    awk -f "$root/tests/hostile/expand.awk" "$1" >"$2"
}

# ---- 1. the corpus ---------------------------------------------------------
mkdir -p "$tmp/in" "$tmp/tables"
cp "$hdir"/files/*.csv "$tmp/in/"
for f in "$hdir"/files/*.csv.in; do
    b=$(basename "$f" .in)
    expand "$f" "$tmp/in/$b"
done

# tables.csv of file $1 (cached); prints its path, empty on failure.
tables_of() {
    t=$tmp/tables/$1
    if [ ! -f "$t/tables.csv" ]; then
        (cd "$tmp/in" && "$bin" report --year 2008 --no-pdf --out "$t" "$1" >/dev/null 2>&1 </dev/null) || return 1
    fi
    echo "$t/tables.csv"
}

while IFS=$tab read -r file rc words tables; do
    case $file in ''|'#'*) continue ;; esac
    name=${file%.in}
    [ -f "$tmp/in/$name" ] || { bad "$file: no such corpus file"; continue; }
    out=$(cd "$tmp/in" && "$bin" validate "$name" 2>&1 </dev/null)
    got=$?
    why=""
    [ "$got" = "$rc" ] || why="$why validate exit $got, expected $rc;"
    oldifs=$IFS; IFS='|'; set -f
    for w in $words; do
        printf '%s\n' "$out" | grep -qF -- "$w" || why="$why lacks '$w';"
    done
    IFS=$oldifs; set +f
    case $out in *AddressSanitizer*|*"runtime error"*|*LeakSanitizer*) why="$why sanitizer report;" ;; esac
    # report: writes a full set, or (fatal) nothing at all
    r=$tmp/report-$name
    (cd "$tmp/in" && "$bin" report --year 2008 --no-pdf --out "$r" "$name" >"$tmp/report.log" 2>&1 </dev/null)
    rgot=$?
    if [ "$rc" = 2 ]; then
        [ "$rgot" = 2 ] || why="$why report exit $rgot, expected 2;"
        [ -e "$r" ] && why="$why report wrote '$r' after a fatal error;"
    else
        [ "$rgot" = 0 ] || why="$why report exit $rgot:$(head -3 "$tmp/report.log");"
    fi
    leftover=$(ls -a "$tmp" | grep 'ankestat-tmp' | head -1)
    [ -n "$leftover" ] && why="$why temporary directory '$leftover' left behind;"
    if [ "$tables" != "-" ] && [ -n "$tables" ]; then
        mine=$(tables_of "$name") || why="$why no tables.csv for $name;"
        theirs=$(tables_of "$tables") || why="$why no tables.csv for $tables;"
        if [ -n "$mine" ] && [ -n "$theirs" ] && ! cmp -s "$mine" "$theirs"; then
            why="$why tables.csv differs from that of $tables:$(diff "$theirs" "$mine" | head -6 | tr '\n' ' ');"
        fi
    fi
    if [ -z "$why" ]; then ok; else
        bad "$file:$why"
        printf '%s\n' "$out" | grep -E 'fejl|advarsel' | head -5 | sed 's/^/    /'
    fi
done <"$hdir/corpus.tsv"

# Every file in files/ is in the table (so none is silently untested).
for f in "$hdir"/files/*; do
    b=$(basename "$f")
    case $b in *.blank.csv) continue ;; esac
    if grep -q "^$b$tab" "$hdir/corpus.tsv"; then ok; else bad "$b is not in corpus.tsv"; fi
done

# ---- 2. chunked reading: every corpus file, chunks of 1..64 bytes ----------
if chunks=$(test_helper "$build" chunks 2>"$tmp/cc.log"); then
    set -- "$tmp"/in/*.csv
    for f in "$root"/tests/data/*.csv "$root"/tests/cases/*/*.csv "$root"/data/*.csv \
             "$root"/tests/fuzz/regressions/fuzz_ingest/*; do
        [ -f "$f" ] && set -- "$@" "$f"
    done
    out=$("$chunks" "$@" 2>&1); rc=$?
    printf '%s\n' "$out" | grep FAIL
    p=$(printf '%s\n' "$out" | sed -n 's/^chunks: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$out" | sed -n 's/^chunks: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
    [ $rc -ne 0 ] && [ "${f:-0}" = 0 ] && bad "chunks exited $rc: $(printf '%s' "$out" | tail -3)"
else
    bad "no chunks program: $(head -5 "$tmp/cc.log")"
fi

# ---- 3. spreadsheet safety: formula-like values in, neutralised out --------
# Values starting with = + - @ tab CR in a text answer (quoted by validation
# as a routing violation), an invalid yes/no, a wrong municipality name and
# an unknown column's name and value; every CSV written must start no cell
# with one of those characters, and the values must still be there, quoted.
if csvcheck=$(test_helper "$build" csvcheck 2>"$tmp/cc.log"); then
    f=$tmp/in/formula.csv
    awk -F, -v OFS=, 'NR == 1 { print $0, "\"=HYPERLINK(\"\"http://example.invalid\"\")\""; next }
        $1 == "147" { $2 = "=cmd|'"'"' /C calc'"'"'!A0" }
        $1 == "151" { $12 = "@SUM(1+1)" }
        $1 == "159" { $12 = "+4512345678"; $13 = "-1" }
        { print $0, (NR % 2 ? "\"\t=1+2\"" : "\"\r=3+4\"") }' "$tmp/in/base.csv" >"$f"
    # q10_1 (text) answered where q10a/b were not asked: quoted as routing
    awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "q10_1") c = i; print; next }
        $1 == "151" { $c = "-2+3 leverandør" } { print }' "$f" >"$f.2" && mv "$f.2" "$f"
    (cd "$tmp/in" && "$bin" validate --format csv formula.csv >"$tmp/validate.csv" 2>/dev/null)
    (cd "$tmp/in" && "$bin" report --year 2008 --no-pdf --out "$tmp/formula-out" formula.csv >/dev/null 2>&1) ||
        bad "report on formula.csv failed"
    (cd "$tmp/in" && "$bin" report --year 2008 --no-pdf --excel --out "$tmp/formula-excel" formula.csv >/dev/null 2>&1) ||
        bad "report --excel on formula.csv failed"
    out=$("$csvcheck" -f "'=cmd" "'@SUM" "'+4512345678" "'-2+3" -- \
          "$tmp/validate.csv" "$tmp"/formula-out/*.csv "$tmp"/formula-excel/*.csv 2>&1)
    if [ $? -eq 0 ]; then ok; else bad "spreadsheet safety:"; printf '%s\n' "$out" | head -10 | sed 's/^/    /'; fi
    # The unknown column's name is quoted inside a message cell (so it
    # cannot start a cell); its tab and CR values are not output at all.
    if grep -qF "ukendt kolonne '=HYPERLINK" "$tmp/formula-out/validering.csv"; then ok; else
        bad "validering.csv does not name the unknown column"; fi
else
    bad "no csvcheck program: $(head -5 "$tmp/cc.log")"
fi

# ---- 4. 200,000 rows: judged in seconds, memory bounded (printed only) ------
# Every municipality number repeats, so each repeat is a fatal duplicate.
if [ -z "$san" ]; then
    big=$tmp/in/rows-200k.csv
    awk 'NR == 1 { print; next } { row[NR - 1] = $0; n = NR - 1 }
         END { for (i = 0; i < 200000; i++) print row[i % n + 1] }' "$tmp/in/base.csv" >"$big"
    /usr/bin/time -v "$bin" validate "$big" >"$tmp/big.out" 2>"$tmp/big.err"
    rc=$?
    secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/big.err")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/big.err")
    ndup=$(grep -c 'står også i linje' "$tmp/big.err")
    echo "hostile: 200000 rows (all but 30 duplicates): exit $rc, $secs wall, peak RSS $((rss / 1024)) MiB, $ndup duplicates reported"
    if [ $rc -eq 2 ] && [ "$ndup" -eq 199970 ]; then ok; else bad "200k rows: exit $rc, $ndup duplicates reported (expected 2, 199970)"; fi
fi

finish
