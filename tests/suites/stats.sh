#!/bin/sh
# The uncertainty file (usikkerhed-YEAR.csv) of the 2008 report checked
# against programs no one here wrote: R's survey package and base R
# (tests/suites/stats.R: svydesign(fpc=) + svyciprop(method = "beta") for
# table percents on whole-population and domain bases, svymean() of the
# paired difference, the mid-p McNemar hand formula, weighted.mean() and
# quantile(type = 7) for figure 2.1), within 1e-5 percent points.  Also:
# byte-identical reruns, the same file under da_DK.UTF-8 when that locale
# exists, the published tables unchanged by the new output, and a broken
# statistics file stops the run.  Skipped under the sanitizer build (R runs
# once, in the plain build).  Prints "stats: N passed, N failed".
suite=stats
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root" SOURCE_DATE_EPOCH=1700000000
if sanitized; then
    echo "stats: skipped for the sanitizer build $build"
    finish
fi
command -v Rscript >/dev/null 2>&1 || { bad "Rscript missing (r-base-core)"; finish; }
Rscript -e 'suppressPackageStartupMessages(library(survey))' >/dev/null 2>&1 ||
    { bad "R package survey missing (r-cran-survey)"; finish; }
tmp=$(mktemp -d /tmp/ak-stats-XXXXXX)

check "report runs" "$bin" report --year 2008 --no-pdf --out "$tmp/a" "$data" 2>"$tmp/err"
f=$tmp/a/usikkerhed-2008.csv
check "usikkerhed-2008.csv written by default" test -s "$f"
check "header" sh -c "head -n 1 '$f' | grep -qx 'table,row,row_label,column,measure,estimate,lower,upper,method,n'"
check "no warnings from the statistics" sh -c "! grep -q 'usikkerheden for' '$tmp/a/validering.txt' '$tmp/err'"
check "the method is named on every line" sh -c "awk -F, 'NR > 1 && \$(NF-1) == \"\" { exit 1 }' '$f'"

