#!/bin/sh
# Privacy: contact persons' data (codebook type pii: kontaktperson,
# kontakt_email, kontakt_telefon) never reaches any output.  Usage:
# privacy.sh BUILD_DIR.
#
# Inputs whose pii fields hold distinctive markers, in good rows and in
# rows that break things: routing violations and invalid values in the
# same row, a wrong municipality name, an unknown column, duplicated and
# unknown ids, a row with too many fields, an unterminated quote, a
# duplicated pii column, the markers quoted with delimiters and line ends
# inside, formula-like and over-long markers, and the Windows-1252 and
# UTF-16 dialects.  Each goes through `validate` (text and csv) and
# `report` (PDF included, read back with pdftotext; the HTML report as
# text; the workbook unzipped; the PX files as text; the respondent-level
# files svar-ÅR.sav/.dta/.csv and kodebog-ÅR.csv, also with
# --option frame,free-text; .sav read back with pspp-convert and .dta with
# pandas where installed, since the .sav's compression can split a
# string); no marker may occur in any output file, the PDF's text or raw
# bytes, the workbook's XML, stdout or stderr; the same for a second year
# compared with the first (report --compare, and --panel, which reads
# the first year's per-unit record panel-ÅR.csv).
# Prints "privacy: N passed, N failed".
suite=privacy
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root"
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-privacy-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
base=$root/tests/hostile/files/base.csv

# The markers: every pii value contains one of these (case-insensitive).
markers="PIIMARKNAVN piimarkmail PIIMARKTLF 4599887766"

# The variants are made from the base file, whose first fields hold no
# quoted delimiters, so that awk can address columns: pii columns are 3, 4
# and 5 (kontaktperson, kontakt_email, kontakt_telefon), q2_1a is 12.
# make VARIANT: the base with every pii field filled (each value distinct)
# and the variant's edits.
make() {
    awk -F, -v OFS=, -v v="$1" '
    NR == 1 {
        if (v == "unknown-columns") $0 = $0 ",kontakt_mobil,kontakt_privat"
        if (v == "dup-column") $0 = $0 ",KontaktPerson"
        print; next
    }
    {
        $3 = "\"Hanne PIIMARKNAVN-" NR " Sørensen, kontor\""
        $4 = "piimarkmail-" NR "@kommune.example.invalid"
        $5 = "+45 4599887766 PIIMARKTLF-" NR
        if (v == "warnings" && NR == 2) { $2 = "Frederiksborg"; $12 = "7" }
        if (v == "warnings" && NR == 3) $12 = "1"
        if (v == "ids" && NR == 3) $1 = "147"
        if (v == "ids" && NR == 4) $1 = "998"
        if (v == "tricky") {
            $3 = "\"=PIIMARKNAVN\r\nlinje 2; \"\"citat\"\", ende\""
            $4 = "\"@piimarkmail," NR "\""
            $5 = "-PIIMARKTLF"
            for (i = 0; i < 12; i++) $5 = $5 $5
        }
        line = $0
        if (v == "unknown-columns") line = line ",PIIMARKTLF-mobil-" NR ",piimarkmail-privat"
        if (v == "dup-column") line = line ",PIIMARKNAVN-igen"
        if (v == "fields" && NR == 3) line = line ",PIIMARKNAVN-ekstra,piimarkmail-ekstra"
        if (v == "quote" && NR == 4) sub(/ kontor"/, " kontor", line)
        print line
    }
    END { if (v == "quote-end") print "999,\"Hanne PIIMARKNAVN-aaben,piimarkmail-aaben" }' "$base"
}
d=$tmp/in
mkdir -p "$d"
for v in clean warnings unknown-columns ids fields quote quote-end dup-column tricky; do
    make $v >"$d/$v.csv"
done
# the dialects
if command -v iconv >/dev/null; then
    iconv -f UTF-8 -t CP1252 "$d/warnings.csv" | sed 's/,/;/g' >"$d/cp1252.csv"
    { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$d/warnings.csv"; } >"$d/utf16.csv"
fi

# check NAME FILE...: no marker in any of the files (text as is, PDFs as
# text and raw bytes).
check() {
    name=$1
    shift
    found=""
    for f in "$@"; do
        [ -f "$f" ] || continue
        set -- "$f"
        case $f in
        *.pdf)
            pdftotext -enc UTF-8 "$f" "$f.txt" 2>/dev/null || found="$found pdftotext failed on $f;"
            set -- "$f" "$f.txt" ;;
        *.sav)
            if command -v pspp-convert >/dev/null; then
                pspp-convert "$f" "$f.txt" 2>/dev/null || found="$found pspp-convert failed on $f;"
                set -- "$f" "$f.txt"
            fi ;;
        *.dta)
            if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
                /usr/bin/python3 -c 'import sys, pandas; pandas.read_stata(sys.argv[1], convert_categoricals=False).to_csv(sys.argv[2])' \
                    "$f" "$f.txt" 2>/dev/null || found="$found pandas failed on $f;"
                set -- "$f" "$f.txt"
            fi ;;
        *.xlsx)
            # a zip: scan every member's XML, uncompressed
            unzip -p "$f" >"$f.xml" 2>/dev/null && grep -q 'Validering' "$f.xml" ||
                found="$found unzip failed on $f;"
            set -- "$f" "$f.xml" ;;
        esac
        for g in "$@"; do
            for m in $markers; do
                grep -qiaF -- "$m" "$g" && found="$found '$m' in $(basename "$g");"
            done
        done
    done
    if [ -z "$found" ]; then ok; else bad "$name:$found"; fi
}

