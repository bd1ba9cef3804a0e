#!/usr/bin/env bash
# Every comparison, one after the other, after one build; results under bench/results/<run id>/. Each script runs
# here with shorter windows than its own defaults, so that the whole run fits in 25 minutes on a 2-core machine; an
# environment variable that is already set wins.
# Usage: bench/scripts/run-all.sh   (SCRIPTS="poll-endpoint framework-floor startup-footprint backend-load sse-fanout
# tracking-scale": which ones, in that order)
set -euo pipefail
cd "$(dirname "$0")/../.."
export RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
started=$(date +%s)
./mvnw -q -DskipTests package
export SKIP_BUILD=1
# poll-endpoint: 3 targets x 2 connection counts x 2 rounds of 10 s, 25 s of warm-up each; framework-floor: the same
# windows over 13 targets
export DURATION="${DURATION:-10}" ROUNDS="${ROUNDS:-2}" WARMUP="${WARMUP:-25}"
# backend-load: windows of 15 s; the smallest and the largest M on one replica, two M on three
export WINDOW_BACKEND="${WINDOW_BACKEND:-15}" WATCHERS="${WATCHERS:-50 2000}" WATCHERS_3="${WATCHERS_3:-60 1800}"
# sse-fanout: 25 s measured per phase; the operations stay queued 40 s while 19,500 clients connect
export MEASURE="${MEASURE:-25}" QUEUED="${QUEUED:-40}"
# tracking-scale: a 40 s window after the first 30 s interval; startup-footprint: two starts
export WINDOW_SCALE="${WINDOW_SCALE:-40}" STARTS="${STARTS:-2}"
for script in ${SCRIPTS:-poll-endpoint framework-floor startup-footprint backend-load sse-fanout tracking-scale}; do
  case "$script" in
    backend-load) WINDOW="$WINDOW_BACKEND" timeout 1200 "bench/scripts/$script.sh" ;;
    tracking-scale) WINDOW="$WINDOW_SCALE" timeout 1200 "bench/scripts/$script.sh" ;;
    *) timeout 1200 "bench/scripts/$script.sh" ;;
  esac
done
cat "bench/results/$RUN_ID"/*-summary.md
echo "run-all took $(( $(date +%s) - started )) s" | tee "bench/results/$RUN_ID/run-all-time.txt"
