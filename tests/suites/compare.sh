#!/bin/sh
# Year over year (report --compare): a pair of years built from the 2008
# data with known changes, and every output of the comparison checked.
#
# 2009 is the 2008 data with
#   - an answer moved: Gentofte (157) 5.1 from 1 to 0 visits, so table 2.7's
#     optional row "0 tilsyn" appears (printed position of "1 tilsyn" moves
#     from 1 to 2: rows must be matched by key)
#   - a municipality gone (Frederiksberg, 147) and one new (København, 101,
#     answering as Ballerup does)
#   - Dragør (155) leaving 1a and 1b blank (its follow-ups become routing
#     violations) and Gentofte writing "mange" in 7a (invalid)
#   - a question added: q21 (asked when 1a is Ja) and its table 2.23,
#     declared 'new 2009'
#   - a row relabelled: 2.15 "Uoplyst" is "Ikke oplyst" with key=uoplyst;
#     2.15 "Nej" declared changed=2009; table 2.22 gone
# Checks: sammenligning.csv against an independent join of the two
# tables.csv files (python, cell for cell: last year's value, this year's,
# the change as an exact decimal difference), the hand-computed cells of
# the known changes, the notes, who answered (new / gone, response rate by
# region), the follow-up list, the old-format refusal, byte-identical
# reruns; the panel (--panel): its comparison against the plain engine run
# on both inputs filtered to the municipalities of both years (python),
# the PDF's comparison appendix number for number against
# sammenligning.csv (pdftotext -layout, with and without --panel), the
# respondents' word taken from the words file, the missing per-unit
# record refused.  Prints "compare: N passed, N
# failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/ankestat
export LC_ALL=C.UTF-8
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
export SOURCE_DATE_EPOCH=1250337600
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "compare: FAIL: $*"; }
check() { d=$1; shift; if "$@"; then ok; else bad "$d"; fi; }
has() { grep -qxF -- "$2" "$1"; }   # file has exactly this line
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-compare-XXXXXX")
trap '[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
data=data/tilsyn-2008-rekonstrueret.csv

# ---- the 2009 definitions and data ----------------------------------------
cp -r templates "$tmp/tpl"
rm "$tmp/tpl/2.22.tpl"
# the text about table 2.22 goes with it (a text naming a table that is
# not there is a template error)
for f in "$tmp"/tpl/tekst-*.tpl; do
    sed -i -e '/2\.22/d' -e '/t22_/d' "$f"
done
sed -i 's/^row     "Nej"      q14{g}=2$/row     "Nej"      changed=2009 q14{g}=2/;
        s/^row     "Uoplyst"  missing(q14{g})$/row     "Ikke oplyst" key=uoplyst missing(q14{g})/' "$tmp/tpl/2.15.tpl"
cat >"$tmp/tpl/2.23.tpl" <<'EOF'
table   2.23
new     2009
caption "Tabel 2.23"
title   "Ny i {year}: personlig samtale ved første tilsyn"
section 2.2
base    q1a=1
column  social_boform group="Tilsyn i social boform"
measure antal   "Antal kommuner"
measure procent "Procent"
row     "Ja"       q21=1
row     "Nej"      q21=2
row     "Uoplyst"  missing(q21)
total   "I alt"
EOF
{ cat data/codebook.csv
  echo 'q21,21,yesno,q1a=1,Ny i 2009: personlig samtale ved første tilsyn,,'
} >"$tmp/cb2009.csv"
python3 - "$data" "$tmp/in2009.csv" <<'EOF'
import csv, sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
head, body = rows[0], rows[1:]
col = {n: i for i, n in enumerate(head)}
out = []
for r in body:
    if r[col["kommunenr"]] == "147":
        continue                                   # gone
    r = list(r)
    if r[col["kommunenr"]] == "157":
        r[col["q5_1"]] = "0"                       # moved: 1 -> 0 visits
        r[col["q7a"]] = "mange"                    # invalid
    if r[col["kommunenr"]] == "155":
        r[col["q1a"]] = r[col["q1b"]] = ""         # filters left blank
    r.append("1" if r[col["q1a"]] == "1" and int(r[col["kommunenr"]]) % 2 else
             "2" if r[col["q1a"]] == "1" else "")  # q21
    out.append(r)
    if r[col["kommunenr"]] == "151":               # new: København as Ballerup
        k = list(r)
        k[col["kommunenr"]], k[col["kommune"]] = "101", "København"
        out.append(k)
