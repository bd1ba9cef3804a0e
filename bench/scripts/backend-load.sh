#!/usr/bin/env bash
# Comparison 3: M watchers (half per-operation SSE streams, half ?wait= long-poll loops) on K operations; the backend
# sees one poll per operation per watched interval whatever M. Counts the simulator's ONTAP requests over a window,
# first on one replica (memory store), then on three replicas sharing one Redis, the watchers spread over the three.
# Usage: bench/scripts/backend-load.sh   (K=50 WATCHERS="50 500 2000" WATCHERS_3="60 1800" WINDOW=30)
source "$(dirname "$0")/lib.sh"
K="${K:-50}"; WATCHERS="${WATCHERS:-50 500 2000}"; WATCHERS_3="${WATCHERS_3:-60 1800}"; WINDOW="${WINDOW:-30}"
INTERVAL_S=1; SIM=18289; GW=18280; REDIS=18479
build
machine > "$OUT/backend-machine.txt"
start_simulator $SIM
RAW="$OUT/backend-runs.tsv"
printf 'replicas\twatchers\tsse\twait\tpolls\tpolls_per_op_interval\tload\n' > "$RAW"

# measure REPLICAS IDS M PORT...: M watchers spread evenly over the replicas' ports, polls counted over the window.
measure() {
  local replicas="$1" ids="$2" m="$3"; shift 3
  local ports=("$@") pids=() i sse wait share polls ratio r0 r1 offset=0
  for i in "${!ports[@]}"; do
    share=$(( (m + i) / ${#ports[@]} )); sse=$((share / 2)); wait=$((share - share / 2))
    # Each process starts where the previous one ended, so that M >= K watches every operation.
    spawn "watchers-r$replicas-m$m-$i" java -Xmx512m -jar "$BENCH_JAR" watchers --url "http://127.0.0.1:${ports[$i]}" \
      --ids "$ids" --sse "$sse" --wait "$wait" --offset "$offset" --duration $((WINDOW + 20)) $(key_args "$SECURITY_MODE")
    pids+=("$SPAWNED")
    offset=$((offset + share))
  done
  for i in "${!ports[@]}"; do wait_line "$OUT/watchers-r$replicas-m$m-$i.log" READY 120; done
  sleep 8 # every operation is on the watched interval by now
  r0=$(sim_requests $SIM); sleep "$WINDOW"; r1=$(sim_requests $SIM)
  polls=$((r1 - r0))
  ratio=$(echo "$polls / ($K * $WINDOW / $INTERVAL_S)" | bc -l)
  printf '%s\t%s\t%s\t%s\t%s\t%.3f\t%s\n' "$replicas" "$m" "$((m / 2))" "$((m - m / 2))" "$polls" "$ratio" "$(loadavg)" >> "$RAW"
  log "$replicas replica(s), M=$m: $polls polls in ${WINDOW}s for $K operations: $(printf %.3f "$ratio") per operation per interval"
  for i in "${pids[@]}"; do stop "$i"; done
  sleep 3
}

start_opgate opgate-backend $GW $SIM --opgate.polling.watched-interval=${INTERVAL_S}s
# Operations that run for an hour: polled on the watched interval while watched, never done during the run.
register $GW $SIM "$K" "$OUT/backend-ids.txt" --running-ms 3600000
for m in $WATCHERS; do measure 1 "$OUT/backend-ids.txt" "$m" $GW; done
stop "$OPGATE_PID"

if [[ -n "$WATCHERS_3" ]]; then
  start_redis $REDIS
  PORTS=($((GW + 1)) $((GW + 2)) $((GW + 3)))
  for p in "${PORTS[@]}"; do
    start_opgate "opgate-backend-$p" "$p" $SIM --opgate.polling.watched-interval=${INTERVAL_S}s \
      --opgate.store=redis --spring.data.redis.url="redis://127.0.0.1:$REDIS"
  done
  register "${PORTS[0]}" $SIM "$K" "$OUT/backend-ids-3.txt" --running-ms 3600000
  for m in $WATCHERS_3; do measure 3 "$OUT/backend-ids-3.txt" "$m" "${PORTS[@]}"; done
fi
{
  echo "| replicas | watchers M (SSE + wait) | operations K | backend polls in ${WINDOW} s | polls / (K x intervals) (target 1.00) | mean time between polls of one operation (s) | load average |"
  echo "|---|---|---|---|---|---|---|"
  awk -F'\t' -v k="$K" -v w="$WINDOW" 'NR > 1 { printf "| %s | %s (%s + %s) | %s | %s | %.3f | %.3f | %s |\n", $1, $2, $3, $4, k, $5, $6, k * w / $5, $7 }' "$RAW"
} | tee "$OUT/backend-summary.md"
