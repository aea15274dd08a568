#!/usr/bin/env bash
# The whole flow in one command, on a fresh Debian 12 machine as root: installs what
# is missing, builds (Release), starts a collector on an embedded SQLite database in
# a temporary directory, creates tokens, submits a realistic generated program over
# HTTP, prints the award and writes its HTML report, then stops the collector.
#   tools/demo.sh [--seed N] [--contacts N] [--serve [--port P]]
# --serve: afterwards the collector runs on until Ctrl-C, with a program open today,
# and the script prints the observer app's address and a demo observer's token.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

demo_args=()
serve=0
port=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seed|--contacts) demo_args+=("$1" "$2"); shift 2 ;;
    --serve) serve=1; shift ;;
    --port) port=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "demo.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

tools/install-deps.sh
echo "== building (Release) in build-release/"
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSC_BUILD_TESTS=OFF >/dev/null
cmake --build build-release -j "${MSC_JOBS:-2}" --target msc msc-collector

msc="$root/build-release/tools/msc"
collector="$root/build-release/collector/msc-collector"
work=$(mktemp -d /tmp/msc-demo.XXXXXX)
db="$work/msc.db"
program=kundeservice-2026

echo "== tokens (only their SHA-256 is stored in $db)"
admin_token=$("$msc" --db "$db" token create --role admin --label demo-admin 2>/dev/null | tail -n 1)
manager_token=$("$msc" --db "$db" token create --role manager --label demo-manager 2>/dev/null | tail -n 1)
"$msc" --db "$db" token list

# Starts the collector on 127.0.0.1:PORT (0: any free port), extra flags after it;
# sets collector_pid and address (HOST:PORT, from its first line of output).
start_collector() {
  local port=$1
  shift
  "$collector" --db "$db" --listen "127.0.0.1:$port" "$@" >"$work/collector.out" 2>"$work/collector.log" &
  collector_pid=$!
  address=""
  for _ in $(seq 1 100); do
    address=$(head -n 1 "$work/collector.out" 2>/dev/null | grep -oE '[0-9.]+:[0-9]+$' || true)
    [ -n "$address" ] && return 0
    kill -0 "$collector_pid" 2>/dev/null || { cat "$work/collector.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "demo.sh: the collector did not start" >&2
  exit 1
}
stop_collector() {
  if kill -0 "$collector_pid" 2>/dev/null; then
    kill -TERM "$collector_pid"
    wait "$collector_pid" || true
  fi
}

echo "== starting the collector"
start_collector 0 --no-access-log
trap stop_collector EXIT
url="http://$address"
echo "collector on $url (log: $work/collector.log)"
curl -fsS "$url/healthz" >/dev/null

echo "== submitting the demo program through the collector"
"$msc" --url "$url" --token "$admin_token" demo "${demo_args[@]}"

echo "== live report from the collector (manager token)"
curl -fsS -H "Authorization: Bearer $manager_token" -H "Accept: application/json" \
  "$url/v1/programs/$program/report" -o "$work/live-report.json"
echo "GET /v1/programs/$program/report: $(wc -c <"$work/live-report.json") bytes of JSON"

echo "== stopping the collector (SIGTERM: drains and commits)"
kill -TERM "$collector_pid"
wait "$collector_pid"
echo "collector exited with status $?"
trap - EXIT

echo "== the award"
"$msc" --db "$db" award --program "$program"
"$msc" --db "$db" award --program "$program" --format html --out "$work/award.html"
"$msc" --db "$db" award --program "$program" --format csv --out "$work/award-csv"
"$msc" --db "$db" award --program "$program" --format json --out "$work/award.json"

echo
echo "HTML report:  $work/award.html"
echo "CSV tables:   $work/award-csv/"
echo "JSON report:  $work/award.json"
echo "database:     $db"

[ "$serve" -eq 1 ] || exit 0

observer_token=$("$msc" --db "$db" token create --role observer --observer obs-001 \
  --label demo-observer 2>/dev/null | tail -n 1)
start_collector "$port"
trap stop_collector EXIT INT TERM
# The same program in the middle of its fieldwork (period around today, the contacts
# finished by now), and its missing contacts dealt to the observers.
"$msc" --url "http://$address" --token "$admin_token" demo "${demo_args[@]}" --live
curl -fsS -H "Authorization: Bearer $manager_token" -H "Content-Type: application/json" \
  -X POST -d '{"seed": "1"}' "http://$address/v1/programs/demo-live/assignments" >/dev/null
deal=$("$msc" --db "$db" plan show --program demo-live)
echo "${deal%%$'\n'*}"
# Half way through, compared with the full program (msc award --compare).
"$msc" --db "$db" award --program demo-live --compare "$program" --format html \
  --out "$work/award-live-compared.html"
echo
echo "== the observer app is served: open it in a browser"
echo "app:             http://$address/"
echo "observer token:  $observer_token   (obs-001; paste it at Sign in)"
echo "manager token:   $manager_token"
echo "live vs full:    $work/award-live-compared.html (year over year)"
echo "collector log:   $work/collector.log"
echo "Ctrl-C stops the collector."
wait "$collector_pid"
