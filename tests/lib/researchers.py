#!/usr/bin/python3
"""The respondent-level files (svar-ÅR.sav/.dta/.csv, kodebog-ÅR.csv) read
by programs no one here wrote: PSPP reads the .sav and its CROSSTABS and
FREQUENCIES reproduce tables 2.1, 2.2, 2.9 and 2.12 of tables.csv on the
2008 data and show the three missing codes by label; pandas reads the .dta
(value labels, extended missing values .a/.b/.c) and the CSV; the three
agree cell for cell with PSPP's own export of the .sav.  A small input
(tests/data/svar/states.csv) holds every state in every type, an invalid
filter whose follow-ups become not asked among them, and goes through the
frame option; labels too long for a format are cut on a character boundary
and every cut is a note; reruns are byte-identical (TZ too).

Usage: researchers.py ANKESTAT ROOT TMPDIR.  Prints "researchers: N passed,
N failed" last.  Run by tests/suites/researchers.sh.
"""
import csv
import io
import os
import subprocess
import sys

import pandas as pd

BIN, ROOT, TMP = sys.argv[1:4]
DATA = os.path.join(ROOT, "data", "tilsyn-2008-rekonstrueret.csv")
STATES = os.path.join(ROOT, "tests", "data", "svar", "states.csv")
CODES = {".a": -9.0, ".b": -8.0, ".c": -7.0}
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL researchers: " + what)


def report(out, inp, *extra, env=None):
    e = dict(os.environ, SOURCE_DATE_EPOCH="1250337600")
    e.update(env or {})
    r = subprocess.run([BIN, "report", "--year", "2008", "--no-pdf", "--out", out,
                        *extra, inp],
                       env=e, capture_output=True, text=True)
    check(r.returncode == 0, f"report {inp} {extra}: exit {r.returncode}: {r.stderr[-300:]}")
    return r


