#!/usr/bin/env python3
"""Generate the bad-input corpus tests/hostile/files/ from a base file.

The base is the first 30 rows of data/tilsyn-2008-rekonstrueret.csv
(files/base.csv, valid: validate exits 0).  Every other file is the base
with one defect or one dialect change; corpus.tsv (hand-written) says what
the engine must do with each.  The generated files are committed, so the
suite does not need Python; rerun this after changing the base:

    python3 tests/hostile/gen.py
"""
import csv
import gzip
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "files")

with open(os.path.join(ROOT, "data", "tilsyn-2008-rekonstrueret.csv"), encoding="utf-8") as f:
    reader = csv.DictReader(f)
    COLS = list(reader.fieldnames)
    BASE = [dict(r) for r in list(reader)[:30]]

TYPES = {}
with open(os.path.join(ROOT, "data", "codebook.csv"), encoding="utf-8") as f:
    for r in csv.DictReader(f):
        TYPES[r["variable"]] = r["type"]


def rows():
    return [dict(r) for r in BASE]


def text(cols, rs, delim=",", eol="\n", quote_all=False, header=None):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator=eol,
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    w.writerow(header or cols)
    for r in rs:
        w.writerow([r.get(c, "") for c in cols])
    return buf.getvalue()


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def row_of(rs, kommunenr):
    return next(r for r in rs if r["kommunenr"] == kommunenr)


def variant(name, change, blank_name=None):
    """The base with change(rows) applied; with blank_name, also the base
    with the changed cells blanked (the file whose tables it must equal)."""
    rs = rows()
    cells = change(rs)
    put(name, text(COLS, rs))
    if blank_name:
        rs = rows()
        for kommunenr, col in cells:
            row_of(rs, kommunenr)[col] = ""
        put(blank_name, text(COLS, rs))


def setcell(kommunenr, col, value):
    def change(rs):
        row_of(rs, kommunenr)[col] = value
        return [(kommunenr, col)]
    return change


os.makedirs(OUT, exist_ok=True)
for old in os.listdir(OUT):
    os.remove(os.path.join(OUT, old))

base = text(COLS, rows())
put("base.csv", base)

# ---- dialects: all must give the tables of base.csv ----------------------
put("dialect-bom.csv", "\ufeff" + base)
put("dialect-crlf.csv", text(COLS, rows(), eol="\r\n"))
semi = rows()   # semicolon export: decimal comma as is
put("dialect-semicolon.csv", text(COLS, semi, delim=";"))
put("dialect-tab.csv", text(COLS, rows(), delim="\t"))
put("dialect-utf16le-tab.csv", "\ufeff".encode("utf-16-le") +
    text(COLS, rows(), delim="\t", eol="\r\n").encode("utf-16-le"))
put("dialect-utf16be.csv", "\ufeff".encode("utf-16-be") +
    text(COLS, rows()).encode("utf-16-be"))
put("dialect-cp1252-semicolon-crlf.csv",
    text(COLS, rows(), delim=";", eol="\r\n").encode("cp1252"))
put("dialect-quote-all.csv", text(COLS, rows(), quote_all=True))
shuffled = COLS[::-1]
put("dialect-reversed-uppercase.csv",
    text(shuffled, rows(), header=[c.upper() for c in shuffled]))
blank_lines = base.split("\n")
put("dialect-blank-rows.csv", "\n\n".join(blank_lines[:5]) + "\n\r\n" +
    "\n".join(blank_lines[5:]))
rs = rows()
for r in rs:
    for c in COLS:
        if TYPES.get(c) == "decimal" and r[c]:
            r[c] = r[c].replace(",", ".")
put("dialect-decimal-point.csv", text(COLS, rs))
rs = rows()
for r in rs:
    for c in COLS:
        if TYPES.get(c) == "yesno" and r[c] in ("1", "2"):
            r[c] = {"1": "Ja", "2": "Nej"}[r[c]]
        if TYPES.get(c) == "checkbox" and r[c] == "1":
            r[c] = "x" if len(c) % 2 else "X"
put("dialect-words-ja-nej-x.csv", text(COLS, rs))
rs = rows()
for r in rs:
    for c in COLS:
        if TYPES.get(c) in ("yesno", "checkbox", "count", "decimal", "id") and r[c]:
            r[c] = "  " + r[c] + " "
put("dialect-blanks-around-codes.csv", text(COLS, rs))
rs = rows()
row_of(rs, "147")["q10_1"] = "Første linje\r\nanden linje, med \"citat\"\nog tredje"
put("dialect-multiline-text.csv", text(COLS, rs))
# Big files are made by hostile.sh from these templates: @@BIG:n@@ becomes
# n bytes of text (so the repository does not carry megabytes).
rs = rows()
row_of(rs, "147")["q10_1"] = "@@BIG:1048576@@"
put("limit-text-1mib-ok.csv.in", text(COLS, rs))

