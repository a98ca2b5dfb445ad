#!/bin/sh
# The respondent-level files for researchers (svar-ÅR.sav/.dta/.csv,
# kodebog-ÅR.csv) read by programs no one here wrote: PSPP and pandas (see
# tests/lib/researchers.py for what is checked).  Skipped for the sanitizer
# build (the readers are heavy and run once).  Usage: researchers.sh
# BUILD_DIR.  Prints "researchers: N passed, N failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root"
if nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan; then
    echo "researchers: skipped for the sanitizer build $build"
    echo "researchers: 0 passed, 0 failed"
    exit 0
fi
for need in pspp pspp-convert; do
    if ! command -v $need >/dev/null; then
        echo "FAIL researchers: $need is not installed (apt-get install pspp)"
        echo "researchers: 0 passed, 1 failed"
        exit 1
    fi
done
# Debian's python3 with python3-pandas (not a virtualenv's python3).
py=/usr/bin/python3
if ! $py -c 'import pandas' 2>/dev/null; then
    echo "FAIL researchers: pandas is not installed (apt-get install python3-pandas)"
    echo "researchers: 0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-researchers-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
$py "$root/tests/lib/researchers.py" "$build/ankestat" "$root" "$tmp"
