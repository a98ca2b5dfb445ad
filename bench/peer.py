#!/usr/bin/python3
"""peer.py: what an analyst would write with pandas to get some of the
report's tables from the questionnaire export.  A baseline for ankestat's
benchmark (bench/run.sh): tables 2.1, 2.2, 2.4, 2.9, 2.12 and the means of
figure 2.1, written in the tables.csv format (spec section 4), so run.sh can
check them against the engine's lines before any time counts.

    /usr/bin/python3 bench/peer.py INPUT.csv OUT.csv

Rounding as the report's: Python's round() is half-even on binary floats, so
everything is whole numbers: decimals are read as text into tenths (half up
on the digits), percents and means are integer quotients, half up, in int64.
"""
import csv
import sys

import numpy as np
import pandas as pd

NEED = ["q1a", "q1b", "q2a", "q2b", "q2_1a", "q2_1b", "q2_3a", "q2_3b",
        "q3_1a", "q3_1b", "q3_1c", "q3_1d", "q3_2a", "q3_2b", "q3_2c", "q3_2d",
        "q7a", "q7b", "q12a_sb", "q12b_sb", "q12c_sb", "q12a_eh", "q12b_eh", "q12c_eh"]
COLS = {"a": "social_boform", "b": "uden_for_social_boform"}


def by_unique(f):
    """Run a conversion on the distinct strings of a column only, then map
    back through the factorize codes: answers repeat, so this is the fast
    idiom (the .str methods on a million rows are slow)."""
    def g(s):
        codes, uniq = pd.factorize(s)
        return np.asarray(f(pd.Series(uniq, dtype=object)))[codes]
    g.__doc__ = f.__doc__
    return g


@by_unique
def yesno(s):
    """1 = Ja, 2 = Nej, 0 = not answered (blank or invalid)."""
    x = s.str.strip().str.lower()
    return np.where((x == "1") | (x == "ja"), 1, np.where((x == "2") | (x == "nej"), 2, 0))


@by_unique
def marked(s):
    return s.str.strip().isin(["1", "x", "X"]).to_numpy()


@by_unique
def count(s):
    """Whole number >= 0, or -1 when not answered."""
    x = s.str.strip()
    ok = x.str.fullmatch(r"[0-9]+").to_numpy()
    v = np.full(len(x), -1, dtype=np.int64)
    v[ok] = x[ok].astype(np.int64).to_numpy()
    return v


@by_unique
def tenths(s):
    """Decimal text -> tenths, half up on the digits; -1 when not answered."""
    x = s.str.strip()
    m = x.str.extract(r"^([0-9]+)(?:[.,]([0-9]*))?$")
    ok = m[0].notna().to_numpy()
    v = np.full(len(x), -1, dtype=np.int64)
    whole = m.loc[ok, 0].astype(np.int64).to_numpy()
    frac = (m.loc[ok, 1].fillna("") + "00").str[:2]
    d1 = frac.str[0].astype(np.int64).to_numpy()
    d2 = frac.str[1].astype(np.int64).to_numpy()
    v[ok] = whole * 10 + d1 + (d2 >= 5)
    return v


