#!/bin/sh
# The PDF of the real report, checked structurally (run by tests/run_all.sh
# with the build dir as $1): every table's and the figure's caption in report
# order, the input's SHA-256 on the front page, every font embedded and
# DejaVu, the creation date from SOURCE_DATE_EPOCH, a stable page count,
# byte-identical PDFs from two runs, and the same PDF without any system font
# configuration.  Pages go to $build/pdf-pages/report/ as PNGs for review.
# Prints "pdf: N passed, N failed".
suite=pdf
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...

for tool in pdftotext pdffonts pdfinfo pdftoppm; do
    command -v $tool >/dev/null 2>&1 || { bad "$tool missing (poppler-utils)"; finish; }
done
if [ ! -f "$data" ]; then
    bad "$data missing"; finish
fi
tmp=$(mktemp -d /tmp/ak-pdfsuite-XXXXXX)

# a, b, c: the internal edition (validation appendix, provenance); d: the
# public edition, the default.
for run in a b; do
    "$bin" report --year 2008 --internal --out "$tmp/$run" "$data" >"$tmp/$run.log" 2>&1
    rc=$?
    if [ $rc -gt 1 ]; then
        bad "report run $run exited $rc"; sed 's/^/  /' "$tmp/$run.log" | head -20
        finish
    fi
done
pdf=$(ls "$tmp"/a/rapport-*.pdf 2>/dev/null | head -n 1)
if [ -z "$pdf" ]; then
    bad "no rapport-<year>.pdf in the output"; ls "$tmp/a"; finish
fi
name=$(basename "$pdf")
check "$name beside tables.csv" test -f "$tmp/a/tables.csv"
check "two runs give byte-identical PDFs" cmp -s "$pdf" "$tmp/b/$name"

# The renderer brings its own font configuration (the two DejaVu files):
# with an empty system configuration (no fonts, no rules) the PDF is the
# same, and so is what the run says (no font warning).
printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' >"$tmp/empty-fonts.conf"
FONTCONFIG_FILE="$tmp/empty-fonts.conf" "$bin" report --year 2008 --internal --out "$tmp/c" "$data" >"$tmp/c.log" 2>&1
check "the same PDF without a system font configuration" cmp -s "$pdf" "$tmp/c/$name"
sed "s|$tmp/a|OUT|g" "$tmp/a.log" >"$tmp/a.said"
sed "s|$tmp/c|OUT|g" "$tmp/c.log" >"$tmp/c.said"
check "no font warning without a system font configuration" cmp -s "$tmp/a.said" "$tmp/c.said"

# Fonts: all embedded, all DejaVu Sans.
pdffonts "$pdf" >"$tmp/fonts" 2>&1
nfonts=$(tail -n +3 "$tmp/fonts" | grep -c .)
check "fonts listed" test "$nfonts" -ge 2
col=$(head -n 1 "$tmp/fonts" | awk '{ print index($0, " emb ") + 1 }')
notemb=$(tail -n +3 "$tmp/fonts" | cut -c "$col-$((col + 2))" | grep -vc '^yes$')
check "every font embedded" test "$notemb" -eq 0
check "every font is DejaVu Sans" test "$(tail -n +3 "$tmp/fonts" | grep -vc '^[A-Z]*+DejaVuSans')" -eq 0
[ "$notemb" -eq 0 ] || cat "$tmp/fonts"

# Metadata and page count.
pdfinfo -isodates "$pdf" >"$tmp/info" 2>&1
pdfinfo -isodates "$tmp/b/$name" >"$tmp/info.b" 2>&1
pages=$(sed -n 's/^Pages: *//p' "$tmp/info")
check "page count stable" test "$pages" = "$(sed -n 's/^Pages: *//p' "$tmp/info.b")"
check "A4" grep -q '^Page size: *595.276 x 841.89 pts (A4)' "$tmp/info"
check "title set" grep -q '^Title: *[^ ]' "$tmp/info"
check "author" grep -q '^Author: *Ankestyrelsen$' "$tmp/info"
check "creator ankestat <version>" grep -q '^Creator: *ankestat [^ ]' "$tmp/info"
check "creation date from SOURCE_DATE_EPOCH" grep -q '^CreationDate: *2009-08-15T12:00:00' "$tmp/info"
check "modification date from SOURCE_DATE_EPOCH" grep -q '^ModDate: *2009-08-15T12:00:00' "$tmp/info"
today=$(date -u +%Y%m%d)
[ "$today" = 20090815 ] || check "no timestamp from the clock" test "$(grep -a -c "$today" "$pdf")" -eq 0

# Text: front page, then every caption in report order after the contents.
pdftotext -raw -enc UTF-8 "$pdf" - | tr -s ' \n\f\t' '    ' >"$tmp/text"
sha=$(sha256sum "$data" | cut -c1-64)
check "input SHA-256 on the provenance page" grep -q "$sha" "$tmp/text"
check "input name on the front page" grep -q "$(basename "$data")" "$tmp/text"
check "Danish date on the front page" grep -q "15. august 2009" "$tmp/text"
# Table ids in report order from tables.csv (first field, first appearance).
# The body starts after the contents' last line, "Bilag: Validering <page>".
check_captions "$tmp/a/tables.csv" \
    "$(awk '{ i = index($0, "Bilag: Validering"); print substr($0, i + 17) }' "$tmp/text")"

# The public edition: no validation appendix (named municipalities' raw
# answers), no provenance page.
"$bin" report --year 2008 --out "$tmp/d" "$data" >"$tmp/d.log" 2>&1
pdftotext -raw -enc UTF-8 "$tmp/d/$name" - | tr -s ' \n\f\t' '    ' >"$tmp/text.d"
check "public edition: no validation appendix" sh -c '! grep -q "Bilag: Validering" "$1"' - "$tmp/text.d"
check "public edition: no per-municipality problems" sh -c '! grep -q "Problemer i de enkelte besvarelser" "$1"' - "$tmp/text.d"
check "public edition: no provenance page" sh -c '! grep -q "Proveniens" "$1"' - "$tmp/text.d"
check "internal edition: provenance page" grep -q "Proveniens" "$tmp/text"

# The pages as PNGs for review.
rm -rf "$build/pdf-pages/report" && mkdir -p "$build/pdf-pages/report" &&
    cp "$pdf" "$build/pdf-pages/report/" &&
    check "pages rendered to PNG" pdftoppm -r 60 -png "$pdf" "$build/pdf-pages/report/page"
finish
