#!/bin/sh
# The output folder is the user's, the year is never silent, the command
# line is Danish in every locale, problems name their column, --excel covers
# validering.csv, one validate round is enough, --keep-last, and make
# install (issue 12).  Run by tests/run_all.sh with the build dir as $1.
#  - folders: foreign files, a mixed folder, an edited previous output, an
#    unchanged previous set, an empty folder, a subfolder: each with its
#    exit code and message, every foreign byte intact (sha256sum before and
#    after), no temporary directory left behind;
#  - the manifest ankestat-set.txt: its format and that its checksums are
#    those of the files (checked with sha256sum, not our code);
#  - default out/<year>/, a new year beside the last;
#  - --year missing or implausible; each option error and its wording;
#  - help under C, POSIX, C.UTF-8 and da_DK.UTF-8 (generated with
#    localedef into a temporary LOCPATH when not installed): the same
#    bytes, valid UTF-8, Danish, no GLib English;
#  - validering.csv with --excel read back by Python's csv module (BOM,
#    ';', a kolonne field);
#  - validate on a file with a duplicate id and warnings: exit 2 and every
#    problem listed; --keep-last: a warning naming both lines, and tables
#    equal to those of the file holding only the last row;
#  - make install into a temporary prefix, then a report from another
#    folder.
# Prints "userdir: N passed, N failed".
suite=userdir
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
data=$root/$data   # the engine runs in other folders
LC_ALL=C.UTF-8
export LC_ALL
tmp=$(mktemp -d /tmp/ak-userdir-XXXXXX)
asan=0
sanitized && asan=1

# Run the engine in $tmp/w: rc in $rc, stdout/stderr in $tmp/o, $tmp/e.
run() { (cd "$tmp/w" && "$bin" "$@" >"$tmp/o" 2>"$tmp/e" </dev/null); rc=$?; }
has() { grep -qF -- "$1" "$2"; }
sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
no_tmp() { ! ls -a "$1" | grep -q 'ankestat-tmp'; }
mkdir -p "$tmp/w"

# ---- the output folder ----------------------------------------------------

# 1. Foreign files only: refused, named, intact.
mkdir "$tmp/w/docs"
printf 'budget\n' >"$tmp/w/docs/budget-2009.xlsx"
printf 'notat \303\246\303\270\303\245\n' >"$tmp/w/docs/notat.docx"
sums "$tmp/w/docs" >"$tmp/before"
run report --year 2009 --no-pdf --out docs "$data"
check "foreign files: exit 2 (got $rc)" [ "$rc" = 2 ]
check "foreign files: names them" has "'budget-2009.xlsx' og 'notat.docx'" "$tmp/e"
check "foreign files: says what to do" has "vælg en ny eller tom mappe med --out" "$tmp/e"
sums "$tmp/w/docs" >"$tmp/after"
check "foreign files: every byte intact" cmp -s "$tmp/before" "$tmp/after"
check "foreign files: nothing added" [ "$(ls -A "$tmp/w/docs" | wc -l)" = 2 ]
check "foreign files: no temporary directory" no_tmp "$tmp/w"

# 2. A previous set: the manifest, and checksums sha256sum agrees with.
run report --year 2008 --no-pdf --out set "$data"
check "first set written (rc $rc)" [ "$rc" = 0 ]
m=$tmp/w/set/ankestat-set.txt
check "manifest exists" [ -f "$m" ]
check "manifest: format line" has "$(printf 'ankestat-set\t1')" "$m"
check "manifest: year" has "$(printf 'year\t2008')" "$m"
check "manifest: input name" has "$(printf 'input\ttilsyn-2008-rekonstrueret.csv')" "$m"
check "manifest: input sha256" has "$(printf 'input-sha256\t%s' "$(sha256sum <"$data" | cut -c1-64)")" "$m"
manifest_ok() {
    (cd "$tmp/w/set" && awk -F'\t' '$1 == "file" { print $2 "  " $3 }' ankestat-set.txt >"$tmp/m.sum" &&
     [ "$(wc -l <"$tmp/m.sum")" = "$(ls | grep -vc '^ankestat-set.txt$')" ] &&
     sha256sum -c --quiet "$tmp/m.sum")
}
check "manifest: every file, checksums right (sha256sum -c)" manifest_ok
check "manifest: tables.csv listed" grep -q "$(printf '^file\t[0-9a-f]\\{64\\}\ttables.csv$')" "$m"

