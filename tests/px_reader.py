#!/usr/bin/python3
"""A strict reader of PX files (PX-2013), written for the tests: no PX
validator can be installed on Debian (see ../shared/design/format-notes.md
section 3), so every PX file ankestat writes is read back with this.

    px_reader.py FILE.px ...     prints every problem; exit 1 if any

What it insists on (the PX-2013 specification, PxTools/pxtools.github.io
docs/px-file-format/px-2013.md, and what PX-Web's parser needs):
  - UTF-8 without BOM, CRLF line ends, no line longer than 256 characters;
  - CHARSET="ANSI" first and CODEPAGE="utf-8" on a line of its own (PX-Web
    takes the encoding from the line starting "CODEPAGE=");
  - every statement KEYWORD[lang](subkeys)=values; with a known keyword,
    values quoted (no '"' inside), several values comma-separated, a text
    continued only as further quoted records, names in parentheses on one
    line; unquoted values only where the spec has numbers/YES/NO;
  - the mandatory keywords present (CONTENTS, DATA, DECIMALS, STUB and/or
    HEADING, MATRIX, SUBJECT-AREA, SUBJECT-CODE, TITLE, UNITS, VALUES and
    CODES for every variable, LANGUAGE, CREATION-DATE), each once where the
    spec says 1, in the spec's recommended order, DATA last;
  - lengths: MATRIX and SUBJECT-CODE <= 20, CONTENTS/SUBJECT-AREA/UNITS/
    each value <= 256, DATASYMBOLn <= 20; DECIMALS 0-15 (0-6 without
    SHOWDECIMALS), SHOWDECIMALS <= DECIMALS; CREATION-DATE "CCYYMMDD hh:mm";
  - variables: names unique, VALUES and CODES with the same count, codes
    unique; CONTVARIABLE one of them, with UNITS for each of its values;
    PRECISION/LAST-UPDATED/UNITS subkeys naming real values;
  - DATA: numbers with '.' as decimal point and no more decimals than
    DECIMALS, or the quoted symbols "." to "......" and "-"; as many cells
    as the product of the variables' value counts.
Returns the cube: variables with values and codes, the cells in order.
"""
import re
import sys

# The recommended order (px-2013.md "Recommended order of the keywords");
# a keyword listed twice (UNITS, PRECISION) may stand at either place.
ORDER = """CHARSET AXIS-VERSION CODEPAGE LANGUAGE LANGUAGES CREATION-DATE
NEXT-UPDATE PX-SERVER DIRECTORY-PATH UPDATE-FREQUENCY TABLEID SYNONYMS
DEFAULT-GRAPH DECIMALS SHOWDECIMALS ROUNDING MATRIX AGGREGALLOWED AUTOPEN
SUBJECT-CODE SUBJECT-AREA CONFIDENTIAL COPYRIGHT DESCRIPTION TITLE
DESCRIPTIONDEFAULT CONTENTS UNITS STUB HEADING CONTVARIABLE VALUES TIMEVAL
CODES DOUBLECOLUMN PRESTEXT DOMAIN VARIABLE-TYPE HIERARCHIES HIERARCHYLEVELS
HIERARCHYLEVELSOPEN HIERARCHYNAMES MAP PARTITIONED ELIMINATION PRECISION
LAST-UPDATED STOCKFA CFPRICES DAYADJ SEASADJ UNITS CONTACT REFPERIOD
BASEPERIOD DATABASE SOURCE SURVEY LINK INFOFILE FIRST-PUBLISHED META-ID
OFFICIAL-STATISTICS INFO NOTEX NOTE VALUENOTEX VALUENOTE CELLNOTEX CELLNOTE
DATASYMBOL1 DATASYMBOL2 DATASYMBOL3 DATASYMBOL4 DATASYMBOL5 DATASYMBOL6
DATASYMBOLSUM DATASYMBOLNIL DATANOTECELL DATANOTESUM DATANOTE KEYS
ATTRIBUTE-ID ATTRIBUTE-TEXT ATTRIBUTES PRECISION DATA""".split()
MANDATORY = ["CONTENTS", "DATA", "DECIMALS", "MATRIX", "SUBJECT-AREA",
             "SUBJECT-CODE", "TITLE", "UNITS", "LANGUAGE", "CREATION-DATE"]
