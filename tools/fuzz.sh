#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build-fuzz/ and runs each in turn.
#   tools/fuzz.sh [seconds]     seconds per target (default 600)
#   MSC_FUZZ_TARGETS="fuzz_csv" tools/fuzz.sh 60    only some targets
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

status=0
for t in $targets; do
  seeds=tests/fuzz/corpus/${t#fuzz_}
  work=build-fuzz/corpus/$t
  artifacts=build-fuzz/artifacts/$t
  mkdir -p "$work" "$artifacts"
  echo "== $t for ${seconds}s"
  # -rss_limit_mb: the collector must not need more than this for any single input.
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "build-fuzz/tests/fuzz/$t" "$work" "$seeds" -max_total_time="$seconds" \
      -timeout=30 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" 2>&1 | tee "build-fuzz/$t.log" | grep -E '^#|ERROR|stat::|Done'; then
    :
  fi
  if grep -qE 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error|SUMMARY' \
      "build-fuzz/$t.log"; then
    echo "== $t FOUND SOMETHING: see build-fuzz/$t.log and $artifacts/"
    status=1
  else
    echo "== $t: $(grep -E 'stat::number_of_executed_units' "build-fuzz/$t.log" | awk '{print $2}') runs, nothing found"
  fi
done
exit $status