# 3. The unchanged previous set is replaced (a dot-file is carried over).
printf 'keep\n' >"$tmp/w/set/.gitkeep"
cp "$tmp/w/set/tables.csv" "$tmp/tables.first"
run report --year 2008 --no-pdf --out set "$data"
check "unchanged set: replaced (rc $rc)" [ "$rc" = 0 ]
check "unchanged set: dot-file kept" [ "$(cat "$tmp/w/set/.gitkeep")" = keep ]
check "unchanged set: same tables" cmp -s "$tmp/tables.first" "$tmp/w/set/tables.csv"

# 4. Mixed: the set plus a foreign file: refused, both intact.
printf 'mine\n' >"$tmp/w/set/mine.txt"
sums "$tmp/w/set" >"$tmp/before"
run report --year 2008 --no-pdf --out set "$data"
check "mixed folder: exit 2 (got $rc)" [ "$rc" = 2 ]
check "mixed folder: names the foreign file" has "'mine.txt'" "$tmp/e"
sums "$tmp/w/set" >"$tmp/after"
check "mixed folder: every byte intact" cmp -s "$tmp/before" "$tmp/after"
rm "$tmp/w/set/mine.txt"

# 5. An output edited since: refused, edit intact.
printf '# min rettelse\n' >>"$tmp/w/set/tabel-2.1.csv"
sums "$tmp/w/set" >"$tmp/before"
run report --year 2008 --no-pdf --out set "$data"
check "edited output: exit 2 (got $rc)" [ "$rc" = 2 ]
check "edited output: names it as changed" has "'tabel-2.1.csv' ændret, siden ankestat skrev den" "$tmp/e"
check "edited output: says what to do" has "gem de ændrede filer et andet sted" "$tmp/e"
sums "$tmp/w/set" >"$tmp/after"
check "edited output: every byte intact" cmp -s "$tmp/before" "$tmp/after"
check "edited output: no temporary directory" no_tmp "$tmp/w"

# 6. A subfolder is in the way too; an empty folder is fine.
mkdir -p "$tmp/w/withsub/noter" "$tmp/w/empty"
run report --year 2008 --no-pdf --out withsub "$data"
check "subfolder: exit 2 and named" sh -c "[ $rc = 2 ] && grep -qF \"'noter'\" '$tmp/e'"
check "subfolder: still there" [ -d "$tmp/w/withsub/noter" ]
run report --year 2008 --no-pdf --out empty "$data"
check "empty folder: written (rc $rc)" sh -c "[ $rc = 0 ] && [ -f '$tmp/w/empty/tables.csv' ]"

# ---- a folder per year ------------------------------------------------------

mkdir "$tmp/w2"
(cd "$tmp/w2" && "$bin" report --year 2008 "$data" >/dev/null 2>&1)
check "default: out/2008/ with rapport-2008.pdf" [ -f "$tmp/w2/out/2008/rapport-2008.pdf" ]
(cd "$tmp/w2" && "$bin" report --year 2009 --no-pdf "$data" >/dev/null 2>"$tmp/e")
check "a new year: out/2009/" [ -f "$tmp/w2/out/2009/tables.csv" ]
check "a new year: last year's report still there" [ -f "$tmp/w2/out/2008/rapport-2008.pdf" ]
check "a new year: the message names out/2009" has "skrevet i 'out/2009'" "$tmp/e"
check "Makefile: make report writes out/2008" grep -q '^OUT *?= *out/\$(YEAR)' Makefile

# ---- the year ---------------------------------------------------------------

