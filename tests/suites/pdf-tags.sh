#!/bin/sh
# The PDF's structure tree (tagged PDF, cairo's tag API), read back with
# poppler's `pdfinfo -struct-text` (run by tests/run_all.sh with the build
# dir as $1): Tagged: yes; one Document; the front page's H1; the contents
# as a TOC with a linked entry per table and figure; headings H1-H3 in
# order with no level skipped; every table a Table whose first child is
# its Caption, in report order (tables.csv), made of TR rows of TH and TD
# cells, every body row led by its TH; the header rows once, also where a
# table repeats them on a new page; the figure a Figure with its caption
# and its values; the appendix's tables; and no page footer in the tree.
# Prints "pdf-tags: N passed, N failed".
suite=pdf-tags
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
tmp=$(mktemp -d /tmp/ak-pdftags-XXXXXX)
command -v pdfinfo >/dev/null 2>&1 || { bad "pdfinfo missing (poppler-utils)"; finish; }
pdfinfo -h 2>&1 | grep -q -- -struct-text || { bad "this pdfinfo has no -struct-text"; finish; }

# The internal edition: the public one leaves out the validation appendix.
"$bin" report --year 2008 --internal --out "$tmp/a" "$data" >"$tmp/a.log" 2>&1
[ $? -le 1 ] || { bad "report failed"; head "$tmp/a.log"; finish; }
pdf=$(ls "$tmp"/a/rapport-*.pdf 2>/dev/null | head -n 1)
[ -n "$pdf" ] || { bad "no PDF"; finish; }
pdfinfo "$pdf" >"$tmp/info" 2>&1
check "Tagged: yes" grep -q '^Tagged: *yes$' "$tmp/info"
check "title in the metadata" grep -q '^Title: *Kommuners tilsyn' "$tmp/info"
pdfinfo -struct-text "$pdf" >"$tmp/struct" 2>"$tmp/struct.err"
check "pdfinfo -struct-text reads the tree" test -s "$tmp/struct"