ONCE = {"CHARSET", "AXIS-VERSION", "CODEPAGE", "LANGUAGE", "CREATION-DATE",
        "TABLEID", "DECIMALS", "SHOWDECIMALS", "MATRIX", "SUBJECT-CODE",
        "SUBJECT-AREA", "TITLE", "CONTENTS", "STUB", "HEADING",
        "CONTVARIABLE", "SOURCE", "INFO", "DATA"}
UNQUOTED = {"DECIMALS", "SHOWDECIMALS", "PRECISION", "AGGREGALLOWED",
            "AUTOPEN", "COPYRIGHT", "ROUNDING", "CONFIDENTIAL",
            "DESCRIPTIONDEFAULT", "OFFICIAL-STATISTICS", "ELIMINATION"}
MAXLEN = {"MATRIX": 20, "SUBJECT-CODE": 20, "CONTENTS": 256,
          "SUBJECT-AREA": 256, "UNITS": 256, "CHARSET": 20, "CODEPAGE": 20,
          "AXIS-VERSION": 20, "LANGUAGE": 2}
for i in range(1, 7):
    MAXLEN["DATASYMBOL%d" % i] = 20
MAXLEN["DATASYMBOLNIL"] = 20
PERVALUE = {"VALUES", "CODES", "STUB", "HEADING", "CONTVARIABLE"}
SYMBOLS = {'"-"'} | {'"%s"' % ("." * n) for n in range(1, 7)}
NUM = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


class PxError(Exception):
    pass


class Px:
    def __init__(self):
        self.kw = []          # (keyword, lang, subkeys, values) in order
        self.stub = []
        self.heading = []
        self.values = {}
        self.codes = {}
        self.cells = []       # strings as written ("17", "3.61", "..")

    def get(self, key, sub=None):
        for k, _, s, v in self.kw:
            if k == key and (sub is None or s == sub):
                return v
        return None

    def variables(self):
        return self.stub + self.heading


def _tokens(text, errs):
    """Split the metadata part into statements (keyword part, values part,
    line number).  Quotes protect ';' '=' and ','."""
    i, n, line = 0, len(text), 1
    while i < n:
        while i < n and text[i] in " \r\n\t":
            line += text[i] == "\n"
            i += 1
        if i >= n:
            break
        start_line = line
        j = i
        while j < n and text[j] != "=":
            if text[j] == '"':
                k = text.find('"', j + 1)
                if k < 0:
                    raise PxError("line %d: unterminated quote" % line)
                if "\n" in text[j:k]:
                    errs.append("line %d: a name in parentheses spans lines"
                                % line)
                j = k
            j += 1
        if j >= n:
            raise PxError("line %d: statement without '='" % start_line)
        head = text[i:j]
        if "\n" in head:
            errs.append("line %d: keyword part spans lines" % start_line)
        if head.strip() == "DATA":
            yield head, text[j + 1:], start_line
            return
        k = j + 1
        inq = False
        while k < n and (inq or text[k] != ";"):
            if text[k] == '"':
                inq = not inq
            k += 1
        if k >= n:
            raise PxError("line %d: statement without ';'" % start_line)
        line += text[i:k + 1].count("\n")
        yield head, text[j + 1:k], start_line
        i = k + 1


HEAD = re.compile(r'^([A-Z0-9-]+)(\[([a-z]{2})\])?(\((.*)\))?$')


def _subkeys(s, where, errs):
    out = []
    for part in re.findall(r'"([^"]*)"|([^,\s]+)', s):
        if part[1]:
            errs.append("%s: unquoted subkey %r" % (where, part[1]))
        out.append(part[0])
    if not re.fullmatch(r'\s*"[^"]*"(\s*,\s*"[^"]*")*\s*', s):
        errs.append("%s: malformed subkeys %r" % (where, s))
    return tuple(out)


