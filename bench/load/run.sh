#!/usr/bin/env bash
# Met's load benchmark: Met, a framework ceiling (bare Bolt for Java in Javalin) and a peer (Bolt for JavaScript + pg),
# one after another on this machine with the same signed load, then the database stopped under load.
# Usage: bench/load/run.sh [--connections 32] [--duration 30] [--warmup 120] [--max-warmup 150] [--outage 10]
#                          [--only met,met-quick,ceiling,peer,outage] [--forms 10]   (--help explains each,
#                          and MET_BENCH_HEAP, MET_BENCH_JAVA_OPTIONS, MET_DB_CONNECTIONS, MET_BENCH_KEEP_DATA)
# Needs a JDK 17, Maven and Node 20 with npm; prints figures, ratios and PASS/FAIL against targets; never fails on them.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f bot/target/met.jar ]; then
  mvn -B -q package -DskipTests
fi
if [ ! -d bench/load/peer/node_modules ]; then
  (cd bench/load/peer && npm ci --no-audit --no-fund --loglevel=error)
fi
exec java -cp bot/target/met.jar bench/load/LoadBench.java "$@"
