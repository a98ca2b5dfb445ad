#!/bin/sh
# Property test of the tabulation: PROP_COUNT (default 300) random response
# files, routing-consistent or not, each run through `ankestat report`, each
# tables.csv checked for the invariants listed in tests/prop/prop.c.
# tests/prop/prop.c is the Makefile's BUILD_DIR/tests/prop, built against
# the engine objects with the Makefile's flags (make test-helpers; see
# tests/lib/helper.sh).  Prints "property: N passed, N failed".
#   sh tests/suites/property.sh [BUILD_DIR]
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
case "$build" in /*) ;; *) build="$root/$build" ;; esac
count=${PROP_COUNT:-300}
seed=${PROP_SEED:-1}
. "$root/tests/lib/helper.sh"
if [ ! -x "$build/ankestat" ] || ! prop=$(test_helper "$build" prop); then
    echo "property: build '$build' first (make; make test-helpers)"
    echo "property: 0 passed, 1 failed"
    exit 1
fi
work=$(mktemp -d) || exit 2
"$prop" "$build/ankestat" "$root" "$work" "$seed" "$count"
rc=$?
if [ $rc -eq 0 ]; then
    rm -rf "$work"
else
    echo "property: failing inputs kept in $work"
fi
exit $rc