# ---- warnings: answer ignored / treated as not answered ------------------
variant("warn-routing-q2_1a.csv", setcell("147", "q2_1a", "1"))
variant("warn-routing-group-q7a.csv", setcell("151", "q7a", "2,5"))
variant("warn-routing-q9_1.csv", setcell("147", "q9_1", "1"))
variant("warn-routing-checkbox.csv", setcell("147", "q3_1b", "1"))
variant("warn-type-yesno-3.csv", setcell("157", "q2_1a", "3"),
        "warn-type-yesno-3.blank.csv")
variant("warn-type-filter-yesno-7.csv", setcell("157", "q2a", "7"),
        "warn-type-filter-yesno-7.blank.csv")
variant("warn-type-count-negative.csv", setcell("155", "q12a_sb", "-1"),
        "warn-type-count-negative.blank.csv")
variant("warn-type-count-fraction.csv", setcell("155", "q12a_sb", "2,5"),
        "warn-type-count-fraction.blank.csv")
variant("warn-type-count-huge.csv", setcell("155", "q12a_sb", "9" * 40),
        "warn-type-count-huge.blank.csv")
variant("warn-type-decimal-text.csv", setcell("147", "q7a", "halvanden"),
        "warn-type-decimal-text.blank.csv")
variant("warn-type-decimal-two-commas.csv", setcell("147", "q7a", "1,2,3"),
        "warn-type-decimal-two-commas.blank.csv")
variant("warn-type-decimal-negative.csv", setcell("147", "q7a", "-1,5"),
        "warn-type-decimal-negative.blank.csv")
variant("warn-type-checkbox-2.csv", setcell("157", "q3_1b", "2"),
        "warn-type-checkbox-2.blank.csv")
variant("warn-type-formula.csv", setcell("157", "q2_1a", "=1+1"),
        "warn-type-formula.blank.csv")
variant("warn-name-mismatch.csv", setcell("147", "kommune", "Frederiksborg"))
rs = rows()
cols = COLS + ['=HYPERLINK("http://example.invalid","klik")']
for r in rs:
    r[cols[-1]] = "@SUM(A1:A2)"
put("warn-unknown-column-formula.csv", text(cols, rs))
variant("warn-check-q12-sum.csv", setcell("157", "q12a_sb", "3"))

# ---- fatal -----------------------------------------------------------------
cols = [c for c in COLS if c not in ("q2a", "q7b")]
put("fatal-missing-columns.csv", text(cols, rows()))
cols = COLS + ["Q1A"]
rs = rows()
for r in rs:
    r["Q1A"] = r["q1a"]
put("fatal-duplicate-column.csv", text(cols, rs))
variant("fatal-id-empty.csv", setcell("151", "kommunenr", ""))
variant("fatal-id-unknown.csv", setcell("151", "kommunenr", "999"))
variant("fatal-id-not-a-number.csv", setcell("151", "kommunenr", "abc"))
rs = rows()
row_of(rs, "151")["kommunenr"] = "147"
rs[4]["kommunenr"] = "147"
put("fatal-id-duplicate-three-times.csv", text(COLS, rs))
put("fatal-header-only.csv", text(COLS, []))
put("fatal-header-only-crlf-bom.csv", "\ufeff" + text(COLS, [], eol="\r\n"))
u16 = "\ufeff".encode("utf-16-le") + base.encode("utf-16-le")
put("fatal-utf16-odd-length.csv", u16[:-1])
put("fatal-utf16-without-bom.csv", base.encode("utf-16-le"))
put("fatal-utf8-bom-then-cp1252.csv", b"\xef\xbb\xbf" + base.encode("cp1252"))
put("fatal-pdf-renamed.csv", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
put("fatal-gzip-renamed.csv", gzip.compress(base.encode("utf-8"), mtime=0))
put("fatal-single-column-header.csv", "kommunenr\n147\n151\n")
rs = rows()
row_of(rs, "147")["q10_1"] = "@@BIG:8388609@@"
put("fatal-limit-field-8mib.csv.in", text(COLS, rs))
put("fatal-limit-columns.csv", ",".join(COLS + ["ekstra%d" % i for i in range(2001)]) + "\n")
put("fatal-limit-quoted-megafield.csv.in", base.split("\n")[0] + "\n" + '147,"@@BIG:9437184@@\n')
put("fatal-quote-never-closes-crlf.csv",
    text(COLS, rows(), eol="\r\n").replace("Frederiksberg,", '"Frederiksberg,', 1))