cp "$data" "$tmp/w/svar-2009.csv"
run report --no-pdf svar-2009.csv
check "no --year: exit 2" [ "$rc" = 2 ]
check "no --year: Danish message with an example" has "angiv undersøgelsesåret med --year, f.eks. ankestat report --year 2009 svar-2009.csv" "$tmp/e"
check "no --year: nothing written" [ ! -e "$tmp/w/out" ]
for y in 208 20099 1850 3000 2oo9; do
    run report --year "$y" --no-pdf svar-2009.csv
    check "--year $y: refused" sh -c "[ $rc = 2 ] && grep -qF \"'$y' er ikke et muligt undersøgelsesår\" '$tmp/e'"
done

# ---- option errors ----------------------------------------------------------

opterr() { # description, expected stderr text, then the arguments
    d=$1; want=$2; shift 2
    run "$@"
    check "$d: exit 2 (got $rc)" [ "$rc" = 2 ]
    check "$d: says '$want'" has "$want" "$tmp/e"
}
opterr "typo" "ukendt tilvalg '--yaer'; mente du --year?" report --yaer 2009 svar-2009.csv
opterr "one dash" "ukendt tilvalg '-year'; mente du --year?" report -year 2009 svar-2009.csv
opterr "typo, validate" "ukendt tilvalg '--fromat'; mente du --format?" validate --fromat csv svar-2009.csv
opterr "unknown" "ukendt tilvalg '--zzz'" report --zzz svar-2009.csv
opterr "validate --out" "tilvalget '--out' hører ikke til ankestat validate" validate --out x svar-2009.csv
opterr "validate --year" "tilvalget '--year' hører ikke til ankestat validate" validate --year 2009 svar-2009.csv
opterr "report --format" "tilvalget '--format' hører ikke til ankestat report" report --year 2009 --format csv svar-2009.csv
opterr "missing value" "tilvalget '--out' mangler en værdi (--out MAPPE)" report --year 2009 svar-2009.csv --out
opterr "value for a flag" "tilvalget '--excel' tager ingen værdi" report --year 2009 --excel=ja svar-2009.csv
opterr "twice" "tilvalget '--year' er angivet mere end én gang" report --year 2009 --year 2008 svar-2009.csv
opterr "no input" "angiv svarfilen (en CSV-fil), f.eks. ankestat report --year 2009 svar-2009.csv" report --year 2009
opterr "two inputs" "angiv præcis én svarfil, ikke to" validate a.csv b.csv
opterr "bad format" "ukendt format 'xml' (brug text eller csv)" validate --format xml svar-2009.csv
opterr "validate --excel without csv" "--excel gælder kun CSV: brug --format csv --excel" validate --excel svar-2009.csv
opterr "unknown command" "ukendt kommando 'repotr'; mente du report?" repotr
opterr "unknown output" "ukendt output 'pfd'" report --year 2009 --without pfd svar-2009.csv
run report --year=2008 --no-pdf --out eq svar-2009.csv
check "--year=2008 form accepted" [ "$rc" = 0 ]
check "no GLib English in option errors" sh -c "! grep -qi 'unknown option\|usage:' '$tmp/e'"

# ---- help in four locales ---------------------------------------------------

loc=C.UTF-8
if da_locale "$tmp/loc"; then
    da=da_DK.UTF-8
else
    da=; bad "da_DK.UTF-8 neither installed nor generated (package locales)"
