#!/bin/sh
# Structure: no include cycle among the headers of include/ and no cycle
# among the modules of src/ (which object calls into which), from
# tools/include-graph.sh over the build.  Usage: structure.sh BUILD_DIR.
# Prints "structure: N passed, N failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
pass=0; fail=0
out=$(sh "$root/tools/include-graph.sh" "$build" 2>&1)
if printf '%s\n' "$out" | grep -q '^no include cycle among'; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL structure: $(printf '%s\n' "$out" | grep cycle)"
fi
if printf '%s\n' "$out" | grep -q '^no cycle among [0-9]* modules'; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL structure: $(printf '%s\n' "$out" | grep cycle)"
fi
# The command line (src/cli*.c) writes no output file itself: every file of a set comes from an
# output of the registry (it never opens a file for writing or asks the set
# for a path).
if grep -nE 'ak_outdir_path|fopen\([^)]*"[wa]' "$root"/src/cli*.c; then
    fail=$((fail + 1)); echo "FAIL structure: the command line writes a file itself"
else
    pass=$((pass + 1))
fi
echo "structure: $pass passed, $fail failed"
[ $fail -eq 0 ]