def pspp(syntax, name):
    sps = os.path.join(TMP, name + ".sps")
    out = os.path.join(TMP, name + ".csv")
    with open(sps, "w", encoding="utf-8") as f:
        f.write(syntax)
    r = subprocess.run(["pspp", sps, "-O", "format=csv", "-o", out],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    check(r.returncode == 0 and os.path.exists(out), f"pspp {name}: {r.stderr[-300:]}")
    if not os.path.exists(out):
        return {}
    tables, cur = {}, None
    with open(out, encoding="utf-8") as f:
        for row in csv.reader(f):
            if row and row[0].startswith("Table: "):
                cur = tables.setdefault(row[0][7:], [])
            elif row and cur is not None:
                cur.append(row)
    return tables


def freq(table):
    """A FREQUENCIES table as {(section, value label): count}."""
    out, sec = {}, ""
    for row in table[1:]:
        if row[0]:
            sec = row[0]
        if len(row) > 2 and row[2]:
            out[(sec, row[1])] = int(row[2])
    return out


def crosstab(table):
    """A CROSSTABS table as {(row label, column label): count}; missing
    value labels lose their footnote mark."""
    head = [c.replace("[a]", "") for c in table[1]]
    out, rlab = {}, ""
    for row in table[2:]:
        if len(row) < 2:
            continue
        if row[0] == "Total":
            rlab = "Total"
        elif row[1]:
            rlab = row[1].replace("[a]", "")
        if len(row) < 4 or row[2] != "Count":
            continue
        for c in range(3, len(row)):
            col = head[c] if c < len(head) and head[c] else "Total"
            if row[c]:
                out[(rlab, col)] = int(row[c])
    return out


def find(tables, start, cross=False):
    """The table whose title starts with 'start': a CROSSTABS one (title
    with '×') or not."""
    for k, v in tables.items():
        if k.startswith(start) and ("×" in k) == cross:
            return v
    return []


def tables_csv(path):
    t = {}
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["measure"] == "antal":
                t[(row["table"], int(row["row"]), row["column"])] = int(row["value"])
    return t


def num(x):
    """A cell as a float, or None for an empty one (sysmis, '.', '')."""
    if isinstance(x, pd.io.stata.StataMissingValue):
        return CODES.get(x.string)
    if x is None or (isinstance(x, float) and x != x):
        return None
    if isinstance(x, str):
        x = x.rstrip()
        try:
            return float(x) if x else None
        except ValueError:
            return x
    return float(x)


def grid_csv(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], [[num(c) for c in r] for r in rows[1:]]


def grid_dta(path):
    d = pd.read_stata(path, convert_categoricals=False, convert_missing=True)
    return list(d.columns), [[num(c) for c in r] for r in d.itertuples(index=False)]


def grid_sav(path, name):
    out = os.path.join(TMP, name + "-export.csv")
    pspp(f"GET FILE='{path}'.\nSAVE TRANSLATE /OUTFILE='{out}' /TYPE=CSV "
         "/FIELDNAMES /REPLACE.\n", name + "-export")
    return grid_csv(out)


def agree(out, year, what):
    """The engine's CSV, pandas' .dta and PSPP's export of the .sav hold the
    same names and the same cells."""
    base = os.path.join(out, f"svar-{year}")
    g_csv = grid_csv(base + ".csv")
    g_dta = grid_dta(base + ".dta")
    g_sav = grid_sav(base + ".sav", what)
    check(g_csv[0] == g_dta[0] == g_sav[0], f"{what}: variable names differ")
    check(len(g_csv[1]) == len(g_dta[1]) == len(g_sav[1]) > 0, f"{what}: row counts differ")
    diff = [(i, j, a, b, c) for i, (ra, rb, rc) in enumerate(zip(g_csv[1], g_dta[1], g_sav[1]))
            for j, (a, b, c) in enumerate(zip(ra, rb, rc))
            if not (a == b == c or (isinstance(a, float) and isinstance(b, float)
                                    and isinstance(c, float)
                                    and abs(a - b) < 1e-9 and abs(a - c) < 1e-9))]
    check(not diff, f"{what}: cells differ (row, col, csv, dta, sav): {diff[:5]}")
    return dict(zip(g_csv[0], zip(*g_csv[1]))), g_csv


# ---- the 2008 report ----------------------------------------------------
o8 = os.path.join(TMP, "r2008")
report(o8, DATA)
sav8 = os.path.join(o8, "svar-2008.sav")
tab = tables_csv(os.path.join(o8, "tables.csv"))

syntax = f"GET FILE='{sav8}'.\n" + """
DISPLAY DICTIONARY /VARIABLES=q1_1a q2_1a q7a.
CROSSTABS /TABLES=q1b BY q1a.
CROSSTABS /TABLES=q2_1a q2_3a BY q2a /MISSING=INCLUDE.
CROSSTABS /TABLES=q2_1b q2_3b BY q2b /MISSING=INCLUDE.
FREQUENCIES /VARIABLES=q2_1a.
"""
for g in "ab":
    s = "sb" if g == "a" else "eh"
    syntax += f"""
DO IF q1{g} = 1.
+  DO IF MISSING(q7{g}).
+    COMPUTE k9{g} = 6.
+  ELSE IF q7{g} = 0.
+    COMPUTE k9{g} = 1.
+  ELSE IF q7{g} < 1.
+    COMPUTE k9{g} = 2.
+  ELSE IF q7{g} = 1.
+    COMPUTE k9{g} = 3.
+  ELSE IF q7{g} <= 2.
+    COMPUTE k9{g} = 4.
+  ELSE.
+    COMPUTE k9{g} = 5.
+  END IF.
+  COMPUTE #b = 0.
+  IF NOT MISSING(q12b_{s}) #b = q12b_{s}.
+  COMPUTE #c = 0.
+  IF NOT MISSING(q12c_{s}) #c = q12c_{s}.
+  DO IF MISSING(q12a_{s}).
+    COMPUTE k12{g} = 4.
+  ELSE IF q12a_{s} = 0.
+    COMPUTE k12{g} = 3.
+  ELSE IF #b + #c = 0.
+    COMPUTE k12{g} = 1.
+  ELSE.
+    COMPUTE k12{g} = 2.
+  END IF.
END IF.
FORMATS k9{g} k12{g} (F1.0).
VARIABLE LABELS k9{g} 'T2.9{g}' /k12{g} 'T2.12{g}'.
"""
syntax += "FREQUENCIES /VARIABLES=k9a k9b k12a k12b.\n"
t = pspp(syntax, "tables2008")

# Table 2.1: 1.b by 1.a, both answered.
x = crosstab(find(t, "[1.b]", True))
for (r, lab_r) in ((1, "Ja"), (2, "Nej"), (3, "Total")):
    for (c, lab_c) in (("tilsyn_i_social_boform", "Ja"), ("uden_tilsyn_i_social_boform", "Nej"),
                       ("i_alt", "Total")):
        check(x.get((lab_r, lab_c)) == tab[("2.1", r, c)],
              f"2.1 row {r} {c}: PSPP {x.get((lab_r, lab_c))}, tables.csv {tab[('2.1', r, c)]}")

# Table 2.2: 2.1x and 2.3x by 2x, the missing codes counted by label.
for g, col in (("a", "social_boform"), ("b", "uden_for_social_boform")):
    x1 = crosstab(find(t, f"[2.1{g}]", True))
    x3 = crosstab(find(t, f"[2.3{g}]", True))
    want = {1: x1.get(("Ja", "Ja"), 0), 2: x1.get(("Nej", "Ja"), 0),
            3: x1.get(("Uoplyst", "Ja"), 0) + x1.get(("Ugyldigt svar", "Ja"), 0),
            4: x1.get(("Total", "Ja"), 0),
            5: x3.get(("Ja", "Nej"), 0), 6: x3.get(("Nej", "Nej"), 0),
            7: x3.get(("Uoplyst", "Nej"), 0) + x3.get(("Ugyldigt svar", "Nej"), 0),
            8: x3.get(("Total", "Nej"), 0), 9: x1.get(("Total", "Total"), 0)}
    for r, v in want.items():
        check(v == tab[("2.2", r, col)], f"2.2 row {r} {col}: PSPP {v}, tables.csv {tab[('2.2', r, col)]}")
    check(x1.get(("Ikke spurgt", "Nej"), 0) == tab[("2.2", 8, col)],
          f"2.2 {col}: 2.1{g} 'Ikke spurgt' where 2{g} = Nej")

# Tables 2.9 and 2.12 from PSPP's recodes of 7x and 12x.
for g, col in (("a", "social_boform"), ("b", "uden_for_social_boform")):
    for tid, nrows in (("2.9", 6), ("2.12", 4)):
        f = freq(find(t, f"T{tid}{g}"))
        for r in range(1, nrows + 1):
            got = f.get(("Valid", str(r)), 0)
            check(got == tab[(tid, r, col)], f"{tid} row {r} {col}: PSPP {got}, tables.csv {tab[(tid, r, col)]}")
        got = sum(v for (s, lab), v in f.items() if s == "Valid")
        check(got == tab[(tid, nrows + 1, col)], f"{tid} total {col}: PSPP {got}")

# The three missing codes with their labels, in FREQUENCIES.
f = freq(find(t, "[2.1a]"))
check(f.get(("Missing", "Uoplyst")) == 4 and f.get(("Missing", "Ikke spurgt")) == 53
      and f.get(("Valid", "Ja")) == 17,
      f"FREQUENCIES 2.1a: {f}")
# The dictionary: labels as printed ({prev_year} resolved), missing range.
d = find(t, "Variables")
lab = {r[0]: r for r in d[1:] if r}
check(lab.get("q1_1a", [""] * 3)[2] == "[1.1a] Antal domfældte under tilsyn i 2007: i social boform",
      f"q1_1a label: {lab.get('q1_1a')}")
check(all(lab.get(v, [""])[-1] == "-9 THRU -7" for v in ("q1_1a", "q2_1a", "q7a")),
      "user-missing range -9 THRU -7")
check(lab.get("q7a", [""] * 8)[7] == "F8.1", "q7a format F8.1")
vl = find(t, "Value Labels")
check(any(r[1:] == ["-8[a]", "Ikke spurgt"] for r in vl) and any(r[1:] == ["-7[a]", "Ugyldigt svar"] for r in vl)
      and any(r[1:] == ["-9[a]", "Uoplyst"] for r in vl), "value labels of the missing codes")

# pandas: .dta labels and the CSV; all three agree with PSPP's export.
r8 = pd.io.stata.StataReader(os.path.join(o8, "svar-2008.dta"))
vls, vars_ = r8.value_labels(), r8.variable_labels()
r8.close()
check(vls.get("janej", {}).get(1) == "Ja" and vls["janej"].get(2) == "Nej", "dta: janej labels")
check(vls.get("markering", {}).get(0) == "Ikke markeret", "dta: checkbox labels")
# Stata's .a .b .c of a long are 2147483622 .. 2147483624.
check([vls.get("janej", {}).get(2147483621 + k) for k in (1, 2, 3)] == ["Uoplyst", "Ikke spurgt", "Ugyldigt svar"],
      f"dta: labels of .a .b .c: {vls.get('janej')}")
check(vls.get("kommunenr", {}).get(101) == "København" and vls.get("region", {}).get(2) == "Region Sjælland",
      "dta: municipality and region labels from the register")
check(vars_.get("q2_1a") == "[2.1a] Retningslinjerne godkendt af kommunalbestyrelsen: social boform",
      f"dta: variable label {vars_.get('q2_1a')}")
check(all(len(v) <= 80 for v in vars_.values()), "dta: variable labels at most 80 characters")
cols8, g8 = agree(o8, 2008, "2008")
check(not any(c.startswith("kontakt") or c in ("datanote", "kommune") for c in g8[0]),
      "no pii, name or note column")
check(not any(c in g8[0] for c in ("q2_2_1", "q18_1")), "no free text without the option")
# kodebog: routing in words and as written, codes.
with open(os.path.join(o8, "kodebog-2008.csv"), encoding="utf-8") as fh:
    kb = {r["variabel"]: r for r in csv.DictReader(fh)}
check(list(kb) == g8[0], "kodebog: one line per variable, in file order")
k = kb.get("q2_1a", {})
check(k.get("stilles_hvis") == "2a = Ja" and k.get("betingelse") == "q2a=1"
      and k.get("værdier") == "1 = Ja; 2 = Nej"
      and k.get("manglende_spss_csv") == "Uoplyst = -9; Ikke spurgt = -8; Ugyldigt svar = -7"
      and k.get("manglende_stata") == "Uoplyst = .a; Ikke spurgt = .b; Ugyldigt svar = .c",
      f"kodebog q2_1a: {k}")

# Byte-identical reruns, also under another TZ.
o8b = os.path.join(TMP, "r2008b")
report(o8b, DATA, env={"TZ": "America/New_York"})
for n in ("svar-2008.sav", "svar-2008.dta", "svar-2008.csv", "kodebog-2008.csv"):
    with open(os.path.join(o8, n), "rb") as a, open(os.path.join(o8b, n), "rb") as b:
        check(a.read() == b.read(), f"{n} differs between two runs")

# ---- every state in every type, and the frame ---------------------------
os_ = os.path.join(TMP, "states")
report(os_, STATES, "--option", "frame")
cols, (names, grid) = agree(os_, 2008, "states")
want = {  # the four respondents, in input order
    "q1a": [1, 1, 2, -7], "q1b": [1, -9, -9, 1],                     # yes/no
    "q1_1a": [3, -9, -8, -8], "q1_1b": [4, -8, -8, -7],              # count
    "q7a": [1.5, -9, -8, -8], "q7b": [2, -8, -8, -7],                # decimal
    "q3_1a": [1, -9, -8, -7], "q3_1b": [0, -9, -8, 1], "q3_1c": [0, -9, -8, 0],  # block
    "q2_1b": [-9, -8, -8, -8], "q3_2a": [-9, -8, -8, -8],           # 2b invalid: not asked
}
for v, w in want.items():
    check(list(cols.get(v, ()))[:4] == [float(x) for x in w], f"states {v}: {list(cols.get(v, ()))[:4]}, want {w}")
check(len(grid) == 98 and list(cols["besvaret"]) == [1.0] * 4 + [0.0] * 94,
      "frame: 98 units, 4 with besvaret = 1")
check(all(c is None for v in want for c in cols[v][4:]), "frame: no answers for units that did not answer")
check(cols["kommunenr"][4] == 155.0, "frame: non-respondents in register order")
t = pspp(f"GET FILE='{os_}/svar-2008.sav'.\nFREQUENCIES /VARIABLES=q1a q1_1b q7b q3_1a.\n", "states")
for v, lab in (("[1.a]", "Ugyldigt svar"), ("[1.1b]", "Ugyldigt svar"), ("[7b]", "Ugyldigt svar"),
               ("[3.1a]", "Ikke spurgt")):
    check(freq(find(t, v)).get(("Missing", lab)) == 1, f"states: PSPP shows '{lab}' for {v}")
check(freq(find(t, "[3.1a]")).get(("Missing", "Uoplyst")) == 1, "states: block left empty is Uoplyst")

# ---- free text, and labels cut on a character boundary ------------------
cb = os.path.join(TMP, "codebook.csv")
with open(os.path.join(ROOT, "data", "codebook.csv"), encoding="utf-8") as fh:
    text = fh.read()
long_label = "æ" * 200
text = text.replace("Retningslinjerne godkendt af kommunalbestyrelsen: social boform", long_label)
with open(cb, "w", encoding="utf-8") as fh:
    fh.write(text)
reg = os.path.join(TMP, "kommuner.csv")
with open(os.path.join(ROOT, "data", "kommuner.csv"), encoding="utf-8") as fh:
    text = fh.read()
with open(reg, "w", encoding="utf-8") as fh:
    fh.write(text.replace("Region Hovedstaden", "Region " + "ø" * 70))
oc = os.path.join(TMP, "cut")
r = report(oc, DATA, "--codebook", cb, "--register", reg, "--option", "free-text")
notes = [ln for ln in r.stderr.splitlines() if "bemærkning" in ln and "forkortet" in ln]
check(any("svar-2008.sav" in ln and "2.1a" in ln and "256 bytes" in ln for ln in notes), "note: .sav variable label cut")
check(any("svar-2008.dta" in ln and "2.1a" in ln and "80 tegn" in ln for ln in notes), "note: .dta variable label cut")
check(any("svar-2008.sav" in ln and "værdietiket" in ln and "120 bytes" in ln for ln in notes), "note: .sav value label cut")
t = pspp(f"GET FILE='{oc}/svar-2008.sav'.\nDISPLAY DICTIONARY /VARIABLES=q2_1a region.\n", "cut")
lab = {r[0]: r[2] for r in find(t, "Variables")[1:] if r}
sav_label = lab.get("q2_1a", "")
check(sav_label == "[2.1a] " + "æ" * 124, f".sav label cut on a character boundary: {sav_label[:20]}... ({len(sav_label.encode())} bytes)")
vl = [r for r in find(t, "Value Labels") if len(r) > 2 and r[1] == "1"]
check(any(r[2] == "Region " + "ø" * 56 for r in vl), f".sav value label cut to 120 bytes on a boundary: {vl[:1]}")
rc = pd.io.stata.StataReader(os.path.join(oc, "svar-2008.dta"))
check(rc.variable_labels().get("q2_1a") == "[2.1a] " + "æ" * 73, ".dta label cut at 80 characters")
check(rc.value_labels().get("region", {}).get(1) == "Region " + "ø" * 70, ".dta value label whole")
rc.close()
cols_c, gc = agree(oc, 2008, "free-text")
check("q2_2_1" in gc[0] and "q18_1" in gc[0], "free-text: text questions present")
d = pd.read_stata(os.path.join(oc, "svar-2008.dta"))
check(d["q10_1"].iloc[0] == "Leverandøren afgiver faglige udtalelser", f"free-text: .dta text {d['q10_1'].iloc[0]!r}")

print(f"researchers: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
