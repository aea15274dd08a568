#!/usr/bin/env bash
# Scoring benchmark (not a test): `msc award` from a database file to the JSON
# report, against a plain SQLite per-company mean over the same file in the same run.
#
#   tools/bench-scoring.sh [RUNS]       (default 3; the best run of each counts)
#
# Environment: SIZES (contacts, default "10000 100000 1000000"), COMPANIES (2000),
# SEED (1), SCRATCH (/tmp/msc-bench-scoring; databases there are reused, since the
# 1M one takes a minute or more to make), MSC and MAKE_DB (use these binaries and
# skip the build: on a shared machine a rebuild can take longer than the benchmark).
#
# For each size: msc-bench-make-db makes (or reuses) the database, then each of
#   award-b0    msc award --format json, bootstrap off (replicates: 0)
#   award-b200  the same with 200 bootstrap replicates
#   progress    msc progress --format json (fieldwork progress against the plan)
#   sqlite      sqlite3 computing per-company count, mean first wait and mean
#               'overall' rating (parsed from the ratings text) of the counted rows
# runs RUNS times under /usr/bin/time; wall time is the best run, peak RSS the
# largest. Targets (1M contacts): award-b0 <= 2 s, award-b200 <= 10 s, <= 1 GB.
set -euo pipefail

runs=${1:-3}
sizes=${SIZES:-"10000 100000 1000000"}
companies=${COMPANIES:-2000}
seed=${SEED:-1}
scratch=${SCRATCH:-/tmp/msc-bench-scoring}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-release

[ -x /usr/bin/time ] || "$root/tools/install-deps.sh" time
command -v sqlite3 >/dev/null || "$root/tools/install-deps.sh" sqlite3

if [ -n "${MSC:-}" ] && [ -n "${MAKE_DB:-}" ]; then
  echo "== using $MSC and $MAKE_DB (no build)" >&2
else
  echo "== build (Release, $build)" >&2
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSC_BUILD_TESTS=OFF >/dev/null
  ninja -C "$build" -j2 msc msc-bench-make-db >/dev/null
fi
msc=${MSC:-$build/tools/msc}
make_db=${MAKE_DB:-$build/tools/bench/msc-bench-make-db}

mkdir -p "$scratch"
printf 'bootstrap { replicates: 0 }\n' >"$scratch/b0.textproto"
printf 'bootstrap { replicates: 200 }\n' >"$scratch/b200.textproto"

# The generator's output is fixed by its options; "v1" names this generator, so a
# change to it that alters the data must bump it.
# v2: rows carry the config digest and protocol flags, as the collector stores them.
db_for() { echo "$scratch/bench-v2-c$1-n$companies-s$seed.db"; }

make_db() {  # contacts
  local db
  db=$(db_for "$1")
  if [ -f "$db" ]; then
    echo "== reusing $db" >&2
    return
  fi
  echo "== making $db" >&2
  rm -f "$db.tmp" "$db.tmp-wal" "$db.tmp-shm"
  "$make_db" --db "$db.tmp" --contacts "$1" --companies "$companies" --seed "$seed" >&2
  mv "$db.tmp" "$db"  # only a finished file is ever reused
}

# A plain mean per company of the counted rows: what any reporting query would do.
# The rating is the one-digit value after 'overall=' in "criterion=value;...".
yardstick_sql="SELECT company_id, count(*), avg(a1_wait_ns),
  avg(CASE WHEN instr(ratings, 'overall=') > 0
      THEN CAST(substr(ratings, instr(ratings, 'overall=') + 8, 1) AS INTEGER) END)
  FROM observations WHERE program_id = 'bench' AND review_state <> 4 GROUP BY company_id"

