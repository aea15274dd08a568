#!/usr/bin/env bash
# Collector benchmark (not a test): throughput, latency and memory of msc-collector
# on this machine, beside the SQLite ceiling measured in the same run.
#
#   tools/bench-collector.sh [DURATION_S]     (default 10 s per run)
#
# Builds Release in build-release/, makes a fresh database in a temp dir with a
# register (msc register import) and an admin token (msc token create), starts
# msc-collector on 127.0.0.1:0 and runs:
#   (a) single submissions, closed loop, 32 and 64 connections
#   (b) batches of 100
#   (c) open loop at 5,000 submissions/s for p99 latency
#   (d) the storage ceiling: msc-bench-sqlite, random UUID keys, batches of 1, 32,
#       100 and of the collector's mean commit size in (a)
#   (e) wrk -t1 -c32 with JSON bodies (tools/bench/submit.lua)
# sampling the collector's peak RSS (VmHWM) after each run. Prints a table.
set -euo pipefail

duration=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-release

if [ -n "${MSC_BENCH_BUILD:-}" ]; then
  build=$MSC_BENCH_BUILD  # an existing build, for trying this script out quickly
else
echo "== build (Release, $build)" >&2
# GCC 12 at -O3 reports false -Wrestrict errors inside std::string (GCC bug 105329);
# warnings stay on, they just do not stop the benchmark build.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSC_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS=-Wno-error=restrict >/dev/null
ninja -C "$build" -j"$(nproc)" msc msc-collector msc-bench-sqlite >/dev/null
fi
msc=$build/tools/msc
collector=$build/collector/msc-collector
ceiling=$build/tools/bench/msc-bench-sqlite

work=$(mktemp -d /tmp/msc-bench-XXXXXX)
collector_pid=
cleanup() {
  if [ -n "$collector_pid" ]; then kill "$collector_pid" 2>/dev/null || true; wait "$collector_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# 18 industries, 153 companies, 74 observers: the reference program's register.
python3 - "$work/register.json" <<'PY'
import json, sys
reg = {"industries": [], "companies": [], "observers": [], "programs": []}
for i in range(18):
    reg["industries"].append({"id": f"ind-{i}", "name": f"Industry {i}"})
for c in range(153):
    reg["companies"].append({"id": f"co-{c}", "name": f"Company {c}", "industryId": f"ind-{c % 18}"})
for o in range(74):
    reg["observers"].append({"id": f"obs-{o}", "name": f"Observer {o}", "active": True})
reg["programs"].append({"id": "p1", "name": "Kundeservice 2026",
                        "periodStart": "2025-10-31T23:00:00Z", "periodEnd": "2026-03-31T22:00:00Z"})
json.dump(reg, open(sys.argv[1], "w"))
PY
db=$work/msc.db
"$msc" --db "$db" register import "$work/register.json" >&2
token=$("$msc" --db "$db" token create --role admin --label bench 2>/dev/null | tail -1)

"$collector" --db "$db" --listen 127.0.0.1:0 --no-access-log --log-level warn \
  >"$work/collector.out" 2>"$work/collector.err" &
collector_pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/collector.out" 2>/dev/null && break
  sleep 0.1
done
addr=$(sed -n 's/^listening on //p' "$work/collector.out" | head -1)
[ -n "$addr" ] || { echo "collector did not start:" >&2; cat "$work/collector.err" >&2; exit 1; }
url=http://$addr
echo "== collector pid $collector_pid on $url" >&2

hwm_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$collector_pid/status"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$collector_pid/status"; }
# Sum and count of the commit size histogram, for the mean group size of a run.
commit_stats() {
  curl -s "$url/metrics" | awk '/^msc_commit_batch_size_sum/ {s=$2} /^msc_commit_batch_size_count/ {c=$2} END {print s+0, c+0}'
}

results=$work/results.tsv
printf "run\tsubmissions_per_s\tobservations_per_s\tp50_ms\tp99_ms\tmax_ms\terrors\tmean_commit\tpeak_rss_mb\n" >"$results"

loadgen() {  # name, loadgen options...
  local name=$1; shift
  read -r s0 c0 < <(commit_stats)
  echo "== $name: msc loadgen $*" >&2
  local line
  line=$("$msc" --url "$url" --token "$token" loadgen --duration "$duration" --format tsv "$@" | tail -1)
  read -r s1 c1 < <(commit_stats)
  local mean
  mean=$(awk -v a="$s0" -v b="$s1" -v x="$c0" -v y="$c1" 'BEGIN {printf "%.1f", (y > x) ? (b - a) / (y - x) : 0}')
  echo "$line" | awk -F'\t' -v n="$name" -v m="$mean" -v r="$(hwm_mb)" \
    'BEGIN {OFS="\t"} {print n, $5, $6, $7, $9, $10, $11 + $12 + $13, m, r}' >>"$results"
  tail -1 "$results" >&2
}

