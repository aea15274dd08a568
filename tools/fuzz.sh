#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each in turn.
#   tools/fuzz.sh [seconds]     seconds per target (default 600)
#   MSC_FUZZ_TARGETS="fuzz_csv" tools/fuzz.sh 60    only some targets
#   MSC_FUZZ_PARALLEL=2 tools/fuzz.sh                two targets at a time
# Each target starts from its seed corpus in tests/fuzz/corpus/<target>/ and grows a
# working corpus in build-fuzz/corpus/<target>/. A crash, leak or time-out stops that
# target with its input saved as build-fuzz/artifacts/<target>/crash-*; turn it into
# a regression test (tests/reliability/fuzz_regression_test.cpp) and fix it. The exit
# status is non-zero when any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
targets=${MSC_FUZZ_TARGETS:-"fuzz_submission fuzz_csv fuzz_http"}
jobs=${MSC_JOBS:-2}

# Instrument the project libraries for coverage and sanitizers, not only the targets.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -gline-tables-only"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMSC_FUZZ=ON -DMSC_BUILD_TESTS=ON -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" >/dev/null
# shellcheck disable=SC2086
cmake --build build-fuzz -j "$jobs" --target $targets

run_target() {  # target: runs it, then 0 if nothing was found
  local t=$1 seeds=tests/fuzz/corpus/${1#fuzz_} work=build-fuzz/corpus/$1 artifacts=build-fuzz/artifacts/$1
  mkdir -p "$work" "$artifacts"
  echo "== $t for ${seconds}s"
  # -rss_limit_mb: the collector must not need more than this for any single input.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build-fuzz/tests/fuzz/$t" "$work" "$seeds" -max_total_time="$seconds" \
    -timeout=30 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"build-fuzz/$t.log" 2>&1 || true
  if grep -qE 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error|SUMMARY' \
      "build-fuzz/$t.log"; then
    echo "== $t FOUND SOMETHING: see build-fuzz/$t.log and $artifacts/"
    return 1
  fi
  echo "== $t: $(awk '/stat::number_of_executed_units/ {print $2}' "build-fuzz/$t.log") runs" \
    "in ${seconds}s, corpus $(ls "$work" | wc -l) inputs, nothing found"
}

# MSC_FUZZ_PARALLEL=2 runs two targets at a time (one core each).
parallel=${MSC_FUZZ_PARALLEL:-1}
status=0
pids=()
for t in $targets; do
  run_target "$t" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$parallel" ]; then
    for p in "${pids[@]}"; do wait "$p" || status=1; done
    pids=()
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
