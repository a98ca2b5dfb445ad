#!/bin/sh
# Run one golden tabulation case (tests/cases/tab-*/): build the input from
# rows.txt (see mkinput.awk), run `ankestat report` into out/, and write
# out/t<ID>.csv with the tables.csv lines of each table ID given, for
# comparison with expected.files/.  Extra report options may follow "--".
#   sh tabcase.sh 2.7 fig2.1 [-- --year 2009]
# Needs $ANKESTAT and $AK_HOME (set by tests/run_cases.sh).
ids=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do ids="$ids $1"; shift; done
[ "$1" = "--" ] && shift
in=$(mktemp) || exit 2
trap 'rm -f "$in"' EXIT
awk -f "$AK_HOME/tests/lib/csvsplit.awk" -f "$AK_HOME/tests/prop/mkinput.awk" "$AK_HOME/data/codebook.csv" rows.txt > "$in" || exit 2
err=$(mktemp) || exit 2
trap 'rm -f "$in" "$err"' EXIT
case " $* " in *" --year "*) ;; *) set -- --year 2008 "$@" ;; esac
"$ANKESTAT" report --no-pdf --out out "$@" "$in" 2>"$err"
rc=$?
if [ $rc -ne 0 ]; then cat "$err" >&2; exit $rc; fi
cp "$err" out/report.stderr
for id in $ids; do
    re=$(printf '%s' "$id" | sed 's/\./\\./g')
    grep "^$re," out/tables.csv > "out/t$id.csv"
done
