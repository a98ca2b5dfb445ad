#!/bin/sh
# Collect the seed corpus of one harness into DIR (flat, one file each):
# its committed seeds (tests/fuzz/corpus/<harness>/) plus the project's own
# inputs, so the seeds follow the tests as they grow.
#   tests/fuzz/seeds.sh HARNESS DIR
h=$1 out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
mkdir -p "$out"
case $h in
fuzz_ingest)
    set -- data/tilsyn-*.csv tests/data/*.csv tests/data/*/*.csv \
           tests/cases/*/*.csv tests/cases/*/*.tsv tests/cases/*/*.txt \
           tests/hostile/files/* ;;
fuzz_codebook)
    set -- data/codebook.csv data/checks.csv data/kommuner.csv \
           tests/cases/*/codebook*.csv tests/cases/*/checks*.csv ;;
fuzz_template)
    set -- templates/*.tpl tests/cases/*/*.tpl tests/cases/*/templates/*.tpl ;;
*)
    set -- ;;
esac
if [ "$h" = fuzz_codebook ]; then
    # codebook NUL checks: both parsed together (see fuzz_codebook.c)
    { cat data/codebook.csv; printf '\000'; cat data/checks.csv; } >"$out/combined"
fi
for f in tests/fuzz/corpus/$h/* "$@"; do
    [ -f "$f" ] || continue
    cp "$f" "$out/$(printf '%s' "$f" | tr '/' '_')"
done
exit 0
