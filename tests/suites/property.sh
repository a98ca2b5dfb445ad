#!/bin/sh
# Property test of the tabulation: PROP_COUNT (default 300) random response
# files, routing-consistent or not, each run through `ankestat report`, each
# tables.csv checked for the invariants listed in tests/prop/prop.c.
# Builds tests/prop/prop.c against the engine objects of the build dir with
# the Makefile's flags (CC, OPT, EXTRA_CFLAGS, EXTRA_LIBS come from make,
# e.g. under `make asan`).  Prints "property: N passed, N failed".
#   sh tests/suites/property.sh [BUILD_DIR]
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
case "$build" in /*) ;; *) build="$root/$build" ;; esac
count=${PROP_COUNT:-300}
seed=${PROP_SEED:-1}
CC=${CC:-cc}
OPT=${OPT:--O2 -g}
WERROR=${WERROR--Werror}
PKGS="glib-2.0 gsl pangocairo fontconfig cairo-pdf"
CFLAGS_ALL="-std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -Wshadow \
-Wmissing-prototypes -Wstrict-prototypes $WERROR $OPT -Iinclude \
$(pkg-config --cflags $PKGS) $EXTRA_CFLAGS"
LIBS_ALL="-lcsv $(pkg-config --libs $PKGS) $EXTRA_LIBS"
objs=$(ls "$build"/obj/*.o 2>/dev/null | grep -v '/cli\.o$')
if [ -z "$objs" ] || [ ! -x "$build/ankestat" ]; then
    echo "property: build '$build' first (make)"
    echo "property: 0 passed, 1 failed"
    exit 1
fi
mkdir -p "$build/prop"
# shellcheck disable=SC2086
if ! $CC $CFLAGS_ALL tests/prop/prop.c $objs $LIBS_ALL -o "$build/prop/prop"; then
    echo "property: cannot build tests/prop/prop.c"
    echo "property: 0 passed, 1 failed"
    exit 1
fi
work=$(mktemp -d) || exit 2
"$build/prop/prop" "$build/ankestat" "$root" "$work" "$seed" "$count"
rc=$?
if [ $rc -eq 0 ]; then
    rm -rf "$work"
else
    echo "property: failing inputs kept in $work"
fi
exit $rc
