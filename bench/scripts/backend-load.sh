#!/usr/bin/env bash
# Comparison 3: M watchers (half per-operation SSE streams, half ?wait= long-poll loops) on K operations; the backend
# sees one poll per operation per watched interval whatever M. Counts the simulator's ONTAP requests over a window.
# Usage: bench/scripts/backend-load.sh   (K=50 WATCHERS="50 500 2000" WINDOW=30)
source "$(dirname "$0")/lib.sh"
K="${K:-50}"; WATCHERS="${WATCHERS:-50 500 2000}"; WINDOW="${WINDOW:-30}"; INTERVAL_S=1
SIM=18289; GW=18280
build
machine > "$OUT/backend-machine.txt"
start_simulator $SIM
start_opgate opgate-backend $GW $SIM --opgate.polling.watched-interval=${INTERVAL_S}s
# Operations that run for an hour: polled on the watched interval while watched, never done during the run.
register $GW $SIM "$K" "$OUT/backend-ids.txt" --running-ms 3600000
RAW="$OUT/backend-runs.tsv"
printf 'watchers\tsse\twait\tpolls\tpolls_per_op_interval\tload\n' > "$RAW"
for m in $WATCHERS; do
  sse=$((m / 2)); wait=$((m - m / 2))
  spawn "watchers-$m" java -Xmx512m -jar "$BENCH_JAR" watchers --url "http://127.0.0.1:$GW" \
    --ids "$OUT/backend-ids.txt" --sse "$sse" --wait "$wait" --duration $((WINDOW + 20))
  wpid=$SPAWNED
  wait_line "$OUT/watchers-$m.log" READY 120
  sleep 8 # every operation is on the watched interval by now
  r0=$(sim_requests $SIM); sleep "$WINDOW"; r1=$(sim_requests $SIM)
  polls=$((r1 - r0))
  ratio=$(echo "$polls / ($K * $WINDOW / $INTERVAL_S)" | bc -l)
  printf '%s\t%s\t%s\t%s\t%.3f\t%s\n' "$m" "$sse" "$wait" "$polls" "$ratio" "$(loadavg)" >> "$RAW"
  log "M=$m: $polls polls in ${WINDOW}s for $K operations: $(printf %.3f "$ratio") per operation per interval"
  stop "$wpid"
  sleep 3
done
{
  echo "| watchers M (SSE + wait) | operations K | backend polls in ${WINDOW} s | polls / (K x intervals) (target 1.00) | mean time between polls of one operation (s) | load average |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' -v k="$K" -v w="$WINDOW" 'NR > 1 { printf "| %s (%s + %s) | %s | %s | %.3f | %.3f | %s |\n", $1, $2, $3, k, $4, $5, k * w / $4, $6 }' "$RAW"
} | tee "$OUT/backend-summary.md"
