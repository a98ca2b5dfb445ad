#!/bin/sh
# Run the libFuzzer harnesses for a bounded time each.
#
#   tests/fuzz/run.sh FUZZER_DIR SECONDS [HARNESS...]
#
# FUZZER_DIR holds the binaries (build/fuzz/fuzzers, made by
# `make fuzz-build`); HARNESS names default to every fuzz_* there.  Each
# harness starts from its seeds (tests/fuzz/seeds.sh) plus the corpus it
# grew in earlier runs (build/fuzz/corpus/<harness>, kept between runs;
# FUZZ_WORK=dir puts corpus, logs and artifacts elsewhere).
# A crash, sanitizer report, leak, timeout or violated property is saved
# as build/fuzz/artifacts/<harness>/crash-* (etc.); move it into
# tests/fuzz/regressions/<harness>/ once fixed, so fuzz-smoke.sh replays it.
# Prints one line per harness and "fuzz: N passed, N failed".
dir=${1:?usage: run.sh FUZZER_DIR SECONDS [HARNESS...]}
secs=${2:-60}
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${FUZZ_WORK:-$root/build/fuzz}
[ $# -eq 0 ] && set -- $(cd "$dir" && ls fuzz_* 2>/dev/null)
pass=0; fail=0
for h in "$@"; do
    bin=$dir/$h
    if [ ! -x "$bin" ]; then
        echo "FAIL $h: no binary $bin (make fuzz-build)"; fail=$((fail + 1)); continue
    fi
    seeds=$work/seeds/$h corpus=$work/corpus/$h art=$work/artifacts/$h
    rm -rf "$seeds"
    mkdir -p "$seeds" "$corpus" "$art"
    sh "$root/tests/fuzz/seeds.sh" "$h" "$seeds"
    dict=""
    [ -f "$root/tests/fuzz/dict/$h.dict" ] && dict="-dict=$root/tests/fuzz/dict/$h.dict"
    log=$work/$h.log
    # ASAN_OPTIONS: leaks are errors; allocator_may_return_null so a huge
    # allocation is a NULL (tested) rather than an abort.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 \
        -max_len=65536 -print_final_stats=1 $dict \
        -artifact_prefix="$art/" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    ncorp=$(ls "$corpus" | wc -l)
    if [ $rc -eq 0 ]; then
        pass=$((pass + 1))
        echo "$h: ${secs}s, ${runs:-?} inputs, $cov, corpus $ncorp, no finding"
    else
        fail=$((fail + 1))
        echo "FAIL $h: exit $rc after ${runs:-?} inputs; log $log; artifacts:"
        ls "$art" | sed 's/^/    /'
        grep -m 3 -E 'ERROR|SUMMARY|property violated|runtime error' "$log" | sed 's/^/    /'
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