def _values(key, s, where, errs):
    """A list of values: quoted texts (records on further lines are one
    text), comma-separated; or one unquoted word."""
    s2 = s.strip()
    if not s2:
        errs.append("%s: no value" % where)
        return []
    if '"' not in s2:
        if key not in UNQUOTED:
            errs.append("%s: value not quoted: %r" % (where, s2))
        if "," in s2 or "\n" in s2:
            errs.append("%s: several unquoted values" % where)
        return [s2]
    vals, cur, i = [], None, 0
    expect_sep = False
    while i < len(s2):
        c = s2[i]
        if c in " \r\n\t":
            i += 1
            continue
        if c == '"':
            k = s2.find('"', i + 1)
            if k < 0:
                errs.append("%s: unterminated quote" % where)
                return vals
            piece = s2[i + 1:k]
            if "\n" in piece or "\r" in piece:
                errs.append("%s: line end inside a quoted value" % where)
            if cur is None:
                cur = piece
            else:
                # a further record: only where the previous one ended a line
                if "\n" not in s2[s2.rfind('"', 0, i):i]:
                    errs.append("%s: two quoted texts without ','" % where)
                cur += piece
            i = k + 1
            expect_sep = True
            continue
        if c == ",":
            if cur is None:
                errs.append("%s: empty value before ','" % where)
            vals.append(cur)
            cur = None
            expect_sep = False
            i += 1
            continue
        errs.append("%s: stray %r outside quotes" % (where, c))
        i += 1
    if cur is None:
        errs.append("%s: value list ends with ','" % where)
    else:
        vals.append(cur)
    del expect_sep
    return vals


