#!/usr/bin/env bash
# Comparison 5: start-up time (process start to ready) and RSS, idle and with 10,000 active operations.
# Usage: bench/scripts/startup-footprint.sh   (STARTS=3 ACTIVE=10000)
source "$(dirname "$0")/lib.sh"
STARTS="${STARTS:-3}"; ACTIVE="${ACTIVE:-10000}"
SIM=18189; GW=18180
build
machine > "$OUT/startup-machine.txt"
start_simulator $SIM
RAW="$OUT/startup-runs.tsv"
printf 'start\tscript_ready_s\tspring_started_s\tjvm_running_s\tapplication_ready_time_s\tload\n' > "$RAW"
for i in $(seq 1 "$STARTS"); do
  t0=$(date +%s%N)
  start_opgate "opgate-start-$i" $GW $SIM
  t1=$(date +%s%N)
  line=$(grep -m1 'Started OpgateApplication' "$OUT/opgate-start-$i.log" || true)
  started=$(sed -E 's/.* in ([0-9.]+) seconds.*/\1/' <<<"$line")
  running=$(sed -E 's/.*process running for ([0-9.]+)\).*/\1/' <<<"$line")
  api_get "http://127.0.0.1:$GW/actuator/prometheus" -o "$OUT/startup-prom-$i.txt"
  ready=$(awk '/^application_ready_time_seconds/ {print $2; exit}' "$OUT/startup-prom-$i.txt")
  printf '%s\t%.2f\t%s\t%s\t%s\t%s\n' "$i" "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$started" "$running" "$ready" "$(loadavg)" >> "$RAW"
  if [[ "$i" != "$STARTS" ]]; then stop "$OPGATE_PID"; fi
done
sleep 10
idle_rss=$(rss_kib "$OPGATE_PID"); idle_heap=$(live_heap_kib "$OPGATE_PID"); idle_load=$(loadavg)
log "idle: RSS ${idle_rss} KiB, live heap ${idle_heap} KiB; registering $ACTIVE operations"
register $GW $SIM "$ACTIVE" "$OUT/startup-ids.txt" --concurrency 64
sleep 30
busy_rss=$(rss_kib "$OPGATE_PID"); busy_heap=$(live_heap_kib "$OPGATE_PID"); busy_load=$(loadavg)
active=$(api_get "http://127.0.0.1:$GW/v1/backends" | sed -E 's/.*"activeOperations":([0-9]+).*/\1/')
{
  echo "| start | script: process start to readiness UP (s) | Spring 'Started in' (s) | JVM running (s) | application.ready.time (s) | load average |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$RAW"
  echo
  echo "| state | RSS (MiB) | live heap after full GC (MiB) | load average |"
  echo "|---|---|---|---|"
  printf '| idle, 0 operations | %.0f | %.1f | %s |\n' "$(echo "$idle_rss / 1024" | bc -l)" "$(echo "$idle_heap / 1024" | bc -l)" "$idle_load"
  printf '| %s active operations (backend reports %s) | %.0f | %.1f | %s |\n' "$ACTIVE" "$active" "$(echo "$busy_rss / 1024" | bc -l)" "$(echo "$busy_heap / 1024" | bc -l)" "$busy_load"
} | tee "$OUT/startup-summary.md"
