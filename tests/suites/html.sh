#!/bin/sh
# The HTML report, rapport-<year>.html (run by tests/run_all.sh with the
# build dir as $1).
#
# Without a browser (always): written beside the PDF by a plain `report`;
# byte-identical over two runs and under LC_ALL=da_DK.UTF-8 (built with
# localedef into a temporary LOCPATH when the system has no da_DK);
# self-contained (no script, no external URL); lang="da"; the captions of
# tables.csv in report order, then the appendix; numbers as the PDF prints
# them; an answer holding markup (<script>, &, quotes) escaped in the
# appendix; and the markup balanced (Python's html.parser, a parser no one
# here wrote).
#
# In a real browser (skipped under the sanitizer build, like valgrind.sh):
# Debian's chromium, headless, driven by puppeteer-core from
# tests/browser (installed there with `npm ci` when node_modules is
# missing; npm packages are all that is downloaded), loads the file;
# axe-core reports zero WCAG 2.1 A/AA violations (screen and print media);
# the DOM read back has one h1, headings in order, every table a caption,
# every th a scope, every headers= and aria reference resolving, every
# link internal and resolving, the figure an SVG image with a name; a
# table, the figure and the first screen are photographed into
# $build/html-shots/.  Prints "html: N passed, N failed".
suite=html
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
tmp=$(mktemp -d /tmp/ak-htmlsuite-XXXXXX)

[ -f "$data" ] || { bad "$data missing"; finish; }
for run in a b; do
    LC_ALL=C.UTF-8 "$bin" report --year 2008 --internal --out "$tmp/$run" "$data" >"$tmp/$run.log" 2>&1
    rc=$?
    [ $rc -le 1 ] || { bad "report run $run exited $rc"; sed 's/^/  /' "$tmp/$run.log" | head; finish; }
done
html=$(ls "$tmp"/a/rapport-*.html 2>/dev/null | head -n 1)
[ -n "$html" ] || { bad "no rapport-<year>.html in the output"; ls "$tmp/a"; finish; }
name=$(basename "$html")
check "$name beside the PDF" test -f "$tmp/a/${name%.html}.pdf"
check "two runs give byte-identical HTML" cmp -s "$html" "$tmp/b/$name"

# The same bytes in a Danish locale (numbers must not take the locale's form).
loc=da_DK.UTF-8
if da_locale "$tmp/loc"; then
    [ -n "$locpath" ] && { LOCPATH=$locpath; export LOCPATH; }
    LC_ALL=$loc "$bin" report --year 2008 --internal --out "$tmp/da" "$data" >"$tmp/da.log" 2>&1
    check "the same HTML under LC_ALL=$loc" cmp -s "$html" "$tmp/da/$name"
else
    bad "no da_DK locale and none can be built (localedef, locales)"
fi
unset LOCPATH

# Self-contained, Danish, no script.
check "lang=\"da\" on <html>" grep -q '^<html lang="da">$' "$html"
check "no <script>" test "$(grep -ci '<script' "$html")" -eq 0
check "no external URL" test "$(grep -Eci '(src|href)="(https?:)?//' "$html")" -eq 0
check "style inline, with a print style sheet" grep -q '@media print' "$html"
check "the figure as inline SVG with role=img" grep -q '<svg [^>]*role="img"' "$html"
check "creation date from SOURCE_DATE_EPOCH" grep -q '<time datetime="2009-08-15">15. august 2009</time>' "$html"
sha=$(sha256sum "$data" | cut -c1-64)
check "input SHA-256 on the front page" grep -q "$sha" "$html"

# The captions in report order, as the PDF has them, then the appendix.
# Python's html.parser reads the text of every <caption> and heading and
# checks that every element it opened is closed in order.
cat >"$tmp/read.py" <<'EOF'
import sys
from html.parser import HTMLParser
VOID = {"meta", "link", "br", "img", "hr", "input", "col", "wbr"}
class R(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.out, self.grab = [], [], [], None
        self.caption = ""
    def handle_starttag(self, tag, attrs):
        if tag not in VOID and not (tag in ("rect", "line") and False):
            self.stack.append(tag)
        if tag in ("caption", "h1", "h2", "h3", "figcaption", "td"):
            self.grab = [tag, ""]
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "-"))
        else:
            self.stack.pop()
        if self.grab and self.grab[0] == tag:
            text = " ".join(self.grab[1].split())
            if tag == "caption":
                self.caption = text
            if tag == "td":
                self.out.append("td\t%s\t%s" % (text, self.caption))
            else:
                self.out.append("%s\t%s" % (tag, text))
            self.grab = None
    def handle_data(self, d):
        if self.grab:
            self.grab[1] += d
r = R()
r.feed(open(sys.argv[1], encoding="utf-8").read())
r.close()
for e in r.errors[:5]:
    print("error\t" + e)
if r.stack:
    print("error\tunclosed " + " ".join(r.stack[:5]))
print("\n".join(r.out))
EOF
python3 "$tmp/read.py" "$html" >"$tmp/read" 2>&1
check "markup balanced (html.parser)" test "$(grep -c '^error' "$tmp/read")" -eq 0
grep '^error' "$tmp/read" | head -5 | sed 's/^/  /'
check "one h1 with the report's title" test "$(grep -c '^h1	' "$tmp/read")" -eq 1
check_captions "$tmp/a/tables.csv" \
    "$(grep -E '^(caption|figcaption|h2)	' "$tmp/read" | cut -f2 | tr '\n' ' ')"
