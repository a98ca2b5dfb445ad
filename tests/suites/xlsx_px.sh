#!/bin/sh
# The workbook (tabeller-<year>.xlsx) and the PX files (run by
# tests/run_all.sh with the build dir as $1):
#  - a report writes both; --without xlsx,px writes neither; two runs give
#    byte-identical files (SOURCE_DATE_EPOCH);
#  - LOCALE: a report run with a Danish LC_NUMERIC forced into the process
#    (tests/lib/locale_preload.c: setlocale(LC_ALL, "") under
#    LC_ALL=da_DK.UTF-8, the locale built with localedef when missing)
#    writes the same bytes, and every number in the workbook's XML is a
#    C-locale number;
#  - tests/xlsx_px_check.py reads the workbook with openpyxl and every PX
#    file with the strict reader tests/px_reader.py, and checks that the
#    workbook, the PX files, tables.csv, the wide CSVs and the PDF
#    (pdftotext) agree cell for cell; for the 2008 data and for a small
#    input with empty bases and validation problems;
#  - Gnumeric (ssconvert, a second spreadsheet program) reads every sheet
#    with the same cells as openpyxl (tests/xlsx_gnumeric_check.py).
# The Python readers are skipped under the sanitizer build (they test the
# files, not the engine's memory).  Prints "xlsx_px: N passed, N failed".
suite=xlsx_px
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
small=tests/cases/validate-warn-type/input.csv
py=/usr/bin/python3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-xlsxpx-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
asan=0
sanitized && asan=1

for run in a b; do
    LC_ALL=C.UTF-8 "$bin" report --year 2008 --out "$tmp/$run" "$data" >"$tmp/$run.log" 2>&1
    rc=$?
    [ $rc -le 1 ] || { bad "report run $run exited $rc"; cat "$tmp/$run.log"; finish; }
