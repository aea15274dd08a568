#!/usr/bin/env bash
# The crash test: a load of submissions from clients that retry, msc-collector
# SIGKILLed at random moments and restarted on the same database, then a check that
# every acknowledged submission is stored exactly once, that PRAGMA integrity_check
# says ok, and that retries came back DUPLICATE exactly when an earlier attempt had
# committed. (ctest runs a 3-kill version: "reliability: SIGKILL three times ...".)
#   tools/soak.sh [kills] [clients]     defaults: 20 kills, 4 clients
#   MSC_SOAK_SEED=N tools/soak.sh       replays the kill timings of a run
set -euo pipefail
cd "$(dirname "$0")/.."

kills=${1:-20}
clients=${2:-4}
build=${MSC_BUILD_DIR:-build-rel}
cmake -S . -B "$build" -G Ninja >/dev/null
cmake --build "$build" -j "${MSC_JOBS:-2}" --target msc-collector msc-soak-driver

dir=$(mktemp -d "${TMPDIR:-/tmp}/msc-soak-XXXXXX")
trap 'rm -rf "$dir"' EXIT
args=(--collector "$build/collector/msc-collector" --kills "$kills" --clients "$clients"
  --dir "$dir")
if [ -n "${MSC_SOAK_SEED:-}" ]; then args+=(--seed "$MSC_SOAK_SEED"); fi
time "$build/tests/reliability/msc-soak-driver" "${args[@]}"
