#!/usr/bin/python3
"""A second spreadsheet program agrees with openpyxl on every cell.

    xlsx_gnumeric_check.py BOOK.xlsx DIR

DIR holds Gnumeric's CSV of every sheet (ssconvert -S BOOK.xlsx DIR/s.csv
gives DIR/s.csv.0, .1, ...).  Each sheet's cells as openpyxl reads them
must equal Gnumeric's: texts the same, numbers the same value (Gnumeric
writes raw values, e.g. 0.19 for 19 %), empty cells empty.  Prints a line
per sheet and exits 1 when any differs.
"""
import csv
import sys

import openpyxl


def norm(rows):
    out = [[("" if v is None else v) for v in r] for r in rows]
    for r in out:
        while r and r[-1] == "":
            r.pop()
    while out and not out[-1]:
        out.pop()
    return out


def same(a, b):
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        try:
            return abs(float(b) - a) < 1e-9
        except ValueError:
            return False
    return str(a) == b


def main(book, d):
    wb = openpyxl.load_workbook(book)
    bad = 0
    for i, ws in enumerate(wb.worksheets):
        mine = norm([[c.value for c in r] for r in ws.iter_rows()])
        try:
            theirs = norm(list(csv.reader(open("%s/s.csv.%d" % (d, i),
                                               encoding="utf-8",
                                               newline=""))))
        except OSError as e:
            print("FAIL: %s: %s" % (ws.title, e))
            bad += 1
            continue
        diff = [(r, c, a, b) for r, (ra, rb) in enumerate(zip(mine, theirs))
                for c, (a, b) in enumerate(zip(ra + [""] * (len(rb) -
                                                            len(ra)),
                                               rb + [""] * (len(ra) -
                                                            len(rb))))
                if not same(a, b)]
        if len(mine) != len(theirs):
            diff.append(("rows", len(mine), len(theirs), ""))
        if diff:
            bad += 1
            print("FAIL: %s: %r" % (ws.title, diff[:3]))
        else:
            print("ok: %s (%d rows)" % (ws.title, len(mine)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