done
x=tabeller-2008.xlsx
check "$x written" test -s "$tmp/a/$x"
npx=$(ls "$tmp/a"/*.px 2>/dev/null | wc -l)
# every table's wide CSV (the other CSVs: tables.csv, validering.csv and
# the files named by year, svar-2008.csv and the like)
nwide=$(ls "$tmp"/a/*.csv | grep -v -e '/tables\.csv$' -e '/validering\.csv$' \
        -e '-[0-9][0-9][0-9][0-9]\.csv$' -e '/fritekst\.csv$' -e '/sammenligning\.csv$' | wc -l)
check "one PX file per table ($npx of $nwide)" test "$npx" -eq "$nwide" -a "$npx" -gt 0
check "two runs: byte-identical workbook" cmp -s "$tmp/a/$x" "$tmp/b/$x"
same=1
for f in "$tmp"/a/*.px; do cmp -s "$f" "$tmp/b/$(basename "$f")" || same=0; done
check "two runs: byte-identical PX files" test $same -eq 1
"$bin" report --year 2008 --without xlsx,px --out "$tmp/w" "$data" >/dev/null 2>&1
check "--without xlsx,px writes neither" test ! -e "$tmp/w/$x" -a -z "$(ls "$tmp/w" | grep '\.px$')"
check "--without xlsx,px: tables.csv unchanged" cmp -s "$tmp/a/tables.csv" "$tmp/w/tables.csv"

# No temporary file of libxlsxwriter left behind in the set.
check "only the report's files in the set" test -z "$(ls -A "$tmp/a" | grep -v -E '\.(csv|px|pdf|txt|xlsx|html|sav|dta)$')"

# ---- the locale trap -------------------------------------------------------
if [ $asan -eq 1 ]; then
    echo "xlsx_px: sanitizer build: locale run and Python readers skipped"
    finish
fi
if ! da_locale "$tmp/loc"; then
    bad "no da_DK.UTF-8 locale and localedef cannot build one (package locales)"
else
    cc -shared -fPIC -O1 -o "$tmp/preload.so" tests/lib/locale_preload.c || bad "building the locale preload"
    if [ -z "$locpath" ]; then unset LOCPATH; else LOCPATH=$locpath; export LOCPATH; fi
    LC_ALL=da_DK.UTF-8 AK_LOCALE_MARK="$tmp/mark" LD_PRELOAD="$tmp/preload.so" \
        "$bin" report --year 2008 --out "$tmp/da" "$data" >"$tmp/da.log" 2>&1
    unset LOCPATH
    check "Danish run armed: printf writes 0,5 ($(cat "$tmp/mark" 2>/dev/null))" \
        test "$(cat "$tmp/mark" 2>/dev/null)" = "0,5"
    check "Danish LC_NUMERIC: the same workbook bytes" cmp -s "$tmp/a/$x" "$tmp/da/$x"
    same=1
    for f in "$tmp"/a/*.px "$tmp/a/tables.csv"; do cmp -s "$f" "$tmp/da/$(basename "$f")" || same=0; done
    check "Danish LC_NUMERIC: the same PX files and tables.csv" test $same -eq 1
    # every <v> and every width in the XML is a C number
    badv=$(unzip -p "$tmp/da/$x" 'xl/worksheets/*.xml' | grep -o '<v>[^<]*</v>\|width="[^"]*"' |
           grep -v -E '^<v>-?[0-9]+(\.[0-9]+)?([Ee][+-]?[0-9]+)?</v>$|^width="[0-9]+(\.[0-9]+)?"$' | head -3)
    check "Danish LC_NUMERIC: every number in the XML has a '.' ($badv)" test -z "$badv"
    nv=$(unzip -p "$tmp/da/$x" 'xl/worksheets/*.xml' | grep -o '<v>[0-9]*\.[0-9]*</v>' | wc -l)
    check "the XML holds decimal numbers to check ($nv)" test "$nv" -gt 10
fi

# ---- readers no one here wrote (openpyxl), our strict PX reader ------------
if ! $py -c 'import openpyxl' 2>/dev/null; then
    bad "python3-openpyxl missing (make deps-test)"
    finish
fi
pdftotext -raw "$tmp/a/rapport-2008.pdf" "$tmp/a.txt" 2>/dev/null || bad "pdftotext"
if $py tests/xlsx_px_check.py "$tmp/a" "$data" templates "$tmp/a.txt" >"$tmp/check.out" 2>&1; then
    ok
else
    bad "2008: workbook, PX, CSV and PDF checks"; grep -v '^ok' "$tmp/check.out"
fi
echo "xlsx_px: 2008: $(grep -c '^ok' "$tmp/check.out") checks of xlsx_px_check.py passed"
if [ -d "$tmp/da" ]; then
    if $py tests/xlsx_px_check.py "$tmp/da" "$data" templates >"$tmp/check.da" 2>&1; then ok
    else bad "Danish run: workbook and PX checks"; grep -v '^ok' "$tmp/check.da"; fi
fi
"$bin" report --year 2008 --out "$tmp/s" "$small" >"$tmp/s.log" 2>&1
pdftotext -raw "$tmp/s/rapport-2008.pdf" "$tmp/s.txt" 2>/dev/null
nempty=$($py -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["value"] == ""))' "$tmp/s/tables.csv")
check "small input: cells without a value to show ($nempty)" test "$nempty" -gt 0
if $py tests/xlsx_px_check.py "$tmp/s" "$small" templates "$tmp/s.txt" >"$tmp/check.s" 2>&1; then
    ok
else
    bad "small input (empty bases, problems): checks"; grep -v '^ok' "$tmp/check.s"
fi
check "small input: the problems are listed" grep -q 'every problem of validering.csv in its order ([1-9]' "$tmp/check.s"

# A second spreadsheet program (Gnumeric's ssconvert) reads the same cells.
if command -v ssconvert >/dev/null 2>&1; then
    for w in a s; do
        mkdir -p "$tmp/gn-$w"
        ssconvert -S "$tmp/$w/$x" "$tmp/gn-$w/s.csv" >/dev/null 2>&1
        if $py tests/xlsx_gnumeric_check.py "$tmp/$w/$x" "$tmp/gn-$w" >"$tmp/gn-$w.out" 2>&1; then ok
        else bad "Gnumeric reads other cells than openpyxl ($w)"; grep -v '^ok' "$tmp/gn-$w.out"; fi
    done
else
    bad "ssconvert missing (gnumeric; make deps-test)"
fi

# A long follow-up list (6000 generated persons, most with a line): the
# sheet keeps its first 10,000 lines, as in the CSV, and then one line
# counting the rest, so that the workbook's memory does not grow with the
# input; the CSV has them all.
. "$root/tests/lib/helper.sh"
if gen=$(test_helper "$build" gen 2>"$tmp/gen.log") && "$gen" 6000 >"$tmp/g.csv" 2>>"$tmp/gen.log"; then
    "$bin" report --year 2008 --no-pdf --codebook bench/codebook-person.csv \
        --with xlsx,opfoelgning --out "$tmp/g" "$tmp/g.csv" >"$tmp/g.log" 2>&1
    $py - "$tmp/g/$x" "$tmp/g/opfoelgning-2008.csv" >"$tmp/g.out" 2>&1 <<'EOF2'
import csv, sys
import openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1])["Opfølgning"].iter_rows(values_only=True))
want = list(csv.reader(open(sys.argv[2], encoding="utf-8", newline="")))
print("sheet", len(rows), "csv", len(want))
assert len(want) > 10001 + 1, "too few lines to pass the limit"
assert len(rows) == 10001 + 1, len(rows)
for r, w in zip(rows[:10001], want):
    assert [c or "" for c in r][:len(w)] == w, (r, w)
more = len(want) - 10001
assert rows[-1][0] == "… og %d linjer mere: hele listen står i opfoelgning-2008.csv" % more, rows[-1]
EOF2
    check "follow-up sheet: 10,000 lines as in the CSV, then the rest counted: $(tr '\n' ' ' <"$tmp/g.out" | tail -c 300)" test $? -eq 0
else
    bad "cannot build or run bench/gen.c: $(head -3 "$tmp/gen.log")"
fi

# A problem on every row (2,000 generated persons, a routing violation on
# each: ~13,000 problems).  The workbook's "Validering" sheet keeps the
# first 10,000 problems of validering.csv in its order and counts the
# rest; the internal edition's PDF and HTML list the first 1,000 and count
# the rest; validering.csv has them all.  With a 4 KB memory limit the
# diagnostics go through their temporary file, on two threads.
if [ -n "${gen:-}" ] && "$gen" 2000 >"$tmp/e0.csv" 2>>"$tmp/gen.log" &&
   $py tests/parallel/spoil.py every <"$tmp/e0.csv" >"$tmp/e.csv"; then
    AK_DIAGS_MEM_BYTES=4000 AK_PART_BYTES=60000 "$bin" report --year 2008 --internal \
        --threads 2 --codebook bench/codebook-person.csv --with xlsx,html \
        --out "$tmp/e" "$tmp/e.csv" >"$tmp/e.log" 2>&1
    check "every-row report ran: $(tail -2 "$tmp/e.log")" test $? -eq 0
    pdftotext -layout "$tmp/e/rapport-2008.pdf" "$tmp/e/pdf.txt" 2>/dev/null
    $py - "$tmp/e/$x" "$tmp/e/validering.csv" "$tmp/e/rapport-2008.html" "$tmp/e/pdf.txt" >"$tmp/e.out" 2>&1 <<'EOF2'
import csv, re, sys
import openpyxl
want = [r for r in csv.reader(open(sys.argv[2], encoding="utf-8", newline=""))
        if r and r[0] in ("problem", "fil")]
print("problems", len(want))
assert len(want) > 10000 + 1000, "too few problems to pass the limit"
rows = list(openpyxl.load_workbook(sys.argv[1])["Validering"].iter_rows(values_only=True))
# the problems' header row: the first whose first cells are the header
h = next(i for i, r in enumerate(rows) if r[0] == "Nr." or (r[0] and r[0].startswith("Kommune")) and r[3])
body = rows[h + 1:]
print("sheet", len(body))
assert len(body) == 10000 + 1, len(body)
for r, w in zip(body[:10000], want):
    # kommunenr, line, severity, question, column, value, message, action
    got = ["" if c is None else str(c) for c in r]
    assert got[0] == (w[1] or "Hele filen") or not w[1], (got, w)
    assert [got[2], got[3], got[4], got[5], got[6], got[7], got[8]] == \
        [w[3], w[4], w[5], w[6], w[7], w[9], w[10]], (got, w)
more = "… og %d problemer mere: hele listen står i validering.csv"
assert body[-1][0] == more % (len(want) - 10000), body[-1]
html = open(sys.argv[3], encoding="utf-8").read()
shown = len(re.findall(r'<td headers="p-u\d+ p-h0">', html))
print("html", shown)
assert shown == 1000, shown
assert (more % (len(want) - 1000)) in html
pdf = re.sub(r"\s+", " ", open(sys.argv[4], encoding="utf-8").read())
assert (more % (len(want) - 1000)) in pdf, "PDF: no count of the rest"
EOF2
    check "problem lists past their limits (sheet 10,000, PDF and HTML 1,000, the rest counted): $(tr '\n' ' ' <"$tmp/e.out" | tail -c 300)" test $? -eq 0
else
    bad "cannot make the every-row input: $(head -3 "$tmp/gen.log")"
fi

# The strict reader rejects what it must (it is no use if it passes all).
f=$(ls "$tmp"/a/tabel-2.2.px)
sed 's/^DATA=/DECIMALS=0;\r\nDATA=/' "$f" >"$tmp/bad1.px"                      # twice, out of order
sed '$ s/;\r$/ 7;\r/' "$f" >"$tmp/bad2.px"                                       # a cell too many
sed 's/^TITLE="\(.*\)";/TITLE="\1 "x"";/' "$f" >"$tmp/bad3.px"                  # a quote inside
sed 's/^MATRIX=.*/MATRIX="abcdefghijklmnopqrstuvwxyz";\r/' "$f" >"$tmp/bad4.px"  # too long
sed 's/^17 /17,5 /' "$f" >"$tmp/bad5.px"                                          # decimal comma
tr -d '\r' <"$f" >"$tmp/bad6.px"                                                  # LF only
for b in 1 2 3 4 5 6; do
    check "the PX reader rejects bad$b.px" sh -c "! $py tests/px_reader.py '$tmp/bad$b.px' >/dev/null"
done
finish
