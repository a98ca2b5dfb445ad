#!/bin/sh
# Fuzzing smoke run.  Usage: fuzz-smoke.sh BUILD_DIR.
#
# Builds the libFuzzer harnesses (make fuzz-build: clang, ASan+UBSan, in
# build/fuzz), replays every regression input of tests/fuzz/regressions/
# <harness>/ (one test each: crashes, hangs and leaks the fuzzers found,
# since fixed) and every seed of each harness, then fuzzes each harness
# for FUZZ_SMOKE_SECONDS (default 10 with the plain build dir, 0 with the
# sanitizer build dir, whose run would repeat the same work).
# `make fuzz` is the long run (FUZZ_SECONDS each, default 60).  Everything
# it writes goes to build/fuzz and a temporary directory (a crash while
# replaying leaves its artifact there, not in the working directory).
# Prints "fuzz-smoke: N passed, N failed".
build=${1:-build}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
secs=${FUZZ_SMOKE_SECONDS:-10}
case $build in *asan*) secs=${FUZZ_SMOKE_SECONDS:-0} ;; esac
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL fuzz-smoke: $*"; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-fuzz-smoke-XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if ! make --no-print-directory -s fuzz-build >"$tmp/build.log" 2>&1; then
    bad "make fuzz-build failed:"; tail -15 "$tmp/build.log"
    echo "fuzz-smoke: $pass passed, $fail failed"
    exit 1
fi
fz=$root/build/fuzz/fuzzers
for bin in "$fz"/fuzz_*; do
    h=$(basename "$bin")
    for f in tests/fuzz/regressions/"$h"/*; do
        [ -f "$f" ] || continue
        if "$bin" -timeout=20 -rss_limit_mb=2560 -artifact_prefix="$tmp/" "$f" >"$tmp/replay.log" 2>&1; then ok; else
            bad "$h does not survive regression $f:"
            grep -m3 -E 'ERROR|SUMMARY|property violated|runtime error' "$tmp/replay.log" | sed 's/^/    /'
        fi
    done
    mkdir -p "$tmp/seeds-$h"
    sh tests/fuzz/seeds.sh "$h" "$tmp/seeds-$h"
    if "$bin" -runs=0 -timeout=20 -rss_limit_mb=2560 -max_len=16777216 -artifact_prefix="$tmp/" \
            "$tmp/seeds-$h" >"$tmp/seeds.log" 2>&1; then ok; else
        bad "$h fails on one of its seeds:"
        grep -m3 -E 'ERROR|SUMMARY|property violated|runtime error|Running' "$tmp/seeds.log" | sed 's/^/    /'
    fi
done
if [ "$secs" -gt 0 ]; then
    out=$(sh tests/fuzz/run.sh "$fz" "$secs" 2>&1)
    printf '%s\n' "$out" | grep -v '^fuzz: '
    p=$(printf '%s\n' "$out" | sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(printf '%s\n' "$out" | sed -n 's/^fuzz: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
fi
echo "fuzz-smoke: $pass passed, $fail failed"
[ $fail -eq 0 ]
