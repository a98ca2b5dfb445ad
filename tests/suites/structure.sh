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
# cli.c names no output format: every file name comes from an output.
if grep -nE '(validering|rapport-|tables|tabel-|tabeller-|svar-|kodebog-)[^" ]*[.](csv|txt|pdf|xlsx|sav|dta|px|html)' "$root/src/cli.c"; then
    fail=$((fail + 1)); echo "FAIL structure: src/cli.c names an output file"
else
    pass=$((pass + 1))
fi
echo "structure: $pass passed, $fail failed"
[ $fail -eq 0 ]
