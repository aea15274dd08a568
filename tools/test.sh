#!/usr/bin/env bash
# Installs what is missing (Debian 12, as root), builds and runs every test.
#   tools/test.sh            the build in build/ and then the ASan+UBSan build
#   tools/test.sh --quick    the build in build/ only
# Exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

tools/install-deps.sh
# The browser tests: Debian's chromium, Node.js (the machine's, else Debian's) and
# playwright-core pinned by tests/browser/package-lock.json.
tools/install-deps.sh chromium
command -v node >/dev/null && command -v npm >/dev/null || tools/install-deps.sh nodejs npm
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

jobs=${MSC_JOBS:-2}
run_suite() {  # build-dir, extra cmake args...
  local dir=$1
  shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300
}

start=$(date +%s)
echo "== build and test (RelWithDebInfo) in build/"
# Line tables only (-g1): stack traces keep file:line, and the build compiles about a
# quarter faster than with full debug info.
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
if [ "$quick" -eq 0 ]; then
  echo "== build and test with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DMSC_SANITIZE=ON
fi
echo "== all tests passed in $(( $(date +%s) - start )) s"