# R's verdict
out=$(Rscript tests/suites/stats.R "$data" data/kommuner.csv "$f" 2>&1)
printf '%s\n' "$out" | grep -v '^R: ' | sed 's/^/stats: R: /'
last=$(printf '%s\n' "$out" | tail -n 1)
rp=$(printf '%s\n' "$last" | sed -n 's/^R: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
rf=$(printf '%s\n' "$last" | sed -n 's/^R: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -z "$rp" ]; then bad "R did not finish: $last"; else
    pass=$((pass + rp)); fail=$((fail + rf))
    check "R ran its checks" test "$rp" -gt 50
fi

# the same bytes again, and under a Danish locale
check "rerun" "$bin" report --year 2008 --no-pdf --out "$tmp/b" "$data" 2>/dev/null
check "byte-identical rerun" cmp -s "$f" "$tmp/b/usikkerhed-2008.csv"
# (da_DK built into the scratch folder with localedef when not installed)
if da_locale "$tmp/loc"; then
    check "da_DK run" env ${locpath:+LOCPATH=$locpath} LC_ALL=da_DK.UTF-8 "$bin" report --year 2008 --no-pdf --out "$tmp/c" "$data" 2>/dev/null
    check "same file under da_DK.UTF-8" cmp -s "$f" "$tmp/c/usikkerhed-2008.csv"
else
    echo "stats: da_DK.UTF-8 not installed; locale check skipped"
fi

# the published tables do not change with the new output
check "run without the output" "$bin" report --year 2008 --no-pdf --without usikkerhed --out "$tmp/d" "$data" 2>/dev/null
check "--without usikkerhed writes no file" test ! -e "$tmp/d/usikkerhed-2008.csv"
for g in "$tmp"/d/*; do
    # (the set's manifest lists the files, so it differs by one line)
    [ "$(basename "$g")" = ankestat-set.txt ] && continue
    check "$(basename "$g") the same with and without" cmp -s "$g" "$tmp/a/$(basename "$g")"
done

# the methods section of Bilag 1 in the PDF, with the key figures'
# intervals as the file gives them (row 14 of the key figures: 36 of 89)
if command -v pdftotext >/dev/null 2>&1; then
    check "report with PDF" "$bin" report --year 2008 --out "$tmp/p" "$data" 2>/dev/null
    pdftotext -layout "$tmp/p/rapport-2008.pdf" "$tmp/p.txt"
    check "methods section in the PDF" grep -q "Bilag 1 .*95 pct.-interval og grænser ved bortfald" "$tmp/p.txt"
    iv=$(awk -F, '$1 == "noegletal" && $2 == 14 && $5 == "procent" {
        printf "%.1f %.1f %.1f", $6, $7, $8 }' "$f" | tr . ,)
    bd=$(awk -F, '$1 == "noegletal" && $2 == 14 && $5 == "bortfald" {
        printf "%.1f %.1f", $7, $8 }' "$f" | tr . ,)
    check "key figure 14 in the PDF: $iv $bd" sh -c "sed -n '/^Bilag 1 /,\$p' '$tmp/p.txt' |
        tr -s ' ' | grep -q -- '$iv $bd'"
    check "the PDF says it is Korn-Graubard" grep -q "Korn-Graubard" "$tmp/p.txt"
else
    bad "pdftotext missing (poppler-utils)"
fi

# intervals in the published tables only when asked for
check "no interval tables by default" sh -c "! ls '$tmp/a' | grep -q -- '-interval.csv'"
check "--with intervaller" "$bin" report --year 2008 --no-pdf --with intervaller --out "$tmp/i" "$data" 2>/dev/null
iv=$tmp/i/tabel-2.2-interval.csv
check "tabel-2.2-interval.csv written" test -s "$iv"
# (R reads both files: labels hold commas)
cat >"$tmp/iv.R" <<'RSCRIPT'
a <- commandArgs(trailingOnly = TRUE)
rd <- function(p) read.csv(p, header = FALSE, colClasses = "character",
                           encoding = "UTF-8", fill = TRUE, col.names = paste0("V", 1:12))
pub <- rd(a[1]); ivt <- rd(a[2])
unc <- read.csv(a[3], colClasses = "character", encoding = "UTF-8")
stopifnot(nrow(pub) == nrow(ivt), nrow(pub) > 5)
ok <- 0
for (i in 4:nrow(pub)) {
    if (startsWith(pub$V1[i], "Anm")) break
    stopifnot(identical(unlist(pub[i, 1:5], use.names = FALSE),
                        unlist(ivt[i, c(1, 2, 3, 6, 7)], use.names = FALSE)))
    for (k in 1:2) {
        col <- c("social_boform", "uden_for_social_boform")[k]
        lo <- c(4, 8)[k]
        r <- unc[unc$table == "2.2" & unc$row_label == pub$V1[i] & unc$column == col &
                 unc$measure == "procent" & unc$lower != "", ]
        if (nrow(r) == 1) {
            stopifnot(ivt[i, lo] == sprintf("%.1f", as.numeric(r$lower)),
                      ivt[i, lo + 1] == sprintf("%.1f", as.numeric(r$upper)))
            ok <- ok + 1
        } else {
            stopifnot(ivt[i, lo] == "-", ivt[i, lo + 1] == "-")
        }
    }
}
stopifnot(ok >= 16)
RSCRIPT
check "its published columns are tabel-2.2.csv's, its intervals the file's" \
    Rscript "$tmp/iv.R" "$tmp/i/tabel-2.2.csv" "$iv" "$f"

# a broken statistics file is an error with its line
printf 'setting,value\nlevel,95\nniveau,3\n' > "$tmp/bad.csv"
"$bin" report --year 2008 --no-pdf --statistics "$tmp/bad.csv" --out "$tmp/e" "$data" 2>"$tmp/err"
check "unknown setting: exit 2" test $? -eq 2
check "unknown setting named with its line" grep -q "bad.csv:3:1: fejl: ukendt indstilling 'niveau'" "$tmp/err"
finish