def pct(n, base):
    return "" if base == 0 else str((n * 200 + base) // (2 * base))


def mean2(sum10, n):
    if n == 0:
        return ""
    h = (sum10 * 20 + n) // (2 * n)
    return "%d.%02d" % (h // 100, h % 100)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: peer.py INPUT.csv OUT.csv")
    inp, outp = sys.argv[1], sys.argv[2]
    want = set(NEED)
    d = pd.read_csv(inp, dtype=str, keep_default_na=False, na_filter=False,
                    usecols=lambda c: c.strip().lower() in want, encoding="utf-8-sig")
    d.columns = [c.strip().lower() for c in d.columns]
    missing = [c for c in NEED if c not in d.columns]
    if missing:
        sys.exit("missing columns: " + ", ".join(missing))

    out = []

    def emit(table, labels, column, counts, base, procent=True):
        for i, (lab, n) in enumerate(zip(labels, counts), 1):
            out.append((table, i, lab, column, "antal", str(int(n))))
        if procent:
            for i, (lab, n) in enumerate(zip(labels, counts), 1):
                out.append((table, i, lab, column, "procent", pct(int(n), base)))

    q1 = {g: yesno(d["q1" + g]) for g in "ab"}
    q2 = {g: yesno(d["q2" + g]) for g in "ab"}
    nresp = len(d)

    # 2.1: q1b rows x q1a columns, respondents who answered both.
    both = (q1["a"] > 0) & (q1["b"] > 0)
    lab = ["Tilsyn uden for social boform", "Uden tilsyn uden for social boform", "I alt"]
    for key, cond in (("tilsyn_i_social_boform", q1["a"] == 1),
                      ("uden_tilsyn_i_social_boform", q1["a"] == 2),
                      ("i_alt", np.ones(nresp, dtype=bool))):
        m = both & cond
        emit("2.1", lab, key, [(m & (q1["b"] == 1)).sum(), (m & (q1["b"] == 2)).sum(), m.sum()],
             0, procent=False)

    # 2.2: guidelines, approval, plans; all respondents.
    lab = ["Ja, med godkendelse af kommunalbestyrelsen",
           "Ja, uden godkendelse af kommunalbestyrelsen", "Ja, uoplyst om godkendelse",
           "Ja, i alt", "Nej, men der er planlagt retningslinjer",
           "Nej, og der er ikke planlagt retningslinjer",
           "Nej, uoplyst med hensyn til planlægning", "Nej, i alt",
           "Uoplyst om ja eller nej", "Total"]
    c22 = {}
    for g in "ab":
        q, ap, pl = q2[g], yesno(d["q2_1" + g]), yesno(d["q2_3" + g])
        ja, nej = q == 1, q == 2
        c22[g] = [(ja & (ap == 1)).sum(), (ja & (ap == 2)).sum(), (ja & (ap == 0)).sum(),
                  ja.sum(), (nej & (pl == 1)).sum(), (nej & (pl == 2)).sum(),
                  (nej & (pl == 0)).sum(), nej.sum(), (q == 0).sum(), nresp]
    keep = list(range(10)) if c22["a"][8] + c22["b"][8] > 0 else [0, 1, 2, 3, 4, 5, 6, 7, 9]
    for g in "ab":
        emit("2.2", [lab[i] for i in keep], COLS[g], [c22[g][i] for i in keep], nresp)

    # 2.4: areas in the guidelines (multi-response), base q2x=1.
    lab = ["Opfølgning på tilsyn", "Indhold af tilsyn", "Hyppighed af tilsyn", "Andet", "I alt"]
    for g, blk in (("a", "q3_1"), ("b", "q3_2")):
        base = q2[g] == 1
        n = [(base & marked(d[blk + k])).sum() for k in "cabd"] + [base.sum()]
        emit("2.4", lab, COLS[g], n, int(base.sum()))

    # 2.9: q7x binned after rounding to tenths, base q1x=1.
    lab = ["0 tilsyn", "Færre end 1 tilsyn", "1 tilsyn", "1,1- 2 tilsyn", "Flere end 2 tilsyn",
           "Uoplyst", "I alt"]
    q7 = {g: tenths(d["q7" + g]) for g in "ab"}
    for g in "ab":
        v = q7[g][q1[g] == 1]
        n = [(v == 0).sum(), ((v > 0) & (v < 10)).sum(), (v == 10).sum(),
             ((v >= 11) & (v <= 20)).sum(), (v > 20).sum(), (v < 0).sum(), len(v)]
        emit("2.9", lab, COLS[g], n, len(v))

    # 2.12: share with a handleplan (q12a of q12a+b+c), base q1x=1.
    lab = ["100 procent har handleplan", "99-1 procent har handleplan",
           "0 procent har handleplan", "Uoplyst", "I alt"]
    for g, s in (("a", "_sb"), ("b", "_eh")):
        base = q1[g] == 1
        qa, qb, qc = (count(d["q12" + k + s])[base] for k in "abc")
        den = np.maximum(qa, 0) + np.maximum(qb, 0) + np.maximum(qc, 0)
        n = [((qa > 0) & (qa == den)).sum(), ((qa > 0) & (qa != den)).sum(), (qa == 0).sum(),
             (qa < 0).sum(), len(qa)]
        emit("2.12", lab, COLS[g], n, len(qa))

    # Figure 2.1: mean q7x of approved guidelines vs others, where q7x stated.
    lab = ["Retningslinjer godkendt af kommunalbestyrelsen", "Ikke godkendte eller ingen retningslinjer"]
    for g in "ab":
        stated = (q1[g] == 1) & (q7[g] >= 0)
        appr = (q2[g] == 1) & (yesno(d["q2_1" + g]) == 1)
        for r, m in ((1, stated & appr), (2, stated & ~appr)):
            n = int(m.sum())
            s10 = int(q7[g][m].sum())
            out.append(("fig2.1", r, lab[r - 1], COLS[g], "gennemsnit", mean2(s10, n)))
            out.append(("fig2.1", r, lab[r - 1], COLS[g], "antal", str(n)))

    with open(outp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["table", "row", "row_label", "column", "measure", "value"])
        w.writerows(out)


if __name__ == "__main__":
    main()
