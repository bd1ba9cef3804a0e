#!/usr/bin/env bash
# Every comparison, one after the other, after one build; results under bench/results/<run id>/.
# Usage: bench/scripts/run-all.sh   (about 20 minutes on a 2-core machine)
set -euo pipefail
cd "$(dirname "$0")/../.."
export RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
./mvnw -q -DskipTests package
export SKIP_BUILD=1
for script in poll-endpoint startup-footprint backend-load sse-fanout tracking-scale; do
  timeout 1200 "bench/scripts/$script.sh"
done
cat "bench/results/$RUN_ID"/*-summary.md
