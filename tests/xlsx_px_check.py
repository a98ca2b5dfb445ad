#!/usr/bin/python3
"""Read a report's workbook, PX files, wide CSVs and PDF text back and
check them against tables.csv (tests/suites/xlsx_px.sh runs this).

    xlsx_px_check.py OUTDIR INPUT.csv TEMPLATES_DIR [PDF_TEXT]

The workbook is read with openpyxl (Debian python3-openpyxl), a reader no
one here wrote; the PX files with tests/px_reader.py (strict, ours: no PX
validator exists on Debian).  Prints one line per check "ok: ..." or
"FAIL: ..." and exits 1 when any failed.

Checks:
  workbook: sheets "Indhold", one per table in report order, "Validering",
  "Opfølgning" (checked against opfoelgning-YEAR.csv in compare.sh);
    every link of the contents resolves to a sheet and every sheet is
    linked; no cell holds a formula (openpyxl and the raw XML: no <f>);
    every numeric cell of a table equals tables.csv (counts whole, percents
    as proportions with a '%' format, means with "0.00"), every "-" is an
    empty value there; row labels equal; merged ranges exactly where the
    wide CSV has column-group headers spanning several cells, all within
    the header rows; header rows frozen and repeated in print, A4, fit to
    one page wide; column widths at least the width of the texts and
    numbers (up to the caps); document properties from the templates
    (title, author) and provenance (input SHA-256, version) in the
    comments; "Validering" lists the rule summary and every problem of
    validering.csv in its order.
  PX: every file passes px_reader; TITLE equals the table's title (from
    the wide CSV); its cells equal tables.csv (rows by CODES = position,
    columns by CODES = column key, measures by CODES = measure key; ".." is
    an empty value).
  The same numbers everywhere: the wide CSV of every table, the workbook,
    the PX file and, with PDF_TEXT (pdftotext -raw), the PDF hold the same
    cells as tables.csv (the key figures, not in tables.csv, against their
    wide CSV).
"""
import csv
import hashlib
import os
import re
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import px_reader  # noqa: E402

import openpyxl  # noqa: E402

fails = 0


def check(ok, what):
    global fails
    if ok:
        print("ok: %s" % what)
    else:
        fails += 1
        print("FAIL: %s" % what)
    return ok


def stem_of(caption):
    s = caption.lower().replace(" ", "-").replace("/", "-")
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        s = s.replace(a, b)
    return s


def read_wide(path, labels):
    """The wide CSV: title row, header rows, the rows (found by their
    labels), below them notes.  Returns (title, header rows, data rows)."""
    rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
    title = rows[0][1] if len(rows[0]) > 1 else None
    start = None
    for i in range(1, len(rows)):
        if rows[i] and rows[i][0] == labels[0]:
            start = i
            break
    if start is None:
        return title, [], []
    return title, rows[1:start], rows[start:start + len(labels)]


def fmt_pdf(measure, value):
    """A tables.csv value as the PDF prints it (Danish)."""
    if value == "":
        return "-"
    neg = value.startswith("-")
    v = value.lstrip("-")
    whole, _, frac = v.partition(".")
    g = ""
    while len(whole) > 3:
        g = "." + whole[-3:] + g
        whole = whole[:-3]
    s = whole + g + ("," + frac if frac else "")
    return ("-" if neg else "") + s