# Numbers as the PDF prints them: the PDF's text has every data cell of
# the HTML (decimal comma, thousands point), in the same order.
pdftotext -raw -enc UTF-8 "$tmp/a/${name%.html}.pdf" - 2>/dev/null | tr -s ' \n\f' '\n\n\n' >"$tmp/pdfwords"
# (not the figure's: the PDF draws those as a picture, bar by bar)
grep '^td	' "$tmp/read" | grep -v '	Tallene i ' | cut -f2 | grep -E '^-?[0-9][0-9.]*(,[0-9]+)?$' >"$tmp/htmlnums"
check "data cells found" test "$(wc -l <"$tmp/htmlnums")" -gt 100
grep '^td	.*	Tallene i ' "$tmp/read" | cut -f2 | grep -E '^-?[0-9][0-9.]*(,[0-9]+)?$' >"$tmp/fignums"
check "the figure's numbers as a table" test "$(wc -l <"$tmp/fignums")" -gt 0
check "a mean with a decimal comma (3,61)" grep -qx '3,61' "$tmp/fignums"
missing=$(grep -vxF -f "$tmp/pdfwords" "$tmp/fignums" | head -3)
check "the figure's numbers in the PDF's figure" test -z "$missing"
awk 'NR == FNR { want[++n] = $0; next } i < n && $0 == want[i + 1] { i++ }
     END { if (i < n) { print "  first number not found in order: " want[i + 1] " (#" i + 1 ")"; exit 1 } }' \
    "$tmp/htmlnums" "$tmp/pdfwords"
check "every number of the HTML's tables in the PDF, in order" test $? -eq 0

# Text from the data is escaped: an answer with markup in it reaches the
# appendix as text.
awk -F, -v OFS=, 'NR == 2 { $12 = "\"<script>x</script>&amp;\"\"'"'"'\"" } { print }' \
    tests/hostile/files/base.csv >"$tmp/markup.csv"
"$bin" report --year 2008 --internal --out "$tmp/m" "$tmp/markup.csv" >"$tmp/m.log" 2>&1
mh=$(ls "$tmp"/m/rapport-*.html 2>/dev/null | head -n 1)
check "report with markup in an answer" test -n "$mh"
check "markup in an answer escaped" grep -qF '&lt;script&gt;x&lt;/script&gt;&amp;amp;&quot;&#39;' "${mh:-/dev/null}"
check "no <script> from an answer" test "$(grep -ci '<script' "${mh:-/dev/null}")" -eq 0

# ---- the browser ------------------------------------------------------------
if nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan; then
    echo "html: browser check skipped under the sanitizer build (run once, in make test)"
    finish
fi
for tool in chromium node npm; do
    command -v $tool >/dev/null 2>&1 || { bad "$tool missing (make deps-test)"; finish; }
done
. tests/lib/browser.sh
browser_ready "$build" "$tmp/npm.log" ||
    { bad "npm ci in tests/browser failed"; tail -5 "$tmp/npm.log"; finish; }
shots=$build/html-shots
rm -rf "$shots"
node tests/browser/check.js "$html" "$shots" >"$tmp/browser" 2>&1
rc=$?
val() { sed -n "s/^$1=//p" "$tmp/browser" | head -n 1; }
if [ $rc -ne 0 ] || [ -z "$(val violations)" ]; then
    bad "the browser check did not run (exit $rc)"; sed 's/^/  /' "$tmp/browser" | head -20; finish
fi
check "axe: zero WCAG 2.1 A/AA violations" test "$(val violations)" = 0
grep '^violation:' "$tmp/browser" | sed 's/^/  /'
check "axe: rules passed" test "$(val axe_rules_passed)" -gt 10
check "axe, print media: zero violations" test "$(val print_violations)" = 0
check "the browser asked for nothing but the file" test "$(val external)" = 0
check "browser: lang da" test "$(val lang)" = da
check "browser: one h1, first" test "$(val h1)/$(val first_heading)" = 1/H1
check "browser: headings in order" test "$(val heading_skips)" = 0
ntab=$(grep -c '<table' "$html")
check "browser: every table ($ntab) read" test "$(val tables)" = "$ntab"
check "browser: every table has a caption" test "$(val captioned)" = "$ntab"
check "browser: every th has a scope" test "$(val th_without_scope)" = 0
check "browser: every data cell has a row header" test "$(val cells_without_row_header)" = 0
check "browser: every headers= names a th of its table" test "$(val bad_headers_refs)" = 0
# the contents link every chapter heading of the text (and more)
nhead=$(grep -o '<h2 id="b[0-9]*"' "$html" | wc -l)
check "browser: links to every chapter ($nhead) and more" test "$(val links)" -gt "$nhead"
check "contents: a link to each chapter" test "$(grep -o '<a href="#b[0-9]*">' "$html" | wc -l)" -ge "$nhead"
check "browser: every internal link resolves" test "$(val broken_links)" = 0
check "browser: every aria reference resolves" test "$(val broken_id_refs)" = 0
check "browser: ids unique" test "$(val duplicate_ids)" = 0
check "browser: the figure is a named SVG image" test "$(val svg_img)" = "$(val figures)"
check "browser: no script in the page" test "$(val scripts)" = 0
for png in tabel figur side; do
    check "screenshot $png.png" sh -c 'head -c 8 "$1" | od -An -c | grep -q "P   N   G"' - "$shots/$png.png"
done
echo "html: screenshots in $shots"
finish
