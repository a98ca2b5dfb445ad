# Walks every published sentence of the 2008 report that carries a number
# (tests/golden/published-2008-sentences.csv) against the engine's text
# (tekst.md) and says which it is:
#   same     the engine writes the report's sentence verbatim;
#   wording  the numbers agree, the words differ (a band's quantifier, a
#            number at a sentence start as a word, a typo in the report):
#            the engine's sentence is given and must occur;
#   slip     the report contradicts its own tables: the engine writes the
#            consistent sentence (which must occur, the published one must
#            not), and data/discrepancies.csv lists it with the arithmetic
#            (its 'published' value in the published sentence, its
#            'reproducible' value in the engine's).
import csv, sys
text, golden, disc = sys.argv[1:4]
t = open(text, encoding='utf-8').read()
d = {}
for r in csv.DictReader(open(disc, encoding='utf-8')):
    d[','.join([r['table'], r['row'], r['column'], r['measure']])] = r
n = {'same': 0, 'wording': 0, 'slip': 0}
bad = 0
slips = []
for r in csv.DictReader(open(golden, encoding='utf-8')):
    st, pub, eng, why = r['status'], r['published'], r['engine'], r['reason']
    n[st] += 1
    if st == 'same':
        if pub not in t:
            bad += 1; print('MISSING same:', pub)
        continue
    if eng not in t:
        bad += 1; print('MISSING', st + ':', eng)
    if pub in t:
        bad += 1; print('UNEXPECTED published', st + ':', pub)
    if st == 'slip':
        k = d.get(why)
        if not k:
            bad += 1; print('NOT IN discrepancies.csv:', why); continue
        p = k['published'].split(' (')[0]
        if p not in pub or k['reproducible'] not in eng:
            bad += 1; print('VALUES DO NOT MATCH:', why)
        slips.append('%s: %s -> %s' % (why, k['published'], k['reproducible']))
print('sentences: %d same, %d wording, %d slip' % (n['same'], n['wording'], n['slip']))
for s in slips:
    print('slip', s)
sys.exit(1 if bad else 0)