def read(path):
    """Read and check one PX file; returns (Px, [problems])."""
    errs = []
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        errs.append("has a BOM")
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, ["not UTF-8: %s" % e]
    if "\r\n" not in text or re.search(r"(?<!\r)\n", text):
        errs.append("lines do not all end in CRLF")
    for no, ln in enumerate(text.split("\r\n"), 1):
        if len(ln) > 256:
            errs.append("line %d: %d characters (> 256)" % (no, len(ln)))
    lines = text.split("\r\n")
    if not lines[0] == 'CHARSET="ANSI";':
        errs.append('first line is not CHARSET="ANSI";')
    if not any(ln == 'CODEPAGE="utf-8";' for ln in lines[:100]):
        errs.append('no line CODEPAGE="utf-8"; in the first 100')

    px = Px()
    last_pos = -1
    seen = {}
    data = None
    try:
        for head, vals, line in _tokens(text, errs):
            where = "line %d" % line
            m = HEAD.match(head.strip())
            if not m:
                errs.append("%s: malformed keyword %r" % (where, head))
                continue
            key, lang, sub = m.group(1), m.group(3), m.group(5)
            if key not in ORDER:
                errs.append("%s: unknown keyword %s" % (where, key))
                continue
            positions = [i for i, k in enumerate(ORDER) if k == key]
            ok = [p for p in positions if p >= last_pos]
            if not ok:
                errs.append("%s: %s out of order" % (where, key))
            else:
                last_pos = ok[0]
            subs = _subkeys(sub, where, errs) if sub is not None else None
            seen[key] = seen.get(key, 0) + 1
            if key in ONCE and subs is None and seen[key] > 1:
                errs.append("%s: %s given twice" % (where, key))
            if key == "DATA":
                data = vals
                continue
            v = _values(key, vals, where, errs)
            # multi-line texts (TITLE, NOTEX ...) are limited per line,
            # checked above; names and single-line texts per value
            lim = MAXLEN.get(key, 256 if key in PERVALUE else None)
            for x in v:
                if lim is not None and x is not None and len(x) > lim:
                    errs.append("%s: %s value longer than %d" %
                                (where, key, lim))
            px.kw.append((key, lang, subs, v))
    except PxError as e:
        return None, errs + [str(e)]

    if data is None:
        return None, errs + ["no DATA"]
    for k in MANDATORY:
        if k not in seen:
            errs.append("mandatory keyword %s missing" % k)
    if "STUB" not in seen and "HEADING" not in seen:
        errs.append("neither STUB nor HEADING")
    px.stub = px.get("STUB") or []
    px.heading = px.get("HEADING") or []
    names = px.variables()
    if len(set(names)) != len(names):
        errs.append("variable names not unique: %r" % names)
    for var in names:
        vv = px.get("VALUES", (var,))
        cc = px.get("CODES", (var,))
        if vv is None:
            errs.append("no VALUES for %r" % var)
            vv = []
        if cc is None:
            errs.append("no CODES for %r" % var)
            cc = vv
        if len(vv) != len(cc):
            errs.append("%r: %d VALUES, %d CODES" % (var, len(vv), len(cc)))
        if len(set(cc)) != len(cc):
            errs.append("%r: codes not unique" % var)
        if len(set(vv)) != len(vv):
            errs.append("%r: values not unique" % var)
        px.values[var], px.codes[var] = vv, cc
    for k, _, s, v in px.kw:
        if k in ("VALUES", "CODES") and s and s[0] not in names:
            errs.append("%s for unknown variable %r" % (k, s[0]))

    dec = px.get("DECIMALS")
    try:
        decimals = int(dec[0])
    except (TypeError, ValueError, IndexError):
        errs.append("DECIMALS not a number: %r" % dec)
        decimals = 0
    show = px.get("SHOWDECIMALS")
    lim = 15 if show else 6
    if not 0 <= decimals <= lim:
        errs.append("DECIMALS %d out of 0-%d" % (decimals, lim))
    if show and not 0 <= int(show[0]) <= min(6, decimals):
        errs.append("SHOWDECIMALS %s not within 0..DECIMALS" % show[0])
    cd = px.get("CREATION-DATE")
    if not cd or not re.fullmatch(r"[0-9]{8} [0-9]{2}:[0-9]{2}", cd[0]):
        errs.append("CREATION-DATE not CCYYMMDD hh:mm: %r" % cd)

    cont = px.get("CONTVARIABLE")
    if cont:
        cv = cont[0]
        if cv not in names:
            errs.append("CONTVARIABLE %r is no variable" % cv)
        for val in px.values.get(cv, []):
            if px.get("UNITS", (val,)) is None:
                errs.append("no UNITS for content %r" % val)
        for k, _, s, v in px.kw:
            if k in ("UNITS", "LAST-UPDATED") and s is not None and \
                    s[0] not in px.values.get(cv, []):
                errs.append("%s(%r) names no content value" % (k, s[0]))
            if k == "PRECISION":
                if s is None or len(s) != 2 or s[0] not in names or \
                        s[1] not in px.values.get(s[0], []):
                    errs.append("PRECISION%r names no value" % (s,))
                elif not 1 <= int(v[0]) <= 6:
                    errs.append("PRECISION %s out of 1-6" % v[0])

    # DATA: cells separated by blanks (also ',' ';' tab), ';' at the end.
    body = data.strip()
    if not body.endswith(";"):
        errs.append("DATA does not end with ';'")
    body = body.rstrip(";")
    if ";" in body:
        errs.append("text after DATA's ';'")
    for tok in re.findall(r'"[^"]*"|[^\s,;"]+', body):
        if tok.startswith('"'):
            if tok not in SYMBOLS:
                errs.append("DATA: unknown symbol %s" % tok)
        elif not NUM.match(tok):
            errs.append("DATA: not a number: %r" % tok)
        elif "." in tok and len(tok.split(".")[1]) > decimals:
            errs.append("DATA: %s has more than %d decimals" % (tok,
                                                               decimals))
        px.cells.append(tok.strip('"') if tok.startswith('"') else tok)
    want = 1
    for var in names:
        want *= len(px.values.get(var, []))
    if len(px.cells) != want:
        errs.append("DATA has %d cells, the variables make %d" %
                    (len(px.cells), want))
    return px, errs


def main(argv):
    bad = 0
    for path in argv[1:]:
        px, errs = read(path)
        for e in errs:
            print("%s: %s" % (path, e))
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
