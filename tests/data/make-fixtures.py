#!/usr/bin/env python3
"""Write the input fixtures of the ingest-* and validate-* cases.

Run from anywhere; rewrites tests/data/dialect-base.txt (the answers every
dialect fixture carries, '|' standing for the delimiter) and the input.csv
of the cases below.  make-dialects.sh then derives the dialect files from
dialect-base.txt with sed, printf and iconv.  Expected outputs are not
written here: they are checked by hand and committed.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
COLS = [r["variable"] for r in csv.DictReader(
    open(os.path.join(ROOT, "data", "codebook.csv"), encoding="utf-8"))]


def field(v, delims=",;\t|"):
    v = str(v)
    if any(c in v for c in delims + '"\n\r') or v != v.strip(" "):
        return '"' + v.replace('"', '""') + '"'
    return v


def table(rows, cols=COLS, sep=",", extra_lines=None):
    """rows: dicts of column -> value; extra_lines: {index: raw line}."""
    out = [sep.join(cols)]
    for i, r in enumerate(rows):
        for k in r:
            assert k in cols, k
        if extra_lines and i in extra_lines:
            out.append(extra_lines[i])
        out.append(sep.join(field(r.get(c, "")) for c in cols))
    return "\n".join(out) + "\n"


def write(path, text, encoding="utf-8"):
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        f.write(text)


# ---- the dialect fixtures: the same answers in every dialect -------------

K101 = dict(kommunenr="101", kommune="København", kontaktperson="Søren Ærlig",
            kontakt_email="soeren@example.dk", kontakt_telefon="33 66 33 66",
            q1a="1", q1b="1", q1_1a="5", q1_1b="3", q2a="1", q2b="2",
            q2_1a="1", q2_2a="2", q2_3b="1",
            q3_1a="1", q3_1b="1", q3_1c="0", q3_1d="0",
            q4_1a="x", q4_1b="1", q4_1c="0", q4_1d="0", q4_1e="0",
            q4_1g="0", q4_1h="0",
            q5_1="2,05", q5_1_1='Bemærk: "særlig" aftale\nlinje 2',
            q7a="1,5", q7b="0.95", q8="1", q9a="1", q9b="2", q9_1="1",
            q9_2b="2", q10a="1", q10b="2", q10_1="Via møder, telefon; mail",
            q11a="2", q11b="2",
            q12a_sb="3", q12b_sb="1", q12c_sb="1",
            q12a_eh="1", q12b_eh="1", q12c_eh="0",
            q13a="2,04", q13b="1", q14a="1", q14b="2", q19a="1",
            q19_1a="12,5", q20="1")
K147 = dict(kommunenr="147", kommune="Frederiksberg",
            kontaktperson="Åse Øby", q1a="2", q1b="2", q2a="2", q2b="2",
            q2_3a="1", q2_3b="2",
            q2_2_1='Se bilag – 5 € pr. "besøg"', q7a="3")
K153 = dict(kommunenr="153", kommune="BRØNDBY", q1a="1", q1b="2",
            q1_1a="2", q2a="1", q2_1a="Ja", q2_2a="Nej", q2b="2",
            q3_1a="1", q7a=" 1.05 ", q12a_sb="2", q9a="2")
K155 = dict(kommunenr="155", kommune="Dragør", q1a="1", q1_1a="-3",
            q1b="1", q1_1b="2147483648", q2a="ja", q2b="nej", q7a="abc")

base = table([K101, K147, K153, K155], sep="|",
             extra_lines={2: "", 3: "|" * (len(COLS) - 1)})
assert base.count("|") > 0
write("tests/data/dialect-base.txt", base)

# Header names in another order and case (UTF-8, comma).
rcols = list(reversed(COLS))
rtext = table([K101, K147, K153, K155], cols=rcols, sep=",",
              extra_lines={2: "", 3: "," * (len(COLS) - 1)})
head, rest = rtext.split("\n", 1)
write("tests/data/dialect-reordered.csv",
      ",".join(c.upper() if i % 2 else c.capitalize()
               for i, c in enumerate(head.split(","))) + "\n" + rest)

# ---- per-case inputs ------------------------------------------------------

OK1 = dict(kommunenr="101", kommune="København", q1a="2", q1b="2",
           q2a="2", q2b="2")
OK2 = dict(OK1, kommunenr="147", kommune="Frederiksberg")
OK3 = dict(OK1, kommunenr="151", kommune="Ballerup")

cases = {
    # warnings
    "validate-warn-unknown-column": None,
    "validate-warn-name": table([OK1, dict(OK2, kommune="Frederiksberg K"),
                                 dict(OK3, kommune=" ballerup ")]),
    "validate-warn-type": table([
        dict(OK1, q1a="3", q1b="1", q1_1b="2,5", q2a="1", q3_1a="ja",
             q3_1b="1", q5_1="1,5,0", q2b="-1"),
        dict(OK2, q1b="1", q1_1b="12", q7b="-0,5", q2b="nej"),
        dict(OK3, q1a="1", q1_1a="99999999999", q7a="1 5", q2a="1",
             q2_1a="x")]),
    "validate-warn-routing": table([
        dict(OK1, q2_1a="1", q7a="2,5", q9_1="1", q12a_sb="4"),
        dict(OK2, q2a="", q2_1a="2", q3_1a="1", q4_1a="1"),
        dict(OK3, q2a="1", q3_1a="0", q3_1b="1", q3_1c="0", q3_1d="0",
             q4_1a="1", q5_1="3", q9a="1", q9b="2", q9_1="2",
             q2_2_1="=HYPERLINK(\"http://x\")")]),
    "validate-warn-check": table([
        dict(OK1, q1a="1", q1_1a="10", q12a_sb="4", q12b_sb="4",
             q12c_sb="1", q1b="1", q1_1b="3", q12a_eh="3"),
        dict(OK2, q1a="1", q1_1a="2", q12a_sb="2"),
        dict(OK3, q1a="1", q1_1a="", q12a_sb="2")]),
    "validate-note-block": table([
        dict(OK1, q2a="1", q3_1a="1", q4_1a="1", q4_1c="x"),
        dict(OK2, q2a="1"),
        dict(OK3, q2b="1", q3_2a="0", q3_2b="0", q3_2c="0", q3_2d="1",
             q3_2_1="Andet")]),
    "validate-clean": table([OK1, OK2, OK3]),
    # fatal problems
    "validate-fatal-ids": table([OK1, dict(OK2, kommunenr=""),
                                 dict(OK3, kommunenr="999"),
                                 dict(OK1, kommune="København")]),
    "validate-fatal-header-only": table([]),
    "ingest-fatal-fields": table([OK1, OK2], extra_lines={1: "147,Frederiksberg,,"})
                          + ",".join(["151"] * (len(COLS) + 1)) + "\n",
}

# unknown extra columns (warning) and an absent optional column
ucols = [c for c in COLS if c != "datanote"] + ["Ekstra", "bemærkning"]
cases["validate-warn-unknown-column"] = table(
    [dict(OK1, Ekstra="x", bemærkning="y"), dict(OK2)], cols=ucols)

# header problems: missing, duplicated
mcols = [c for c in COLS if c not in ("q2_1a", "q7b", "q20")] + ["Q1A"]
cases["ingest-fatal-header"] = table([OK1], cols=mcols)

for name, text in cases.items():
    write(f"tests/cases/{name}/input.csv", text)


def write_bytes(path, data):
    path = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


ok_text = table([OK1, OK2, OK3])
head, rows = ok_text.split("\n", 1)
write_bytes("tests/cases/ingest-fatal-empty/input.csv", b"")
write_bytes("tests/cases/ingest-fatal-blank-lines/input.csv", b"\n  \r\n\n")
# an unterminated quote opening on line 4, after a quoted multi-line field
qrows = rows.split("\n")
write("tests/cases/ingest-fatal-quote/input.csv",
      head + "\n" + qrows[0] + "\n" +
      qrows[1].replace("Frederiksberg", '"Frederiks\nberg"') + "\n" +
      qrows[2].replace("Ballerup", '"Ballerup') + "\n" + qrows[0] + "\n")
write_bytes("tests/cases/ingest-fatal-nul/input.csv",
            (head + "\n" + qrows[0] + "\n").encode() + b"147,Frederiks\0berg\n")
# a spreadsheet saved as .xlsx and renamed: a zip archive
import io
import zipfile
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as z:
    zi = zipfile.ZipInfo("xl/workbook.xml", date_time=(2009, 1, 1, 0, 0, 0))
    z.writestr(zi, "<workbook/>")
write_bytes("tests/cases/ingest-fatal-xlsx/input.csv", buf.getvalue())
# 0x81 has no character in Windows-1252 and is not UTF-8 either
write_bytes("tests/cases/ingest-fatal-encoding/input.csv",
            (head + "\n" + qrows[0] + "\n").encode() +
            b"147,Frederiksberg \x81,,,2,2\n")