# The expected captions in report order (tables.csv; Nøgletal has no
# number), figures apart.
tail -n +2 "$tmp/a/tables.csv" | cut -d, -f1 | awk '!seen[$0]++' >"$tmp/ids"
# Every table and figure, also those tables.csv leaves out ('tidy no'),
# has its wide CSV.
# (The other CSVs are not tables: tables.csv, validering.csv, the files
# named by year, svar-2008.csv and the like, and the run's lists.)
nblocks=$(ls "$tmp"/a/*.csv | grep -v -e '/tables\.csv$' -e '/validering\.csv$' \
          -e '-[0-9][0-9][0-9][0-9]\.csv$' -e '/fritekst\.csv$' -e '/sammenligning\.csv$' \
          -e '/besvarelser-[^/]*\.csv$' -e '/svarprocent-[^/]*\.csv$' -e '/opfoelgning-[^/]*\.csv$' | wc -l)
nfigs=$(ls "$tmp"/a/figur-*.csv 2>/dev/null | wc -l)
# Bilag 1's methods table (the uncertainty figures) has no wide CSV.
nblocks=$((nblocks + $(ls "$tmp"/a/usikkerhed-*.csv 2>/dev/null | wc -l)))

cat >"$tmp/tree.py" <<'EOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
ids = [l for l in open(sys.argv[2], encoding="utf-8").read().split("\n") if l]
nblocks, nfigs = int(sys.argv[3]), int(sys.argv[4])
# one node a line: indentation (2 spaces a level), a tag or a "text"
nodes, stack = [], []
for l in lines:
    if not l.strip():
        continue
    depth = (len(l) - len(l.lstrip(" "))) // 2
    s = l.strip()
    m = re.match(r'^([A-Za-z0-9]+)( \((block|inline)\))?$', s)
    node = {"depth": depth, "kids": [], "text": ""}
    if s.startswith('"'):
        node["tag"] = "#text"; node["text"] = s.strip('"')
    elif m:
        node["tag"] = m.group(1)
    else:
        node["tag"] = "#other"; node["text"] = s
    while stack and stack[-1]["depth"] >= depth:
        stack.pop()
    if stack:
        stack[-1]["kids"].append(node)
    else:
        nodes.append(node)
    stack.append(node)
def text(n):
    return n["text"] if n["tag"] == "#text" else "".join(text(k) for k in n["kids"])
def walk(n):
    yield n
    for k in n["kids"]:
        yield from walk(k)
res = []
def say(ok, what):
    res.append(("ok" if ok else "FAIL") + "\t" + what)
say(len(nodes) == 1 and nodes[0]["tag"] == "Document", "one root, Document")
doc = nodes[0] if nodes else {"kids": [], "tag": "", "depth": 0, "text": ""}
top = [k["tag"] for k in doc["kids"]]
say(top[:1] == ["H1"] and text(doc["kids"][0]).startswith("Kommuners tilsyn"),
    "the first element is the H1 with the report's title")
heads = [(n["tag"], text(n)) for n in walk(doc) if re.fullmatch(r"H[1-6]", n["tag"])]
say(sum(1 for h in heads if h[0] == "H1") == 1, "one H1")
prev, skips = 0, []
for t, x in heads:
    lvl = int(t[1])
    if lvl > prev + 1:
        skips.append(t + " " + x[:30])
    prev = lvl
say(not skips, "headings in order, no level skipped %s" % skips[:3])
say(("H2", "Indhold") in heads, "H2 Indhold")
say(heads and heads[-1][0] == "H3" and ("H2", "Bilag: Validering") in heads,
    "the appendix's H2 and H3s last")
say(any(t == "H2" and x.startswith("1 Sammenfatning") for t, x in heads) and
    any(t == "H3" and x.startswith("2.1 ") for t, x in heads) and
    any(t == "H4" and x.startswith("2.1.1 ") for t, x in heads),
    "chapters H2, sections H3, subsections H4")
tocs = [n for n in doc["kids"] if n["tag"] == "TOC"]
links = [n for t in tocs for n in walk(t) if n["tag"] == "Link"]
entries = [n for t in tocs for n in walk(t) if n["tag"] == "TOCI"]
say(len(tocs) == 1 and len(entries) > 1 and len(links) == len(entries) and
    any(text(e).startswith("Bilag: Validering") for e in entries[-1:]),
    "a TOC with a Link in each entry, the appendix last (%d links)" % len(links))
# tables in reading order
tables = [n for n in walk(doc) if n["tag"] == "Table"]
figs = [n for n in walk(doc) if n["tag"] == "Figure"]
want = ["Figur " + i[3:] if i.startswith("fig") else ("Tabel " + i if re.match(r"^\d", i) else None) for i in ids]
got = []
for n in walk(doc):
    if n["tag"] in ("Table", "Figure") and n["kids"] and n["kids"][0]["tag"] == "Caption":
        got.append(text(n["kids"][0]))
say(all(k["kids"] and k["kids"][0]["tag"] == "Caption"
        for k in tables[:nblocks - nfigs] + figs),
    "every report table and figure starts with its Caption")
order_ok = True
j = 0
for w in want:
    if w is None:
        j += 1
        continue
    while j < len(got) and not got[j].startswith(w):
        j += 1
    if j == len(got):
        order_ok = False
        res.append("info\tmissing or out of order: " + w)
        break
    j += 1
say(order_ok, "captions in report order (%d tables and figures)" % len(want))
say(len(figs) == nfigs, "one Figure per figure")
say(all(any(re.fullmatch(r"-?[\d.]+,\d+n = \d+", text(k)) for k in f["kids"]) for f in figs),
    "the figure's values in its structure (\"3,61n = 13\")")
say(len(tables) == nblocks - nfigs + 1,
    "a Table per table and the appendix's rule table (%d)" % len(tables))
bad_rows, bad_cells, dup_heads = 0, 0, 0
for t in tables:
    rows = [k for k in t["kids"] if k["tag"] == "TR"]
    other = [k["tag"] for k in t["kids"] if k["tag"] not in ("TR", "Caption")]
    bad_rows += len(other) + (len(rows) == 0)
    headrows = []
    for r in rows:
        cells = [k["tag"] for k in r["kids"]]
        if not cells or any(c not in ("TH", "TD") for c in cells):
            bad_cells += 1
        if cells and all(c == "TH" for c in cells):
            headrows.append(text(r))
        elif cells and cells[0] != "TH" and len(rows) and t is not tables[-1]:
            bad_cells += 1
    dup_heads += len(headrows) - len(set(headrows))
say(bad_rows == 0, "tables hold only a Caption and TR rows")
say(bad_cells == 0, "rows hold TH and TD cells, body rows led by their TH")
say(dup_heads == 0, "no header row twice in a table (repeated headers are not tagged again)")
all_text = "\n".join(text(n) for n in walk(doc) if n["tag"] == "#text")
say(not re.search(r"Side \d+ af \d+", all_text), "no page footer in the structure")
print("\n".join(res))
EOF
python3 "$tmp/tree.py" "$tmp/struct" "$tmp/ids" "$nblocks" "$nfigs" >"$tmp/result" 2>&1 || { bad "reading the tree failed"; head "$tmp/result"; finish; }
while IFS='	' read -r st what; do
    case $st in
        ok) ok ;;
        FAIL) bad "$what" ;;
        *) echo "  $st: $what" ;;
    esac
done <"$tmp/result"
check "the tree was checked" test "$(grep -c '^ok' "$tmp/result")" -gt 10
finish