fi
for cmd in report validate; do
    LC_ALL=C.UTF-8 "$bin" $cmd --help >"$tmp/help.ref" 2>&1
    check "$cmd --help: valid UTF-8" python3 -c "open('$tmp/help.ref', encoding='utf-8').read()"
    check "$cmd --help: Danish" has "Tilvalg:" "$tmp/help.ref"
    [ $cmd = report ] && check "report --help: the year is required" has "(skal angives)" "$tmp/help.ref"
    check "$cmd --help: 'ø' and 'å' intact" grep -q 'kodebogen\|undersøgelsesåret' "$tmp/help.ref"
    check "$cmd --help: no GLib English" sh -c "! grep -q 'Usage:\|Help Options' '$tmp/help.ref'"
    check "$cmd --help: no '?' for a letter" sh -c "! grep -q '[a-z]?[a-z]' '$tmp/help.ref'"
    for l in C POSIX $da; do
        if [ "$l" = "$da" ] && [ -n "$locpath" ]; then
            LOCPATH=$locpath LC_ALL=$l "$bin" $cmd --help >"$tmp/help.$l" 2>&1
        else
            LC_ALL=$l "$bin" $cmd --help >"$tmp/help.$l" 2>&1
        fi
        check "$cmd --help under $l: the same bytes as under C.UTF-8" cmp -s "$tmp/help.ref" "$tmp/help.$l"
    done
done
LC_ALL=C "$bin" report --yaer 1 x.csv 2>"$tmp/e.C"
LC_ALL=C.UTF-8 "$bin" report --yaer 1 x.csv 2>"$tmp/e.U"
check "option error under C: the same bytes" cmp -s "$tmp/e.C" "$tmp/e.U"

# ---- problems name their column; --excel validering.csv ---------------------

mkdir -p "$tmp/in"
python3 - "$data" "$tmp/in" <<'EOF'
import csv, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src, encoding='utf-8', newline='')))
head, body = rows[0], rows[1:]
q = head.index('q1a')
# warn.csv: a type error in q1a of the first row
w = [r[:] for r in body]; w[0][q] = '3'
# dup.csv: warn.csv with the second row repeated at the end, changed
d = [r[:] for r in w] + [w[1][:]]
qa = head.index('q1_1a')
d[-1][qa] = str(int(d[-1][qa] or 0) + 7)
# one.csv: one warning only (a name that does not match its number)
o = [r[:] for r in body]; o[0][head.index('kommune')] += 'x'
# last.csv: as dup.csv, but holding only the last row of that id
l = [r for i, r in enumerate(d) if i != 1]
for name, rs in (('warn', w), ('one', o), ('dup', d), ('last', l)):
    with open(f'{out}/{name}.csv', 'w', encoding='utf-8', newline='') as f:
        csv.writer(f, lineterminator='\n').writerows([head] + rs)
print(body[1][0], file=open(f'{out}/dupid', 'w'))
EOF
dupid=$(cat "$tmp/in/dupid")
run validate "$tmp/in/warn.csv"
check "validate text: question and column" grep -q "spørgsmål 1\.a (kolonne q1a), værdi '3'" "$tmp/o"
check "validate text: the legend explains fejl, advarsel, bemærkning" has "Bemærkning: til" "$tmp/o"
run report --year 2008 --no-pdf --excel --out excel "$tmp/in/warn.csv"
check "report --excel with a warning: rc 0" [ "$rc" = 0 ]
run report --year 2008 --no-pdf --out one "$tmp/in/one.csv"
check "report: 1 advarsel (singular)" has "; 1 advarsel, se valideringsrapporten" "$tmp/e"
check "name warning: question and column" has "(kolonne kommune)" "$tmp/w/one/validering.txt"
readback() {
    python3 - "$tmp/w/excel/validering.csv" <<'EOF'
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
rows = list(csv.reader(raw[3:].decode('utf-8').splitlines(), delimiter=';'))
head = rows[0]
assert 'kolonne' in head and 'spørgsmål' in head, head
assert head[-4:] == ['besvarelser', 'i orden', 'med problemer', 'med ubesvarede'], head
assert all(len(r) == len(head) for r in rows), 'ragged'
k, s = head.index('kolonne'), head.index('spørgsmål')
probs = [r for r in rows if r[0] == 'problem']
assert any(r[k] == 'q1a' and r[s] == '1.a' for r in probs), probs
EOF
}
check "--excel validering.csv read back (BOM, ';', kolonne field)" readback
run report --year 2008 --no-pdf --out plain "$tmp/in/warn.csv"
check "without --excel: validering.csv is comma-separated, no BOM" sh -c "head -c 7 '$tmp/w/plain/validering.csv' | grep -q '^afsnit,'"

