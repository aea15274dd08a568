#!/usr/bin/env bash
# Builds the collector's, storage's, scoring's and reliability tests with
# ThreadSanitizer in build-tsan/ and runs them (the collector's own tests, the
# parallel snapshot read and scoring threads, the hostile-client, storage fault,
# permission and crash tests). Exit status non-zero on any failure or race.
#   tools/tsan.sh
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${MSC_JOBS:-2}
# GCC 12 warns (-Wtsan) that Asio's atomic_thread_fence is not instrumented; with
# -Werror that stops the build, so the warning is off and races through such fences
# would go unseen.
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMSC_TSAN=ON \
  -DCMAKE_CXX_FLAGS=-Wno-tsan >/dev/null
cmake --build build-tsan -j "$jobs" --target collector_tests reliability_tests storage_tests \
  scoring_tests msc-collector msc-soak-driver fuzz_replay_submission fuzz_replay_csv \
  fuzz_replay_http
# halt_on_error: a race fails the test that hit it instead of scrolling by.
# second_deadlock_stack: both stacks of a lock-order report.
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}" \
  ctest --test-dir build-tsan --output-on-failure -j "$jobs" --timeout 600 \
  -R '^(collector|reliability|storage|scoring):'
