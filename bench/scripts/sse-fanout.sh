#!/usr/bin/env bash
# Comparison 2: SSE fan-out. One load client process (bench jar, sse-clients) holds N streams against a bare Reactor
# Netty SSE broadcaster, then against opgate (a separate process), then against opgate with slow clients (that never
# read) mixed in. K operations each change once a second; latency = client receipt time - the event's updatedAt
# (opgate sets updatedAt from its clock when it stores the change, ONTAP giving no time of its own; the bare server
# sets it when it emits). Heap per connection = (live heap after full GC with the clients - without) / N.
# Usage: bench/scripts/sse-fanout.sh   (N=19500 ALL=100 K=20 SLOW_SHARE=10 MEASURE=45 QUEUED=60)
source "$(dirname "$0")/lib.sh"
N="${N:-19500}"; ALL="${ALL:-100}"; K="${K:-20}"; SLOW_SHARE="${SLOW_SHARE:-10}"; MEASURE="${MEASURE:-45}"
QUEUED="${QUEUED:-60}"; PHASES="${PHASES:-bare opgate opgate-slow}"
SIM=18389; GW=18380; BARE=18392
ulimit -n 20000
build
machine > "$OUT/sse-machine.txt"
echo "ulimit -n: $(ulimit -n); ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range)" >> "$OUT/sse-machine.txt"
RESULTS="$OUT/sse-results.jsonl"; : > "$RESULTS"
HEAP="$OUT/sse-heap.tsv"; printf 'phase\tclients\theap_without_kib\theap_with_kib\tper_connection_bytes\tload\n' > "$HEAP"
start_simulator $SIM
OPGATE_JAVA_OPTS="${OPGATE_JAVA_OPTS:--Xmx2g}" start_opgate opgate-sse $GW $SIM \
  --opgate.polling.initial-interval=1s --opgate.polling.max-interval=1s --opgate.polling.watched-interval=1s
GW_PID=$OPGATE_PID

# run_clients PHASE URL IDS ALL PER_OP SLOW MEASURE_FROM_MS SERVER_PID
run_clients() {
  local phase="$1" url="$2" ids="$3" all="$4" perop="$5" slow="$6" from="$7" spid="$8" without with
  without=$(live_heap_kib "$spid")
  spawn "clients-$phase" java -Xmx2g -jar "$BENCH_JAR" sse-clients --url "$url" --ids "$ids" --all "$all" \
    --per-op "$perop" --slow "$slow" --measure-from "$from" --measure "$MEASURE" --settle 10 --label "$phase" \
    --out "$RESULTS" --connect-timeout 150
  local cpid=$SPAWNED
  wait_line "$OUT/clients-$phase.log" READY 170
  with=$(live_heap_kib "$spid")
  printf '%s\t%s\t%s\t%s\t%.0f\t%s\n' "$phase" "$((all + perop + slow))" "$without" "$with" \
    "$(echo "($with - $without) * 1024 / ($all + $perop + $slow)" | bc -l)" "$(loadavg)" >> "$HEAP"
  log "$phase: $(grep READY "$OUT/clients-$phase.log"); heap $without -> $with KiB"
  for _ in $(seq 1 $((MEASURE + QUEUED + 60))); do kill -0 "$cpid" 2>/dev/null || break; sleep 1; done
  stop "$cpid"
  log "$phase: $(grep RESULT "$OUT/clients-$phase.log" || echo 'no result')"
}

for phase in $PHASES; do
  slow=0; [[ "$phase" == *slow ]] && slow=$((N * SLOW_SHARE / 100))
  perop=$((N - ALL - slow))
  if [[ "$phase" == bare ]]; then
    # The bare server sends opgate's own JSON for these operations: register K to get ids and a template.
    [[ -s "$OUT/sse-bare-ids.txt" ]] || register $GW $SIM "$K" "$OUT/sse-bare-ids.txt" --running-ms 1000
    curl -fsS "http://127.0.0.1:$GW/v1/operations/$(head -1 "$OUT/sse-bare-ids.txt")" -o "$OUT/sse-template.json"
    spawn bare-sse java -jar "$BENCH_JAR" bare-sse --port $BARE --ids "$OUT/sse-bare-ids.txt" --template "$OUT/sse-template.json"
    bpid=$SPAWNED
    wait_line "$OUT/bare-sse.log" "bare SSE server" 30
    run_clients bare "http://127.0.0.1:$BARE" "$OUT/sse-bare-ids.txt" "$ALL" "$perop" "$slow" 0 "$bpid"
    stop "$bpid"
  else
    # Fresh operations, queued while the clients connect, then changing every ~0.7 s for the measured window.
    t0=$(date +%s%3N)
    register $GW $SIM "$K" "$OUT/sse-$phase-ids.txt" --queued-ms $((QUEUED * 1000)) --running-ms $(((MEASURE + 8) * 1000))
    run_clients "$phase" "http://127.0.0.1:$GW" "$OUT/sse-$phase-ids.txt" "$ALL" "$perop" "$slow" \
      $((t0 + QUEUED * 1000 + 3000)) "$GW_PID"
  fi
  sleep 5
done
{
  echo "| phase | clients (all + per-op + slow) | connected | connect s | deliveries | events/s | p50 ms | p99 ms | p99.9 ms | max ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  sed -E 's/.*"label":"([^"]*)","clients":([0-9]+),"connected":([0-9]+),"failed":([0-9]+),"slow":([0-9]+),"connectSeconds":([0-9.]+),"late":([a-z]+),"measureSeconds":([0-9]+),"eventsPerSecond":([0-9.]+),"deliveries":([0-9]+),"p50Ms":([0-9.]+),"p90Ms":([0-9.]+),"p99Ms":([0-9.]+),"p999Ms":([0-9.]+),"maxMs":([0-9.]+)}/| \1 | \2 (slow \5) | \3 (+\5 slow), failed \4 | \6 | \10 | \9 | \11 | \13 | \14 | \15 |/' "$RESULTS"
  echo
  echo "| phase | clients | live heap without (KiB) | with (KiB) | bytes per connection (target <= 8192) | load |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$HEAP"
} | tee "$OUT/sse-summary.md"