# ---- one round is enough; --keep-last ---------------------------------------

run validate "$tmp/in/dup.csv"
check "validate, duplicate id: exit 2 (got $rc)" [ "$rc" = 2 ]
check "validate, duplicate id: the fatal problem listed" grep -q "fejl: spørgsmål Kommunenummer (kolonne kommunenr), værdi '$dupid': kommunenummeret '$dupid' står også i linje 3" "$tmp/o"
check "validate, duplicate id: points to --keep-last" has "1 række gentager et kommunenummer: ret filen, eller kør igen med --keep-last" "$tmp/e"
check "validate, duplicate id: the warning listed too" grep -q "kolonne q1a), værdi '3'" "$tmp/o"
run report --year 2008 --no-pdf --out dupout "$tmp/in/dup.csv"
check "report, duplicate id without --keep-last: fatal" sh -c "[ $rc = 2 ] && [ ! -e '$tmp/w/dupout' ]"
run validate --keep-last "$tmp/in/dup.csv"
check "validate --keep-last: warnings only (rc 1, got $rc)" [ "$rc" = 1 ]
n=$(wc -l <"$tmp/in/dup.csv")
check "validate --keep-last: a warning naming both lines" grep -q "advarsel: spørgsmål Kommunenummer (kolonne kommunenr), værdi '$dupid': kommunenummeret '$dupid' står også i linje $n; den sidste række bruges (linje 3 er ikke talt med)" "$tmp/o"
run report --year 2008 --no-pdf --out docs "$tmp/in/dup.csv"
check "report: a folder in the way and the input's problem in one round" sh -c "grep -qF \"'budget-2009.xlsx'\" '$tmp/e' && grep -qF 'står også i linje 3' '$tmp/e'"
run report --year 2008 --no-pdf --keep-last --out keep "$tmp/in/dup.csv"
check "report --keep-last: written (rc $rc)" [ "$rc" = 0 ]
run report --year 2008 --no-pdf --out last "$tmp/in/last.csv"
for f in tables.csv noegletal.csv tabel-2.1.csv; do
    check "report --keep-last: $f equals that of the file with the last row only" cmp -s "$tmp/w/keep/$f" "$tmp/w/last/$f"
done

# ---- make install -----------------------------------------------------------

if [ $asan = 1 ]; then
    echo "userdir: make install skipped under the sanitizer build"
else
    pfx=$tmp/prefix
    if make -s install PREFIX="$pfx" BUILD="$build" >"$tmp/install.log" 2>&1; then
        ok
        mkdir "$tmp/elsewhere"
        cp "$data" "$tmp/elsewhere/svar-2008.csv"
        (cd "$tmp/elsewhere" && env -u ANKESTAT_HOME "$pfx/bin/ankestat" report --year 2008 --no-pdf svar-2008.csv >/dev/null 2>"$tmp/e")
        check "installed: report from another folder" [ -f "$tmp/elsewhere/out/2008/tables.csv" ]
        check "installed: the same tables" cmp -s "$tmp/elsewhere/out/2008/tables.csv" "$tmp/w/set/tables.csv"
        check "installed: data under share/ankestat" [ -f "$pfx/share/ankestat/data/codebook.csv" ] 
        check "installed: templates under share/ankestat" [ -f "$pfx/share/ankestat/templates/report.tpl" ]
        (cd "$tmp/elsewhere" && ANKESTAT_HOME=$tmp/none "$pfx/bin/ankestat" validate svar-2008.csv >/dev/null 2>"$tmp/e")
        check "ANKESTAT_HOME wins, and a missing home is explained" has "sæt ANKESTAT_HOME til mappen med data/ og templates/" "$tmp/e"
    else
        bad "make install PREFIX=$pfx failed: $(tail -3 "$tmp/install.log")"
    fi
fi
finish