loadgen "a. single, 32 conn" --connections 32
mean_commit_32=$(tail -1 "$results" | cut -f8)
loadgen "a. single, 64 conn" --connections 64
loadgen "b. batch 100, 16 conn" --connections 16 --batch 100
mean_commit_b=$(tail -1 "$results" | cut -f8)
loadgen "c. open loop 5000/s, 64 conn" --connections 64 --rate 5000

echo "== e: wrk -t1 -c32 -d${duration}s -s tools/bench/submit.lua (JSON)" >&2
if command -v wrk >/dev/null; then
  started=$(date -u +%Y-%m-%dT%H:%M:%SZ -d 2025-12-01T10:00:00Z)
  read -r s0 c0 < <(commit_stats)
  wrk_out=$(MSC_TOKEN=$token MSC_PROGRAM=p1 MSC_COMPANY=co-1 MSC_OBSERVER=obs-1 MSC_STARTED=$started \
    wrk -t1 -c32 -d"${duration}s" --latency -s "$root/tools/bench/submit.lua" "$url")
  read -r s1 c1 < <(commit_stats)
  echo "$wrk_out" >&2
  rps=$(echo "$wrk_out" | awk '/^Requests\/sec/ {printf "%.0f", $2}')
  non2xx=$(echo "$wrk_out" | awk '/Non-2xx/ {print $NF}')
  p50=$(echo "$wrk_out" | awk '/^wrk:/ {print $(NF-4)}')
  p99=$(echo "$wrk_out" | awk '/^wrk:/ {print $(NF-1)}')
  mean=$(awk -v a="$s0" -v b="$s1" -v x="$c0" -v y="$c1" 'BEGIN {printf "%.1f", (y > x) ? (b - a) / (y - x) : 0}')
  printf "e. wrk JSON, 32 conn\t%s\t%s\t%s\t%s\t-\t%s\t%s\t%s\n" "$rps" "$rps" "$p50" "$p99" \
    "${non2xx:-0}" "$mean" "$(hwm_mb)" >>"$results"
else
  echo "wrk missing: tools/install-deps.sh wrk" >&2
fi
rows_stored=$(curl -s "$url/metrics" | awk '/^msc_commit_batch_size_sum/ {printf "%.0f", $2}')
rss_end=$(rss_mb)

kill "$collector_pid"; wait "$collector_pid" || true; collector_pid=

echo "== d: msc-bench-sqlite (Store::InsertObservations, random keys, WAL, FULL)" >&2
group=$(printf "%.0f" "$mean_commit_32")
[ "$group" -ge 1 ] || group=16
group_b=$(printf "%.0f" "$mean_commit_b")
[ "$group_b" -ge 100 ] || group_b=100
batches=$(printf -- "--batch %s\n" 1 "$group" 32 100 "$group_b" | sort -u -k2n | tr '\n' ' ')
# shellcheck disable=SC2086
"$ceiling" --db "$work/ceiling.db" --rows 100000 --seconds "$duration" $batches \
  | tee "$work/ceiling.tsv" >&2
ceiling_of() { awk -F'\t' -v b="$1" '$1 == b {print $4}' "$work/ceiling.tsv"; }

echo
echo "Machine: $(nproc) cores, $(uname -r), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
echo "Duration per run: ${duration} s; observations stored by the collector: $rows_stored; RSS at the end ${rss_end} MB"
echo
column -t -s$'\t' "$results"
echo
echo "SQLite ceiling (random keys, rows/s by rows per commit):"
column -t -s$'\t' "$work/ceiling.tsv"
echo
awk -F'\t' -v c1="$(ceiling_of "$group")" -v c100="$(ceiling_of "$group_b")" -v g="$group" -v gb="$group_b" '
  NR == 1 {next}
  /^a\. single, 32/ {printf "single @32 conn: %.0f obs/s = %.2f x the ceiling at its mean commit of %s rows (%.0f/s)\n", $3, $3 / c1, g, c1}
  /^b\./            {printf "batch of 100:    %.0f obs/s = %.2f x the ceiling at its mean commit of %s rows (%.0f/s)\n", $3, $3 / c100, gb, c100}
' "$results"
