#!/usr/bin/python3
"""Put problems into generated rows (bench/gen.c output) for the parallel
suite: spoil.py MODE < rows.csv > spoiled.csv.

Modes:
  warn     a type problem (q1a = 7) every 7th row, a routing violation
           (q2a = 2 with q2_1a answered) every 11th, a text answer over
           three lines with doubled quotes every 5th, CRLF line ends on
           every 3rd row
  every    a routing violation on every row (the memory case)
  dup      'warn' plus the first respondent's id again near the end (fatal)
  quote    'warn' plus a quote inside an unquoted field (libcsv keeps it
           as text) early on, which misleads a quote count
"""
import csv
import io
import sys

mode = sys.argv[1]
reader = csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8",
                                     newline=""))
if mode == "every":
    # streaming (the bench spoils a million rows this way)
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    w = csv.writer(out, lineterminator="\n")
    head = next(reader)
    w.writerow(head)
    col = {name: i for i, name in enumerate(head)}
    for r in reader:
        r[col["q2a"]] = "2"
        r[col["q2_1a"]] = "1"
        w.writerow(r)
    out.flush()
    sys.exit(0)
rows = list(reader)
head, data = rows[0], rows[1:]
col = {name: i for i, name in enumerate(head)}
text = col.get("q2_2_1", len(head) - 1)
for n, r in enumerate(data, 1):
    if mode == "every" or n % 11 == 0:
        r[col["q2a"]] = "2"
        r[col["q2_1a"]] = "1"
    if mode != "every":
        if n % 7 == 0:
            r[col["q1a"]] = "7"
        if n % 5 == 0:
            r[text] = 'første linje, "citat"\nanden linje\r\ntredje ""linje""'
if mode == "dup":
    data[-3][0] = data[0][0]
out = io.StringIO(newline="")
w = csv.writer(out, lineterminator="\n")
w.writerow(head)
for n, r in enumerate(data, 1):
    w.writerow(r)
text_out = out.getvalue()
if mode != "every":
    # CRLF on every 3rd record: rewrite line ends outside quotes.
    lines, inq, rec, buf = [], False, 0, []
    for ch in text_out:
        if ch == '"':
            inq = not inq
        if ch == "\n" and not inq:
            rec += 1
            buf.append("\r\n" if rec % 3 == 0 else "\n")
            continue
        buf.append(ch)
    text_out = "".join(buf)
if mode == "quote":
    first, rest = text_out.split("\n", 1)
    a, b = rest.split("\n", 1)
    # row 1: a bare quote in the unquoted respondent id's neighbour field
    fields = a.split(",")
    fields[1] = fields[1] + 'x"y'
    text_out = first + "\n" + ",".join(fields) + "\n" + b
sys.stdout.buffer.write(text_out.encode("utf-8"))