# Runs a command $runs times; prints "best_wall_s cpu_s_of_best max_rss_mb".
measure() {
  local best="" best_cpu="" rss=0 t0 t1 wall cpu r
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    /usr/bin/time -f "%U %S %M" -o "$scratch/time.out" "$@" >/dev/null 2>"$scratch/stderr.out" || {
      echo "failed: $*" >&2
      cat "$scratch/stderr.out" >&2
      exit 1
    }
    t1=$(date +%s%N)
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", (b - a) / 1e9}')
    read -r cpu r < <(awk '{printf "%.2f %d\n", $1 + $2, $3 / 1024}' "$scratch/time.out")
    [ "$r" -gt "$rss" ] && rss=$r
    if [ -z "$best" ] || awk -v w="$wall" -v b="$best" 'BEGIN {exit !(w < b)}'; then
      best=$wall best_cpu=$cpu
    fi
  done
  echo "$best $best_cpu $rss"
}

results=$scratch/results.tsv
: >"$results"
for n in $sizes; do
  make_db "$n"
  db=$(db_for "$n")
  "$msc" --db "$db" migrate >/dev/null  # a file kept from an older build
  echo "== $n contacts ($(du -m "$db" | cut -f1) MB)" >&2
  for b in b0 b200; do
    out=$scratch/report-$n-$b.json
    read -r wall cpu rss < <(measure "$msc" --db "$db" award --program bench --config \
      "$scratch/$b.textproto" --format json --out "$out")
    printf '%s\taward-%s\t%s\t%s\t%s\n' "$n" "$b" "$wall" "$cpu" "$rss" >>"$results"
  done
  read -r wall cpu rss < <(measure "$msc" --db "$db" progress --program bench --format json)
  printf '%s\tprogress\t%s\t%s\t%s\n' "$n" "$wall" "$cpu" "$rss" >>"$results"
  read -r wall cpu rss < <(measure sqlite3 -readonly "$db" "$yardstick_sql")
  printf '%s\tsqlite\t%s\t%s\t%s\n' "$n" "$wall" "$cpu" "$rss" >>"$results"
  # What was scored, so that a fast run on an empty report cannot pass unnoticed.
  python3 - "$scratch/report-$n-b200.json" <<'PY' >&2
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(f"   counted {s['counted']}, eligible companies {s['eligibleCompanies']}, "
      f"ranked industries {s['rankedIndustries']}, observers {s['observers']}")
PY
done

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
awk -F'\t' '
  $2 == "sqlite" { yard[$1] = $3 }
  { row[NR] = $0 }
  END {
    printf "| contacts | run | wall s (best of '"$runs"') | CPU s | peak RSS MB | us/contact | x sqlite |\n"
    printf "|---:|---|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= NR; ++i) {
      split(row[i], f, "\t")
      printf "| %d | %s | %.3f | %.2f | %d | %.2f | %.1f |\n", f[1], f[2], f[3], f[4], f[5],
             f[3] * 1e6 / f[1], f[3] / yard[f[1]]
    }
  }' "$results"

# The issue targets and linearity, read off the largest size.
awk -F'\t' '
  { wall[$1, $2] = $3; rss[$1, $2] = $5; if ($1 > max) max = $1; sizes[$1] = 1 }
  END {
    print ""
    if (max == 1000000) {
      printf "target award-b0   1M <= 2 s:   %.2f s  %s\n", wall[max, "award-b0"], wall[max, "award-b0"] <= 2 ? "met" : "MISSED"
      printf "target award-b200 1M <= 10 s:  %.2f s  %s\n", wall[max, "award-b200"], wall[max, "award-b200"] <= 10 ? "met" : "MISSED"
      m = rss[max, "award-b0"] > rss[max, "award-b200"] ? rss[max, "award-b0"] : rss[max, "award-b200"]
      printf "target peak RSS   1M <= 1024 MB: %d MB  %s\n", m, m <= 1024 ? "met" : "MISSED"
      printf "target progress   1M < 1 s:    %.2f s  %s\n", wall[max, "progress"], wall[max, "progress"] < 1 ? "met" : "MISSED"
    }
    if ((100000, "award-b0") in wall && (1000000, "award-b0") in wall) {
      for (k = 0; k < 2; ++k) {
        r = k ? "award-b200" : "award-b0"
        printf "linearity %-10s us/contact 1M / 100k: %.2f\n", r,
               (wall[1000000, r] / 1000000) / (wall[100000, r] / 100000)
      }
    }
  }' "$results"