for f in "$d"/*.csv; do
    n=$(basename "$f" .csv)
    o=$tmp/out-$n
    mkdir -p "$o"
    (cd "$d" && "$bin" validate "$n.csv" >"$o/validate.stdout" 2>"$o/validate.stderr")
    (cd "$d" && "$bin" validate --format csv "$n.csv" >"$o/validate-csv.stdout" 2>"$o/validate-csv.stderr")
    (cd "$d" && "$bin" report --year 2008 --out "$o/report" "$n.csv" >"$o/report.stdout" 2>"$o/report.stderr")
    rc=$?
    (cd "$d" && "$bin" report --year 2008 --excel --no-pdf --out "$o/excel" "$n.csv" >"$o/excel.stdout" 2>"$o/excel.stderr")
    (cd "$d" && "$bin" report --year 2008 --option frame,free-text --no-pdf --out "$o/svar" "$n.csv" >"$o/svar.stdout" 2>"$o/svar.stderr")
    # the internal edition (validation appendix, provenance) and the text
    (cd "$d" && "$bin" report --year 2008 --internal --with text,fritekst --out "$o/internal" "$n.csv" >"$o/internal.stdout" 2>"$o/internal.stderr")
    check "$n" "$o"/*.stdout "$o"/*.stderr "$o"/report/* "$o"/excel/* "$o"/svar/* "$o"/internal/*
    # the fatal variants must fail, the others must have written a report
    case $n in
    ids|fields|quote|quote-end|dup-column)
        [ $rc -eq 2 ] && [ ! -e "$o/report" ] && ok || bad "$n: report exit $rc, expected 2 and no output" ;;
    *)
        [ $rc -eq 0 ] && [ -f "$o/report/tables.csv" ] && ls "$o"/report/*.pdf "$o"/report/*.xlsx \
            "$o"/report/tabel-2.2.px "$o"/report/*.html >/dev/null 2>&1 && ok ||
            bad "$n: report exit $rc: $(head -2 "$o/report.stderr")"
        ls "$o"/svar/svar-*.sav "$o"/svar/svar-*.dta "$o"/svar/svar-*.csv "$o"/svar/kodebog-*.csv >/dev/null 2>&1 && ok ||
            bad "$n: no svar files with --option frame,free-text" ;;
    esac
done

# The year-over-year outputs (sammenligning.csv, besvarelser-sammenligning,
# the PDF's comparison appendix) and the follow-up list, with last year's
# folder from the run above.
for n in clean warnings tricky; do
    o=$tmp/out-$n
    (cd "$d" && "$bin" report --year 2009 --compare "$o/report" --out "$o/cmp" "$n.csv" >"$o/cmp.stdout" 2>"$o/cmp.stderr")
    rc=$?
    [ $rc -le 1 ] && [ -f "$o/cmp/sammenligning.csv" ] && [ -f "$o/cmp/opfoelgning-2009.csv" ] && ok ||
        bad "$n: report --compare exit $rc: $(head -2 "$o/cmp.stderr")"
    check "$n --compare" "$o"/cmp.stdout "$o"/cmp.stderr "$o"/cmp/*
    # the per-unit record (panel-ÅR.csv) is among the files scanned above,
    # and the panel comparison built from it
    (cd "$d" && "$bin" report --year 2009 --compare "$o/report" --panel --out "$o/pan" "$n.csv" >"$o/pan.stdout" 2>"$o/pan.stderr")
    rc=$?
    [ $rc -le 1 ] && [ -s "$o/report/panel-2008.csv" ] && [ -s "$o/pan/panel-2009.csv" ] &&
        grep -q ',grundlag$' "$o/pan/sammenligning.csv" && ok ||
        bad "$n: report --compare --panel exit $rc: $(head -2 "$o/pan.stderr")"
    check "$n --panel" "$o"/pan.stdout "$o"/pan.stderr "$o"/pan/*
done

# The markers do reach the engine (so the test tests something): they are
# in the inputs, and the fields are read (validation counts the rows).
grep -q PIIMARKNAVN "$d/clean.csv" && grep -q '^30 besvarelser' "$tmp/out-clean/validate.stdout" && ok ||
    bad "the privacy inputs are not what this test thinks"

finish