with open(dst, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(head + ["q21"])
    w.writerows(out)
EOF

# ---- the two runs ---------------------------------------------------------
mkdir -p "$tmp/out"
"$bin" report --no-pdf --year 2008 --out "$tmp/out/2008" "$data" >"$tmp/r8.log" 2>&1
check "2008 run" test -f "$tmp/out/2008/besvarelser-2008.csv"
run9() {
    "$bin" report --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
        --compare "$tmp/out/2008" --out "$1" "$tmp/in2009.csv" >"$1.log" 2>&1
}
run9 "$tmp/out/2009"
rc=$?
check "2009 run with --compare exits 0 or 1 (warnings), got $rc" test $rc -le 1
o=$tmp/out/2009
s=$o/sammenligning.csv
check "sammenligning.csv written" test -s "$s"
check "besvarelser-sammenligning.csv written" test -s "$o/besvarelser-sammenligning.csv"
check "opfoelgning-2009.csv written" test -s "$o/opfoelgning-2009.csv"
run9 "$tmp/again"
for f in sammenligning.csv besvarelser-sammenligning.csv opfoelgning-2009.csv \
         svarprocent-2009.csv besvarelser-2009.csv; do
    check "$f byte-identical on a rerun" cmp -s "$o/$f" "$tmp/again/$f"
done
check "the PDF has the comparison appendix" sh -c \
    "pdftotext '$o/rapport-2009.pdf' - 2>/dev/null | grep -q 'Sammenligning med 2008'"

# ---- cell for cell against an independent join ---------------------------
python3 - "$tmp/out/2008/tables.csv" "$o/tables.csv" "$s" >"$tmp/join.log" 2>&1 <<'EOF'
import csv, sys
from decimal import Decimal
last, now, cmp_ = sys.argv[1:4]
def rd(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
L = {(r["table"], r["row_key"], r["column"], r["measure"]): r for r in rd(last)}
N = rd(now)
C = rd(cmp_)
errors = []
cells = {}
for c in C:
    if c["row_key"]:
        k = (c["table"], c["row_key"], c["column"], c["measure"])
        if k in cells:
            errors.append("twice: %s" % (k,))
        cells[k] = c
newtables = {"2.23"}
seen = 0
for r in N:
    k = (r["table"], r["row_key"], r["column"], r["measure"])
    if r["table"] in newtables:
        if k in cells:
            errors.append("declared-new table has cells: %s" % (k,))
        continue
    c = cells.get(k)
    if c is None:
        errors.append("missing in sammenligning: %s" % (k,)); continue
    seen += 1
    if c["value"] != r["value"] or c["this_year"] != "2009" or c["last_year"] != "2008":
        errors.append("this year's value %s: %s vs %s" % (k, c["value"], r["value"]))
    l = L.get(k)
    if l is not None and c["last_value"] != l["value"]:
        errors.append("last year's value %s: %s vs %s" % (k, c["last_value"], l["value"]))
    comparable = l is not None and c["note"] in ("",) or c["note"].startswith("hed i")
    if comparable and l["value"] != "" and r["value"] != "":
        want = Decimal(r["value"]) - Decimal(l["value"])
        if c["change"] == "" or Decimal(c["change"]) != want:
            errors.append("change %s: '%s', want %s" % (k, c["change"], want))
        unit = "procentpoint" if r["measure"] == "procent" else "forskel"
        if c["change_unit"] != unit:
            errors.append("unit %s: %s" % (k, c["change_unit"]))
# every one of last year's cells is shown somewhere (its line or its table's)
gone = {c["table"] for c in C if not c["row_key"]}
for k, l in L.items():
    if k not in cells and l["table"] not in gone:
        errors.append("last year's cell not shown: %s" % (k,))
print("cells compared: %d" % seen)
for e in errors[:30]:
    print(e)
sys.exit(1 if errors else 0)
EOF
check "sammenligning.csv agrees with an independent join, cell for cell: $(tail -n 5 "$tmp/join.log" | tr '\n' ' ')" \
    test $? -eq 0

# ---- the known changes, computed by hand -----------------------------------
# 2.7 social boform, base 28 both years: "1 tilsyn" 17 (61 %) -> 16 (57 %);
# "0 tilsyn" absent in 2008 (optional, 0) -> 1 (4 %).
check "2.7 1 tilsyn antal" has "$s" "2.7,1_tilsyn,1 tilsyn,social_boform,antal,2008,17,2009,16,-1,forskel,"
check "2.7 1 tilsyn procent" has "$s" "2.7,1_tilsyn,1 tilsyn,social_boform,procent,2008,61,2009,57,-4,procentpoint,"
check "2.7 0 tilsyn appears" has "$s" "2.7,0_tilsyn,0 tilsyn,social_boform,antal,2008,0,2009,1,1,forskel,\"valgfri række, der ikke var med i 2008 (ingen kommuner); talt som 0\""
check "2.7 0 tilsyn percent" has "$s" "2.7,0_tilsyn,0 tilsyn,social_boform,procent,2008,0,2009,4,4,procentpoint,\"valgfri række, der ikke var med i 2008 (ingen kommuner); talt som 0\""
check "2.7 1 tilsyn printed at row 2 in 2009" grep -q '^2\.7,2,1 tilsyn,social_boform,antal,16,2009,1_tilsyn,28$' "$o/tables.csv"
check "2.15 relabelled row matched by its declared key, former label noted" \
    grep -q '^2\.15,uoplyst,Ikke oplyst,social_boform,antal,2008,[0-9]*,2009,[0-9]*,-\{0,1\}[0-9]*,forskel,hed i 2008: Uoplyst$' "$s"
check "2.15 changed row not comparable" \
    grep -q '^2\.15,nej,Nej,social_boform,procent,2008,[0-9]*,2009,[0-9]*,,,rækken er ændret i 2009; ikke sammenlignelig$' "$s"
check "2.23 declared new" has "$s" "2.23,,,,,2008,,2009,,,,tabellen er ny fra 2009; ingen sammenligning"
check "2.22 gone" has "$s" "2.22,,,,,2008,,2009,,,,tabellen findes ikke i 2009; ingen sammenligning"
check "header" has "$s" "table,row_key,row_label,column,measure,last_year,last_value,this_year,value,change,change_unit,note"

# ---- who answered ----------------------------------------------------------
b=$o/besvarelser-sammenligning.csv
check "København new" has "$b" "101,København,Region Hovedstaden,nej,ja,ny"
check "Frederiksberg gone" has "$b" "147,Frederiksberg,Region Hovedstaden,ja,nej,faldet fra"
check "Ballerup both years" has "$b" "151,Ballerup,Region Hovedstaden,ja,ja,begge år"
check "Brøndby neither" has "$b" "153,Brøndby,Region Hovedstaden,nej,nej,ingen af årene"
check "89 answered both years... 88 in both" test "$(grep -c ',begge år$' "$b")" -eq 88
check "98 units" test "$(tail -n +2 "$b" | wc -l)" -eq 98
r=$o/svarprocent-2009.csv
# Hovedstaden 2008: 25 of 29; 2009: København in, Frederiksberg out = 25
check "Hovedstaden rate" has "$r" "Region Hovedstaden,29,25,86,Frederiksberg; Brøndby; Hvidovre; Lyngby-Taarbæk"
check "whole country" grep -q '^Hele landet,98,89,91,' "$r"
check "2008 rate (report: 89 of 98, 91 %)" grep -q '^Hele landet,98,89,91,København; ' "$tmp/out/2008/svarprocent-2008.csv"

# ---- what is still missing -------------------------------------------------
f=$o/opfoelgning-2009.csv
check "Dragør 1a blank" has "$f" "155,Dragør,Region Hovedstaden,1.a,ikke besvaret,"
check "Dragør 1b blank" has "$f" "155,Dragør,Region Hovedstaden,1.b,ikke besvaret,"
check "Dragør 1.1a answered outside the filter" has "$f" "155,Dragør,Region Hovedstaden,1.1a,\"svar på et spørgsmål, filteret sprang over (ignoreret)\",26"
check "Dragør free text not copied" grep -q '^155,.*,"(fritekst, ikke gengivet)"$' "$f"
check "Gentofte 7a invalid" has "$f" "157,Gentofte,Region Hovedstaden,7a,ugyldigt svar (talt som Uoplyst),mange"
check "Frederiksberg did not answer" has "$f" "147,Frederiksberg,Region Hovedstaden,,har ikke indberettet,"
# the routing and type lines are exactly the validation's warnings
nv=$(grep -c ',advarsel,.*,\(routing\|type\),' "$o/validering.csv")
nf=$(grep -c ',\(ugyldigt svar\|"svar på et spørgsmål, filteret sprang over (ignoreret)"\)' "$f")
check "follow-up has as many routing/type lines as validation ($nf vs $nv)" test "$nv" -eq "$nf" -a "$nv" -gt 0

# ---- refusals --------------------------------------------------------------
mkdir -p "$tmp/old"
cut -d, -f1-6 "$tmp/out/2008/tables.csv" >"$tmp/old/tables.csv"
"$bin" report --no-pdf --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
    --compare "$tmp/old" --out "$tmp/x" "$tmp/in2009.csv" >"$tmp/old.log" 2>&1
rc=$?
check "old-format tables.csv refused (exit $rc)" test $rc -eq 2 -a ! -e "$tmp/x"
check "old format: Danish message" grep -q "gamle format uden kolonnerne 'year' og 'row_key'" "$tmp/old.log"
"$bin" report --no-pdf --year 2008 --compare "$tmp/out/2008" --out "$tmp/y" "$data" >"$tmp/same.log" 2>&1
check "a folder of the same year refused" grep -q "sammenlign med et tidligere år end 2008" "$tmp/same.log"

# ---- the panel (--panel): only the municipalities of both years ------------
pf=$tmp/out/2008/panel-2008.csv
check "panel-2008.csv written by a plain run" test -s "$pf"
check "panel-2008.csv header" sh -c "head -n 1 '$pf' | grep -qx 'year,unit,table,row_key,column,measure,numerator,denominator'"
check "panel-2008.csv names the 89 respondents" test "$(tail -n +2 "$pf" | cut -d, -f2 | sort -u | wc -l)" -eq 89
run9p() {
    "$bin" report --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
        --compare "$tmp/out/2008" --panel --out "$1" "$tmp/in2009.csv" >"$1.log" 2>&1
}
run9p "$tmp/out/2009p"
rc=$?
check "2009 run with --panel exits 0 or 1, got $rc" test $rc -le 1
ps=$tmp/out/2009p/sammenligning.csv
check "--panel: sammenligning.csv has the column grundlag" \
    sh -c "head -n 1 '$ps' | grep -qx 'table,row_key,row_label,column,measure,last_year,last_value,this_year,value,change,change_unit,note,grundlag'"
check "--panel: every line says it is the 88 of both years" \
    test "$(tail -n +2 "$ps" | grep -vc ',"Kun de 88 kommuner, der svarede begge år (et panel): tallene for begge år er over dem alene."$')" -eq 0
check "--panel: the PDF says so" sh -c \
    "pdftotext '$tmp/out/2009p/rapport-2009.pdf' - 2>/dev/null | tr '\n' ' ' | grep -q 'Kun de 88 kommuner, der svarede begge år'"
check "without --panel the PDF says how many answered both years" sh -c \
    "pdftotext '$o/rapport-2009.pdf' - 2>/dev/null | tr '\n' ' ' | grep -q '88 kommuner svarede begge år'"
check "without --panel: no grundlag column" sh -c "! head -n 1 '$s' | grep -q grundlag"
run9p "$tmp/again-p"
for f in sammenligning.csv panel-2009.csv rapport-2009.pdf; do
    check "--panel: $f byte-identical on a rerun" cmp -s "$tmp/out/2009p/$f" "$tmp/again-p/$f"
done
check "--panel: this year's own tables.csv is all respondents'" cmp -s "$o/tables.csv" "$tmp/out/2009p/tables.csv"

# The independent check: both inputs filtered to the municipalities of
# both years (python), the plain engine (no panel) on each, their
# tables.csv joined in python and compared to the --panel comparison.
python3 - "$data" "$tmp/in2009.csv" "$tmp/c2008.csv" "$tmp/c2009.csv" <<'EOF2'
import csv, sys
a, b, ca, cb = sys.argv[1:5]
def rd(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))
A, B = rd(a), rd(b)
ia, ib = A[0].index("kommunenr"), B[0].index("kommunenr")
both = {r[ia] for r in A[1:]} & {r[ib] for r in B[1:]}
for rows, i, dst in ((A, ia, ca), (B, ib, cb)):
    with open(dst, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(rows[0])
        w.writerows(r for r in rows[1:] if r[i] in both)
print(len(both))
EOF2
"$bin" report --no-pdf --year 2008 --out "$tmp/out/c2008" "$tmp/c2008.csv" >"$tmp/c8.log" 2>&1
"$bin" report --no-pdf --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
    --out "$tmp/out/c2009" "$tmp/c2009.csv" >"$tmp/c9.log" 2>&1
check "the filtered runs" test -s "$tmp/out/c2008/tables.csv" -a -s "$tmp/out/c2009/tables.csv"
python3 - "$tmp/out/c2008/tables.csv" "$tmp/out/c2009/tables.csv" "$ps" "$tmp/out/2008/tables.csv" >"$tmp/pjoin.log" 2>&1 <<'EOF2'
import csv, sys
from decimal import Decimal
last, now, cmp_, full_last = sys.argv[1:5]
def rd(p):
    with open(p, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
key = lambda r: (r["table"], r["row_key"], r["column"], r["measure"])
L = {key(r): r["value"] for r in rd(last)}
N = {key(r): r["value"] for r in rd(now)}
F = {key(r): r["value"] for r in rd(full_last)}
C = [c for c in rd(cmp_) if c["row_key"]]
# a row the filtered data did not print (an optional row nobody of the
# panel is in) counts 0: its count and percent 0, its mean none
zero = lambda k: "" if k[3] == "gennemsnit" else "0"
errors, seen, changed = [], 0, 0
for c in C:
    k = key(c)
    if c["table"] == "2.23":
        continue
    want_now = N.get(k, zero(k))
    if c["value"] != want_now and k in N:
        errors.append("this year's %s: %s, want %s" % (k, c["value"], want_now))
    if k in F or k in L:   # a cell last year had: recomputed over the panel
        want_last = L.get(k, zero(k))
        if c["last_value"] != want_last:
            errors.append("last year's %s: %s, want %s" % (k, c["last_value"], want_last))
        seen += 1
        if L.get(k, zero(k)) != F.get(k):
            changed += 1
    if c["change"]:
        want = Decimal(c["value"]) - Decimal(c["last_value"])
        if Decimal(c["change"]) != want:
            errors.append("change %s: %s, want %s" % (k, c["change"], want))
    elif c["value"] and c["last_value"] and (c["note"] == "" or c["note"].startswith("hed i")):
        errors.append("no change %s" % (k,))
print("cells compared: %d (of which %d differ from all of last year's respondents)" % (seen, changed))
for e in errors[:30]:
    print(e)
sys.exit(1 if errors or seen < 300 or changed == 0 else 0)
EOF2
check "--panel: sammenligning.csv equals the plain engine on the filtered inputs, joined in python: $(tail -n 5 "$tmp/pjoin.log" | tr '\n' ' ')" \
    test $? -eq 0
# and the plain comparison of the two filtered folders has the same numbers
"$bin" report --no-pdf --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
    --compare "$tmp/out/c2008" --out "$tmp/out/c2009c" "$tmp/c2009.csv" >"$tmp/c9c.log" 2>&1
check "--panel: the same values and changes as comparing the filtered folders" sh -c \
    "cut -d, -f1,2,4-11 '$tmp/out/c2009c/sammenligning.csv' | grep -v 'valgfri' >'$tmp/a.txt';
     cut -d, -f1,2,4-11 '$ps' | grep -v 'valgfri' >'$tmp/b.txt'; cmp -s '$tmp/a.txt' '$tmp/b.txt'"

# refusals: a folder without the per-unit record, --panel without --compare
mkdir -p "$tmp/nopanel"
cp "$tmp/out/2008/tables.csv" "$tmp/out/2008/besvarelser-2008.csv" "$tmp/nopanel/"
"$bin" report --no-pdf --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
    --compare "$tmp/nopanel" --panel --out "$tmp/z" "$tmp/in2009.csv" >"$tmp/nopanel.log" 2>&1
rc=$?
check "--panel: a folder without panel-2008.csv refused (exit $rc), nothing written" test $rc -eq 2 -a ! -e "$tmp/z"
check "--panel: the Danish error names the file" grep -q "nopanel/panel-2008.csv.*filen findes ikke; --panel kræver" "$tmp/nopanel.log"
"$bin" report --no-pdf --year 2009 --compare "$tmp/nopanel" --out "$tmp/z" "$tmp/in2009.csv" >"$tmp/nopanel2.log" 2>&1
rc=$?
check "without --panel a folder without the record still compares (exit $rc)" test $rc -le 1 -a -s "$tmp/z/sammenligning.csv"
"$bin" report --year 2009 --panel --out "$tmp/z2" "$tmp/in2009.csv" >"$tmp/nocmp.log" 2>&1
rc=$?
check "--panel without --compare refused (exit $rc)" sh -c "test $rc -eq 2 && grep -q -- '--panel kræver --compare' '$tmp/nocmp.log'"

# ---- figure 2.1 beside last year's, in the PDF and the HTML ----------------
# The figure (the table the templates call a figure, its mean measure)
# read from both tables.csv files by python; each year's values must be
# in the PDF's text (pdftotext) and in the HTML's figure and its tables.
python3 - "$tmp/out/2008/tables.csv" "$o/tables.csv" >"$tmp/fig.txt" <<'EOF2'
import csv, sys
for path in sys.argv[1:3]:
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["table"].startswith("fig") and r["measure"] == "gennemsnit":
                print(r["year"], r["row_key"], r["column"],
                      r["value"].replace(".", ","))
EOF2
check "figure values read from both tables.csv (8)" test "$(wc -l <"$tmp/fig.txt")" -eq 8
check "the two years' figure values differ somewhere" test \
    "$(cut -d' ' -f2- "$tmp/fig.txt" | sort -u | wc -l)" -gt 4
pdftotext -layout "$o/rapport-2009.pdf" "$tmp/r9.txt" 2>/dev/null
# the page of the figure: the one with both years under the bars
awk 'BEGIN { RS = "\f" } /n = [0-9]+ +n = / && /2008 +2009/ { print; exit }' \
    "$tmp/r9.txt" >"$tmp/figpage.txt"
check "PDF: the figure's page has both years under the bars" test -s "$tmp/figpage.txt"
h=$o/rapport-2009.html
sed -n '/<figure/,/<\/figure>/p' "$h" >"$tmp/fig.html"
while read -r y key col v; do
    check "PDF figure shows $y $key $col = $v" grep -q "$v" "$tmp/figpage.txt"
    check "HTML figure shows $y $key $col = $v" grep -q ">$v<" "$tmp/fig.html"
done <"$tmp/fig.txt"
check "PDF legend names both years" sh -c \
    "grep -q 'kommunalbestyrelsen, 2008' '$tmp/figpage.txt' && grep -q 'kommunalbestyrelsen, 2009' '$tmp/figpage.txt'"
check "HTML legend names both years" sh -c \
    "grep -q 'kommunalbestyrelsen, 2008<' '$tmp/fig.html' && grep -q 'kommunalbestyrelsen, 2009<' '$tmp/fig.html'"
check "HTML figure description names both years" \
    grep -q '<desc [^>]*>Søjlediagram med 2008 og 2009 side om side' "$tmp/fig.html"
# the figure's numbers: a table per year, each cell from its year's file
python3 - "$h" "$tmp/out/2008/tables.csv" "$o/tables.csv" >"$tmp/figtab.log" 2>&1 <<'EOF2'
import csv, sys
from html.parser import HTMLParser
page, files = sys.argv[1], sys.argv[2:]
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.tables = []; s.cur = None; s.cap = None; s.cell = None
    def handle_starttag(s, tag, a):
        if tag == "table": s.cur = {"caption": "", "rows": []}
        elif tag == "caption" and s.cur is not None: s.cap = ""
        elif tag == "tr" and s.cur is not None: s.cur["rows"].append([])
        elif tag in ("td", "th") and s.cur is not None: s.cell = ""
    def handle_endtag(s, tag):
        if tag == "table": s.tables.append(s.cur); s.cur = None
        elif tag == "caption" and s.cap is not None: s.cur["caption"] = s.cap; s.cap = None
        elif tag in ("td", "th") and s.cell is not None:
            s.cur["rows"][-1].append(s.cell.strip()); s.cell = None
    def handle_data(s, d):
        if s.cap is not None: s.cap += d
        if s.cell is not None: s.cell += d
p = P(); p.feed(open(page, encoding="utf-8").read())
errors = 0
for path in files:
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    year = rows[0]["year"]
    fig = [r for r in rows if r["table"].startswith("fig")]
    want = [r["value"].replace(".", ",") for r in fig]
    t = [t for t in p.tables if t["caption"].startswith("Tallene for %s i Figur" % year)]
    if len(t) != 1:
        print("no table of the figure's numbers for", year); errors += 1; continue
    got = [c for row in t[0]["rows"] for c in row[1:] if row and row[0] in
           {r["row_label"] for r in fig}]
    # the table's cells in tables.csv order (row, column, measure)
    if got != want:
        print(year, "cells", got, "want", want); errors += 1
    else:
        print(year, "ok", len(got))
sys.exit(errors)
EOF2
check "HTML: the figure's numbers for each year agree with its tables.csv: $(tr '\n' ' ' <"$tmp/figtab.log")" test $? -eq 0

# ---- the comparison appendix in the HTML ------------------------------------
check "HTML: appendix heading" grep -q '<h2 id="sammenligning-h">Bilag: Sammenligning med 2008</h2>' "$h"
check "HTML: appendix in the contents" grep -q '<li><a href="#sammenligning">Bilag: Sammenligning med 2008</a></li>' "$h"
check "HTML: 2.7 1 tilsyn 61 -> 57, -4 procentpoint" grep -q \
    '<tr><th scope="row">1 tilsyn</th><td>[^<]*</td><td style="text-align:right">61</td><td style="text-align:right">57</td><td style="text-align:right">-4</td>' "$h"
check "HTML: 2.22 gone, same note as the CSV" grep -q '<p>tabellen findes ikke i 2009; ingen sammenligning</p>' "$h"
check "HTML: 2.15 relabelled, note" grep -q '<td>hed i 2008: Uoplyst</td>' "$h"
# the appendix's lines are the CSV's lines of the measure shown (percent,
# else the first): as many rows, the same notes
cat >"$tmp/app.py" <<'EOF2'
import csv, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
app = page[page.index('<section id="sammenligning"'):]
rows = re.findall(r'<tr><th scope="row">.*?</tr>', app)
C = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
shown = {}
for c in C:
    if c["row_key"] and c["table"] not in shown:
        ms = [d["measure"] for d in C if d["table"] == c["table"] and d["row_key"]]
        shown[c["table"]] = "procent" if "procent" in ms else ms[0]
want = [c for c in C if c["row_key"] and c["measure"] == shown[c["table"]]]
print("rows", len(rows), "want", len(want))
bad = 0
for r, c in zip(rows, want):
    cells = re.findall(r'<t[dh][^>]*>(.*?)</t[dh]>', r)
    num = lambda v: v.replace(".", ",")
    if cells[2] != (num(c["last_value"]) or "") or cells[3] != num(c["value"]) \
       or cells[5] != c["note"].replace('"', "&quot;"):
        print("differs:", cells, dict(c)); bad += 1
        if bad > 5: break
sys.exit(1 if bad or len(rows) != len(want) else 0)
EOF2
python3 "$tmp/app.py" "$h" "$s" >"$tmp/app.log" 2>&1
check "HTML appendix: the CSV's lines of the shown measure, value for value: $(head -c 300 "$tmp/app.log" | tr '\n' ' ')" test $? -eq 0

# ---- axe on the compare HTML (once: not under the sanitizer build) ---------
if nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan; then
    echo "compare: browser check skipped under the sanitizer build"
elif ! command -v chromium >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    bad "chromium or node missing (make deps-test)"
else
    . tests/lib/browser.sh
    browser_ready "$build" "$tmp/npm.log" || bad "npm ci in tests/browser failed"
    node tests/browser/check.js "$h" "$tmp/shots" >"$tmp/browser" 2>&1
    val() { sed -n "s/^$1=//p" "$tmp/browser" | head -n 1; }
    check "axe ran on the compare HTML" test -n "$(val violations)"
    check "axe: zero WCAG 2.1 A/AA violations in the compare HTML" test "$(val violations)" = 0
    grep '^violation:' "$tmp/browser" | sed 's/^/  /'
    check "axe, print media: zero violations (compare HTML)" test "$(val print_violations)" = 0
    check "compare HTML: every th has a scope" test "$(val th_without_scope)" = 0
    check "compare HTML: every data cell has a row header" test "$(val cells_without_row_header)" = 0
    check "compare HTML: headers= and aria references resolve, ids unique" test \
        "$(val bad_headers_refs)/$(val broken_id_refs)/$(val duplicate_ids)/$(val broken_links)" = 0/0/0/0
    check "compare HTML: headings in order" test "$(val heading_skips)" = 0
fi

# ---- the workbook: "Sammenligning" and "Opfølgning" against the CSVs -------
# openpyxl (a reader no one here wrote) reads the sheets; every cell must
# equal the CSV's (numbers as the same decimal number, "" as an empty cell).
cat >"$tmp/xlsx.py" <<'EOF2'
import csv, sys
from decimal import Decimal
import openpyxl
book, cmp_csv, fu_csv, book8 = sys.argv[1:5]
wb = openpyxl.load_workbook(book)
errors = []
def same(v, want):
    if v is None:
        return want == ""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        try:
            return Decimal(repr(v)) == Decimal(want)
        except Exception:
            return False
    return str(v) == want
for sheet, path in (("Sammenligning", cmp_csv), ("Opfølgning", fu_csv)):
    if sheet not in wb.sheetnames:
        errors.append("no sheet " + sheet); continue
    rows = list(wb[sheet].iter_rows(values_only=True))
    want = list(csv.reader(open(path, encoding="utf-8", newline="")))
    if len(rows) != len(want):
        errors.append("%s: %d rows, the CSV %d" % (sheet, len(rows), len(want)))
    for i, (r, w) in enumerate(zip(rows, want)):
        r = list(r) + [None] * (len(w) - len(r))
        for j, cell in enumerate(w):
            if not same(r[j], cell):
                errors.append("%s row %d col %d: %r, CSV %r" % (sheet, i + 1, j + 1, r[j], cell))
    print(sheet, len(rows), "rows")
# numbers are numbers: the changes of counts and percents
n = sum(1 for r in wb["Sammenligning"].iter_rows(min_row=2, values_only=True)
        if isinstance(r[9], (int, float)))
print("numeric changes", n)
if n < 100:
    errors.append("too few numeric changes: %d" % n)
# without --compare: the follow-up sheet, no comparison sheet
wb8 = openpyxl.load_workbook(book8)
if "Sammenligning" in wb8.sheetnames or "Opfølgning" not in wb8.sheetnames:
    errors.append("2008 workbook sheets: %s" % wb8.sheetnames[-3:])
for e in errors[:20]:
    print(e)
sys.exit(1 if errors else 0)
EOF2
/usr/bin/python3 "$tmp/xlsx.py" "$o/tabeller-2009.xlsx" "$s" "$o/opfoelgning-2009.csv" \
    "$tmp/out/2008/tabeller-2008.xlsx" >"$tmp/xlsx.log" 2>&1
check "workbook sheets agree with sammenligning.csv and opfoelgning-2009.csv cell for cell: $(tr '\n' ' ' <"$tmp/xlsx.log" | head -c 400)" test $? -eq 0
check "workbook byte-identical on a rerun" cmp -s "$o/tabeller-2009.xlsx" "$tmp/again/tabeller-2009.xlsx"

# ---- --panel in the HTML and the workbook -----------------------------------
# The comparison is over the units of both years in every output that
# carries it (sammenligning.csv, checked above against filtered runs, the
# HTML appendix, the workbook's sheet); figure 2.1, like the tables, stays
# over all respondents of each year.
pd=$tmp/out/2009p
python3 "$tmp/app.py" "$pd/rapport-2009.html" "$pd/sammenligning.csv" >"$tmp/app-p.log" 2>&1
check "--panel: HTML appendix = the panel sammenligning.csv: $(head -c 300 "$tmp/app-p.log" | tr '\n' ' ')" test $? -eq 0
# The PDF's appendix, number for number against sammenligning.csv (its
# text by pdftotext -layout): in each table of the appendix the numbers
# between the year columns' left edge and the note column (the running
# head left out) are, in order, last year's value, this year's and the
# change (a '+' before a rise) of the CSV's lines of the measure shown;
# as many tables as the CSV has tables with cells.  Under --panel the
# panel's values, and the plain run's PDF does not pass as the panel's.
cat >"$tmp/pdfapp.py" <<'EOF2'
import csv, re, sys
txt, cmpcsv = sys.argv[1], sys.argv[2]
lines = open(txt, encoding="utf-8").read().replace("\f", "\n").split("\n")
head = "Bilag: Sammenligning med 2008"
starts = [i for i, l in enumerate(lines) if l.strip() == head]
if not starts:
    print("no appendix heading"); sys.exit(1)
app = lines[starts[-1] + 1:]
for i, l in enumerate(app):
    if l.startswith("Bilag"):
        app = app[:i]; break
num = re.compile(r"[+-]?\d+(?:,\d+)?")
got, p0, pB, tables = [], None, None, 0
for l in app:
    if re.search(r"Side \d+ af \d+\s*$", l):
        continue                        # the running head
    if "Række" in l and "Kolonne" in l:
        pB = l.index("Bemærkning"); p0 = None; tables += 1
        if "2008" in l and "2009" in l:
            p0 = l.index("2008")
        continue
    if pB is not None and p0 is None and "2008" in l and "2009" in l:
        p0 = l.index("2008"); continue
    if not l.strip():
        if p0 is not None:
            pB = p0 = None              # a table ends at a blank line
        continue
    if p0 is not None:
        got += num.findall(l[max(p0 - 4, 0):pB])
C = list(csv.DictReader(open(cmpcsv, encoding="utf-8", newline="")))
shown = {}
for c in C:
    if c["row_key"] and c["table"] not in shown:
        ms = [d["measure"] for d in C if d["table"] == c["table"] and d["row_key"]]
        shown[c["table"]] = "procent" if "procent" in ms else ms[0]
want = []
for c in C:
    if not c["row_key"] or c["measure"] != shown[c["table"]]:
        continue
    for k in ("last_value", "value", "change"):
        v = c[k].replace(".", ",")
        if k == "change" and v and v[0] != "-" and v.strip("0,"):
            v = "+" + v
        if v:
            want.append(v)
print("tables", tables, "of", len(shown), "numbers", len(got), "want", len(want))
for i, (g, w) in enumerate(zip(got, want)):
    if g != w:
        print("first difference at", i, "got", got[max(0, i-3):i+4], "want", want[max(0, i-3):i+4])
        sys.exit(1)
sys.exit(0 if len(got) == len(want) and tables == len(shown) else 1)
EOF2
for run in 2009 2009p; do
    pdftotext -layout "$tmp/out/$run/rapport-2009.pdf" "$tmp/app-$run.txt" 2>/dev/null
    python3 "$tmp/pdfapp.py" "$tmp/app-$run.txt" "$tmp/out/$run/sammenligning.csv" >"$tmp/pdfapp-$run.log" 2>&1
    check "PDF appendix ($run) = its sammenligning.csv, cell for cell: $(tr '\n' ' ' <"$tmp/pdfapp-$run.log" | head -c 300)" test $? -eq 0
done
python3 "$tmp/pdfapp.py" "$tmp/app-2009.txt" "$pd/sammenligning.csv" >"$tmp/pdfapp-x.log" 2>&1
check "the check tells: the plain PDF's appendix is not the panel's" test $? -ne 0
check "--panel: HTML says only the units of both years" grep -q '<p>Kun de 88 kommuner, der svarede begge år' "$pd/rapport-2009.html"
check "without --panel: HTML says how many answered both years" grep -q '<p>88 kommuner svarede begge år' "$h"
/usr/bin/python3 "$tmp/xlsx.py" "$pd/tabeller-2009.xlsx" "$pd/sammenligning.csv" "$pd/opfoelgning-2009.csv" \
    "$tmp/out/2008/tabeller-2008.xlsx" >"$tmp/xlsx-p.log" 2>&1
check "--panel: workbook sheet = the panel sammenligning.csv (with grundlag): $(tr '\n' ' ' <"$tmp/xlsx-p.log" | head -c 400)" test $? -eq 0
check "--panel: the panel values differ from the plain comparison" sh -c "! cmp -s '$pd/sammenligning.csv' '$s'"
python3 - "$h" "$pd/rapport-2009.html" >"$tmp/fig-p.log" 2>&1 <<'EOF2'
import re, sys
figs = [re.search(r'<figure.*?</figure>', open(p, encoding="utf-8").read(), re.S)
        for p in sys.argv[1:3]]
sys.exit(0 if all(figs) and figs[0].group(0) == figs[1].group(0) else 1)
EOF2
check "--panel: figure 2.1 over all respondents, as without --panel (HTML)" test $? -eq 0

# ---- the respondents' word is the words file's -----------------------------
# "88 kommuner svarede begge år": 'kommuner' comes from the words file
# (enhed,flertal), not from the engine: another word there is printed in
# every output that says how many answered both years.
home=$tmp/home
mkdir -p "$home"
cp -r data templates "$home/"
sed -i 's/^enhed,flertal,kommuner$/enhed,flertal,besvarere/' "$home/data/words.csv"
check "the words file names the respondents 'kommuner'" grep -qx 'enhed,flertal,kommuner' data/words.csv
ANKESTAT_HOME=$home "$bin" report --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
    --compare "$tmp/out/2008" --panel --out "$tmp/out/units-p" "$tmp/in2009.csv" >"$tmp/out/units-p.log" 2>&1
check "another word for the respondents: --panel run exits 0 or 1" test $? -le 1
ANKESTAT_HOME=$home "$bin" report --no-pdf --year 2009 --codebook "$tmp/cb2009.csv" --templates "$tmp/tpl" \
    --compare "$tmp/out/2008" --out "$tmp/out/units" "$tmp/in2009.csv" >"$tmp/out/units.log" 2>&1
check "another word for the respondents: plain run exits 0 or 1" test $? -le 1
up=$tmp/out/units-p
check "another word: the HTML says it (--panel)" grep -q '<p>Kun de 88 besvarere, der svarede begge år' "$up/rapport-2009.html"
check "another word: the HTML says it (without --panel)" grep -q '<p>88 besvarere svarede begge år' "$tmp/out/units/rapport-2009.html"
check "another word: the PDF says it" sh -c \
    "pdftotext '$up/rapport-2009.pdf' - 2>/dev/null | tr '\n' ' ' | grep -q 'Kun de 88 besvarere, der svarede begge år'"
check "another word: every line of sammenligning.csv's grundlag says it" \
    test "$(tail -n +2 "$up/sammenligning.csv" | grep -vc ',"Kun de 88 besvarere, der svarede begge år (et panel): tallene for begge år er over dem alene."$')" -eq 0
check "another word: the workbook's sheet says it" sh -c \
    "unzip -p '$up/tabeller-2009.xlsx' xl/sharedStrings.xml | grep -q 'Kun de 88 besvarere, der svarede begge år'"
check "another word: 'kommuner' nowhere in those sentences" sh -c \
    "! grep -q '88 kommuner' '$up/rapport-2009.html' '$up/sammenligning.csv' '$tmp/out/units/rapport-2009.html'"
check "another word: the optional rows' notes say it (sammenligning.csv)" sh -c \
    "grep -q '(ingen besvarere); talt som 0' '$tmp/out/units/sammenligning.csv' && ! grep -q 'ingen kommuner' '$tmp/out/units/sammenligning.csv'"
check "another word: the optional rows' notes say it (HTML)" sh -c \
    "grep -q '(ingen besvarere); talt som 0' '$tmp/out/units/rapport-2009.html' && ! grep -q 'ingen kommuner' '$tmp/out/units/rapport-2009.html'"

# under the sanitizer build: no report in any run
check "no sanitizer report" sh -c "! cat '$tmp'/*.log '$tmp'/out/*.log | grep -q 'Sanitizer\|runtime error'"

echo "compare: $pass passed, $fail failed"
[ $fail -eq 0 ]
