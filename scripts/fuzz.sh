#!/usr/bin/env bash
# fuzz.sh — build the libFuzzer harnesses fuzz/fuzz_<name>.c with clang (meson -Dfuzz=true,
# ASan + UBSan) and run each for a bounded time; fail on any crash, leak, timeout or
# sanitizer report.
#
#   scripts/fuzz.sh [SECONDS] [NAME ...]    default 20 s each, all harnesses
#   make fuzz FUZZ_SECONDS=600              the long run
#
# Seeds come from fuzz/corpus/<name>/ (<name> without the fuzz_ prefix; fuzz/corpus/fuzz_<name>/
# is accepted too) and are required. Inputs the fuzzer finds go to fuzz/corpus-run/<name>/
# (git-ignored, kept between runs so that long runs build on each other; copy the interesting
# ones into the seed corpus by hand). Crash inputs and logs go to tests/out/fuzz/. Harnesses
# run two at a time (one per core). Ends with "N passed, N failed" (one test per harness).
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FUZZ_SECONDS:-20}}
[ $# -gt 0 ] && shift
out=tests/out/fuzz
mkdir -p "$out" fuzz/corpus-run
jobs=$(nproc 2>/dev/null || echo 2)

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

if [ $# -gt 0 ]; then
    names=("$@")
else
    mapfile -t names < <(find fuzz -maxdepth 1 -name 'fuzz_*.c' -printf '%f\n' | sed 's/\.c$//' | LC_ALL=C sort)
fi
if [ ${#names[@]} -eq 0 ]; then
    echo "fuzz: no harness fuzz/fuzz_*.c"
    echo "0 passed, 1 failed"
    exit 1
fi

# build: (re)configure so that new harness files are picked up, then only the harnesses
if ! command -v clang >/dev/null; then
    echo "fuzz: clang is missing (apt-get install clang libclang-rt-14-dev)"
    echo "0 passed, ${#names[@]} failed"
    exit 1
fi
if [ -f build-fuzz/build.ninja ]; then
    meson setup --reconfigure build-fuzz >"$out/setup.log" 2>&1
else
    # fuzzer-no-link: coverage feedback from the core library too, not only from the harness
    CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
        --buildtype=debugoptimized -Dc_args=-fsanitize=fuzzer-no-link >"$out/setup.log" 2>&1
fi || {
    cat "$out/setup.log"
    echo "fuzz: meson setup build-fuzz failed"
    echo "0 passed, ${#names[@]} failed"
    exit 1
}
if ! ninja -C build-fuzz "${names[@]}"; then
    echo "fuzz: build failed"
    echo "0 passed, ${#names[@]} failed"
    exit 1
fi

run_one() {
    local name=$1 short=${1#fuzz_} seeds="" dict=""
    for d in "fuzz/corpus/$short" "fuzz/corpus/$name"; do
        [ -d "$d" ] && seeds=$d && break
    done
    if [ -z "$seeds" ]; then
        echo "fuzz: $name FAILED: no seed corpus fuzz/corpus/$short/" | tee "$out/$name.result"
        return
    fi
    for f in "fuzz/$short.dict" "fuzz/$name.dict"; do
        [ -f "$f" ] && dict="-dict=$f" && break
    done
    mkdir -p "fuzz/corpus-run/$short"
    # -timeout: one input taking > 10 s is a hang; the outer timeout catches a stuck run
    timeout --kill-after=10 $((seconds + 120)) "build-fuzz/$name" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/$name-" $dict "fuzz/corpus-run/$short" "$seeds" >"$out/$name.log" 2>&1
    local rc=$?
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$name.log" | grep -o '[0-9]*$' || true)
    if [ $rc -eq 0 ]; then
        echo "fuzz: $name ok (${runs:-?} runs in ${seconds}s, corpus $(find "fuzz/corpus-run/$short" -type f | wc -l) files)" |
            tee "$out/$name.result"
    else
        {
            echo "fuzz: $name FAILED (exit $rc); log $out/$name.log, inputs:"
            ls "$out/$name-"* 2>/dev/null | sed 's/^/  /'
            grep -m1 -A30 -E 'ERROR: |runtime error|==[0-9]+==|SUMMARY' "$out/$name.log" | sed 's/^/    /'
        } | tee "$out/$name.result"
    fi
}

for name in "${names[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    run_one "$name" &
done
wait

passed=0 failed=0
for name in "${names[@]}"; do
    if grep -q "^fuzz: $name ok" "$out/$name.result" 2>/dev/null; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
