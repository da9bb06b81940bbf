#!/usr/bin/env bash
# Start-up time of the packaged jar, from `java -jar` to /readyz answering 200, on its embedded PostgreSQL:
# a fresh data directory, an existing one, and an existing one after the previous Met was killed with -9.
# Usage: bench/startup.sh [runs]   (after `mvn -B -q package -DskipTests`; needs curl)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
jar=bot/target/met.jar
port=$((20000 + RANDOM % 20000))
work=$(mktemp -d)
trap 'pkill -f "MET_BENCH_$port" 2>/dev/null || true; rm -rf "$work"' EXIT

start() { # prints milliseconds to ready; leaves the process running
  local t0=$(date +%s%N)
  SLACK_SIGNING_SECRET=bench SLACK_BOT_TOKEN=xoxb-bench PORT=$port MET_DATA_DIR=$work/data \
    java -Dmet.bench=MET_BENCH_$port -jar $jar >>"$work/log" 2>&1 &
  local pid=$!
  echo $pid >"$work/pid"
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 $pid 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
}
stop() { # signal the running Met and wait until it is gone
  local pid=$(cat "$work/pid")
  kill -"$1" "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

fresh=(); existing=(); killed=()
for _ in $(seq "$runs"); do
  rm -rf "$work/data"
  fresh+=("$(start)"); stop TERM
  existing+=("$(start)"); stop KILL
  killed+=("$(start)"); stop TERM
done
echo "start-up to ready over $runs runs (median ms): fresh $(printf '%s\n' "${fresh[@]}" | median)," \
     "existing data $(printf '%s\n' "${existing[@]}" | median)," \
     "after kill -9 $(printf '%s\n' "${killed[@]}" | median)"
echo "all runs: fresh ${fresh[*]} | existing ${existing[*]} | after kill -9 ${killed[*]}"