def main(outdir, inp, tpldir, pdftext=None):
    # tables.csv: table -> ordered rows -> cells
    tables = {}
    order = []
    for r in csv.DictReader(open(os.path.join(outdir, "tables.csv"),
                                 encoding="utf-8", newline="")):
        t = tables.get(r["table"])
        if t is None:
            t = tables[r["table"]] = {"rows": [], "labels": {}, "cols": [],
                                      "meas": [], "cell": {}}
            order.append(r["table"])
        pos = int(r["row"])
        if pos not in t["labels"]:
            t["rows"].append(pos)
            t["labels"][pos] = r["row_label"]
        if r["column"] not in t["cols"]:
            t["cols"].append(r["column"])
        if r["measure"] not in t["meas"]:
            t["meas"].append(r["measure"])
        t["cell"][(pos, r["column"], r["measure"])] = r["value"]

    def flat(t):
        """Cells in print order: per row, columns outer, measures inner."""
        return [[t["cell"][(p, c, m)] for c in t["cols"] for m in t["meas"]]
                for p in t["rows"]]

    # The PX files: their TABLEID ties them to tables.csv ids.
    px_by_stem = {}
    pxfiles = sorted(f for f in os.listdir(outdir) if f.endswith(".px"))
    check(len(pxfiles) > 0, "PX files written (%d)" % len(pxfiles))
    for f in pxfiles:
        px, errs = px_reader.read(os.path.join(outdir, f))
        check(not errs, "%s passes the strict PX reader%s" %
              (f, "" if not errs else ": " + "; ".join(errs[:5])))
        if px:
            px_by_stem[f[:-3]] = px
    id_to_stem = {}
    for st, px in px_by_stem.items():
        tid = px.get("TABLEID")
        if tid:
            id_to_stem[tid[0]] = st
    check(all(t in id_to_stem for t in order),
          "a PX file for every table of tables.csv")

    # The workbook.
    xl = [f for f in os.listdir(outdir) if re.fullmatch(
        r"tabeller-[0-9]+\.xlsx", f)]
    if not check(len(xl) == 1, "one tabeller-<year>.xlsx"):
        return
    xpath = os.path.join(outdir, xl[0])
    with zipfile.ZipFile(xpath) as z:
        xml = {n: z.read(n).decode("utf-8") for n in z.namelist()
               if n.endswith(".xml")}
    check(not any(re.search(r"<f[ >]", x) for x in xml.values()),
          "no formula in the workbook's XML")
    badnum = [v for x in xml.values() for v in re.findall(
        r"<v>([^<]*)</v>", x)
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([Ee][+-]?[0-9]+)?", v)]
    check(not badnum, "every <v> is a C-locale number %r" % badnum[:3])
    badw = [v for x in xml.values() for v in re.findall(
        r'(?:width|ht|defaultRowHeight)="([^"]*)"', x)
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", v)]
    check(not badw, "every width and height is a C-locale number %r" %
          badw[:3])

    wb = openpyxl.load_workbook(xpath)
    names = wb.sheetnames
    check(names[0] == "Indhold" and names[-2:] == ["Validering",
                                                   "Opfølgning"],
          "contents first, validation and follow-up last (%s ... %s)" %
          (names[0], names[-2:]))
    formulas = [(ws.title, c.coordinate) for ws in wb.worksheets
                for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    check(not formulas, "no formula cell (openpyxl) %r" % formulas[:3])

    # contents links
    toc = wb["Indhold"]
    linked = []
    for row in toc.iter_rows():
        for c in row:
            if c.hyperlink is not None:
                loc = c.hyperlink.location or ""
                m = re.fullmatch(r"'((?:[^']|'')+)'!A1", loc)
                target = m.group(1).replace("''", "'") if m else None
                check(target in names and c.value == target,
                      "contents link %r resolves" % loc)
                linked.append(target)
    check(linked == names[1:], "every sheet linked from the contents, "
          "in order")

    # properties and provenance
    sha = hashlib.sha256(open(inp, "rb").read()).hexdigest()
    settxt = open(os.path.join(tpldir, "report.tpl"), encoding="utf-8").read()
    rtitle = re.search(r'^report\s+"([^"]*)"', settxt, re.M).group(1)
    author = re.search(r'^meta\s+author\s+"([^"]*)"', settxt, re.M).group(1)
    p = wb.properties
    check(p.title is not None and p.title.startswith(rtitle),
          "document title from the templates (%r)" % p.title)
    check(p.creator == author, "author from the templates (%r)" % p.creator)
    check(p.subject, "a subject (%r)" % p.subject)
    check(p.description and sha in p.description and "ankestat" in
          p.description, "input SHA-256 and version in the comments")

    # the tables, by sheet: caption -> stem -> wide CSV and PX
    sheet_of_stem = {stem_of(n): n for n in names[1:-1]}
    for tid in order:
        t = tables[tid]
        st = id_to_stem.get(tid)
        labels = [t["labels"][p] for p in t["rows"]]
        want = flat(t)
        # wide CSV
        wide = os.path.join(outdir, (st or "?") + ".csv")
        if not check(st and os.path.exists(wide), "%s: wide CSV" % tid):
            continue
        title, heads, rows = read_wide(wide, labels)
        check([r[0] for r in rows] == labels and
              [[("" if v == "-" else v) for v in r[1:]] for r in rows]
              == want, "%s: wide CSV cells equal tables.csv" % tid)
        # PX
        px = px_by_stem[st]
        check(px.get("TITLE") == [title], "%s: PX TITLE is the title" % tid)
        rv, cv, mv = px.variables()
        rc, cc, mc = px.codes[rv], px.codes[cv], px.codes[mv]
        ok = rc == [str(p) for p in t["rows"]] and cc == t["cols"] and \
            mc == t["meas"] and px.values[rv] == labels
        n = len(cc) * len(mc)
        pxcells = [[("" if v == ".." else v) for v in
                    px.cells[i * n:(i + 1) * n]] for i in range(len(rc))]
        check(ok and pxcells == want, "%s: PX cells equal tables.csv" % tid)
        # workbook
        sname = sheet_of_stem.get(st)
        if not check(sname is not None, "%s: a sheet" % tid):
            continue
        ws = wb[sname]
        grid = [[c for c in row] for row in ws.iter_rows()]
        first = next((i for i, r in enumerate(grid)
                      if r[0].value == labels[0]), None)
        if not check(first is not None, "%s: rows found in the sheet" % tid):
            continue
        got, fmt_ok = [], True
        for i, lab in enumerate(labels):
            r = grid[first + i]
            if r[0].value != lab:
                fmt_ok = False
            vals = []
            for k, c in enumerate(r[1:1 + n]):
                meas = t["meas"][k % len(t["meas"])]
                v = c.value
                if v == "-" and c.data_type == "s":
                    vals.append("")
                elif c.data_type == "n" and isinstance(v, (int, float)):
                    if meas == "procent":
                        fmt_ok &= "%" in c.number_format
                        vals.append("%d" % round(v * 100))
                    elif meas == "gennemsnit":
                        fmt_ok &= c.number_format == "0.00"
                        vals.append("%.2f" % v)
                    elif isinstance(v, float) and v != int(v):
                        vals.append("%.1f" % v)
                    else:
                        vals.append("%d" % v)
                else:
                    vals.append("?%r" % (v,))
            got.append(vals)
        check(got == want and fmt_ok,
              "%s: workbook cells equal tables.csv, labels and formats"
              % tid)
        # merged ranges: where the wide CSV's group header spans cells
        expect = set()
        for h in heads:
            cells = h[1:1 + n]
            pos = [k for k, v in enumerate(cells) if v]
            if not pos or not any(len(set(x for x in cells if x)) > 0
                                  for _ in [0]):
                continue
            for j, k in enumerate(pos):
                end = (pos[j + 1] if j + 1 < len(pos) else n) - 1
                if end > k:
                    expect.add((h[1 + k], k + 2, end + 2))
        got_m = set()
        in_head = True
        for rng in ws.merged_cells.ranges:
            if rng.min_col == 1 and rng.max_col == n + 1 and \
                    rng.min_row == rng.max_row and \
                    (rng.min_row == 1 or rng.min_row > first + len(labels)):
                continue   # the title and the notes, wrapped to the width
            in_head &= rng.min_row == rng.max_row and rng.max_row < first + 1
            got_m.add((ws.cell(rng.min_row, rng.min_col).value,
                       rng.min_col, rng.max_col))
        check(got_m == expect and in_head,
              "%s: merged header ranges where the groups are (%d)"
              % (tid, len(expect)))
        check(ws.freeze_panes == "B%d" % (first + 1),
              "%s: header rows and labels frozen" % tid)
        check(ws.page_setup.paperSize == 9 and
              ws.sheet_properties.pageSetUpPr.fitToPage and
              ws.page_setup.fitToHeight == 0 and
              ws.print_title_rows is not None,
              "%s: print: A4, one page wide, header rows repeated" % tid)
        wA = ws.column_dimensions["A"].width
        check(wA >= min(max(len(x) for x in labels), 60),
              "%s: label column as wide as its labels" % tid)
        # PDF: each row's label then its numbers, Danish style
        if pdftext is not None:
            missing = []
            for lab, vals in zip(labels, want):
                toks = lab.split() + [fmt_pdf(t["meas"][k % len(
                    t["meas"])], v) for k, v in enumerate(vals)]
                if " ".join(toks) not in pdftext:
                    missing.append(lab)
            if missing and len(t["meas"]) == 2:
                # a figure: per column, per row the bar's value and
                # "n = count" (src/output/pdf.c build_figure)
                seq = []
                for ci, c in enumerate(t["cols"]):
                    for p in t["rows"]:
                        seq += [fmt_pdf(t["meas"][0], t["cell"][(p, c, t[
                            "meas"][0])]), "n", "=", fmt_pdf(
                            t["meas"][1], t["cell"][(p, c, t["meas"][1])])]
                if " ".join(seq) in pdftext:
                    missing = []
            check(not missing, "%s: the PDF prints every row's numbers %r"
                  % (tid, missing[:2]))

    # The key figures (not in tables.csv): workbook against their CSV.
    for st, px in px_by_stem.items():
        tid = px.get("TABLEID")[0]
        if tid in tables:
            continue
        rv, cv, mv = px.variables()
        labels = px.values[rv]
        title, heads, rows = read_wide(os.path.join(outdir, st + ".csv"),
                                       labels)
        n = len(px.codes[cv]) * len(px.codes[mv])
        wide = [[("" if v == "-" else v) for v in r[1:]] for r in rows]
        pxc = [[("" if v == ".." else v) for v in px.cells[i * n:(i + 1) *
                                                          n]]
               for i in range(len(labels))]
        check(wide == pxc, "%s (not in tables.csv): PX equals its CSV" % tid)
        ws = wb[sheet_of_stem[st]]
        grid = [[c.value for c in row] for row in ws.iter_rows()]
        first = next(i for i, r in enumerate(grid) if r[0] == labels[0])
        meas = px.codes[mv]
        got = []
        for i in range(len(labels)):
            vals = []
            for k, v in enumerate(grid[first + i][1:1 + n]):
                m = meas[k % len(meas)]
                if v == "-":
                    vals.append("")
                elif m == "procent":
                    vals.append("%d" % round(v * 100))
                elif m == "gennemsnit":
                    vals.append("%.2f" % v)
                else:
                    vals.append("%g" % v)
            got.append(vals)
        check(got == wide, "%s: workbook equals its CSV" % tid)

    # Validering against validering.csv.
    vrows = list(csv.DictReader(open(os.path.join(outdir, "validering.csv"),
                                     encoding="utf-8", newline="")))
    ws = wb["Validering"]
    grid = [[c.value for c in row] for row in ws.iter_rows()]
    rules = [r for r in vrows if r["afsnit"] == "regel"]
    probs = [r for r in vrows if r["afsnit"] != "regel"]
    ri = next(i for i, r in enumerate(grid) if r[0] == "Regel") + 1
    got = [(grid[ri + k][0], grid[ri + k][1], grid[ri + k][2],
            grid[ri + k][3], grid[ri + k][4]) for k in range(len(rules))]
    want = [(r["besked"] or r["regel"], int(r["besvarelser"]),
             int(r["i orden"]), int(r["med problemer"]), int(r["med ubesvarede"]))
            for r in rules]
    check(got == want, "Validering: the rule summary of validering.csv")
    if probs:
        pi = next(i for i, r in enumerate(grid) if r[0] == "Nr.") + 1
        got = [(grid[pi + k][3], grid[pi + k][5], grid[pi + k][7],
                grid[pi + k][8]) for k in range(len(probs))]
        want = [(r["alvor"], r["kolonne"] or None, r["besked"] or None,
                 r["handling"] or None) for r in probs]
        check(got == want, "Validering: every problem of validering.csv "
              "in its order (%d)" % len(probs))
        check(len(grid) == pi + len(probs) or all(
            x is None for r in grid[pi + len(probs):] for x in r),
            "Validering: nothing after the problems")
    else:
        check(any(r[0] and r[0].startswith("Ingen") for r in grid),
              "Validering: says there are no problems")


if __name__ == "__main__":
    pdft = None
    if len(sys.argv) > 4:
        pdft = " ".join(open(sys.argv[4], encoding="utf-8").read().split())
    main(sys.argv[1], sys.argv[2], sys.argv[3], pdft)
    print("checks failed: %d" % fails)
    sys.exit(1 if fails else 0)
