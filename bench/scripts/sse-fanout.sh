#!/usr/bin/env bash
# Comparison 2: SSE fan-out. One load client process (bench jar, sse-clients) holds N streams against a bare Reactor
# Netty SSE broadcaster (twice: its changes spread evenly over each second, then, as bare-burst, all of a second's
# changes at once), then against opgate (a separate process), then against opgate with slow clients (that never read)
# mixed in. bare-burst is the baseline for opgate: opgate polls the simulator's ONTAP operations with one poll-many
# request per tick, so the K operations' changes of a second reach it, and its clients, together.
# Of the N: ALL on /v1/events, LIVE per-operation streams on K operations that each change once a second, SLOW (slow
# phase only) on /v1/events never reading, and the rest per-operation streams on K_IDLE operations that do not change
# (held connections: this 2-core machine cannot deliver N events a second even from the bare server, so N is held and
# the delivery rate kept where the bare server keeps up). Latency = client receipt time - the event's updatedAt
# (opgate sets updatedAt from its clock when it stores the change, ONTAP giving no time of its own; the bare server
# sets it when it emits). Heap per connection = (live heap after full GC with the clients - without) / N.
# Usage: bench/scripts/sse-fanout.sh   (N=19500 ALL=100 LIVE=1900 K=20 K_IDLE=100 SLOW_SHARE=10 MEASURE=45 QUEUED=100
#   PHASES="bare bare-burst opgate opgate-slow")
source "$(dirname "$0")/lib.sh"
N="${N:-19500}"; ALL="${ALL:-100}"; LIVE="${LIVE:-1900}"; K="${K:-20}"; K_IDLE="${K_IDLE:-100}"
SLOW_SHARE="${SLOW_SHARE:-10}"; MEASURE="${MEASURE:-45}"; QUEUED="${QUEUED:-100}"
PHASES="${PHASES:-bare bare-burst opgate opgate-slow}"
SIM=18389; GW=18380; BARE=18392
ulimit -n 20000
build
machine > "$OUT/sse-machine.txt"
echo "ulimit -n: $(ulimit -n); ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range)" >> "$OUT/sse-machine.txt"
RESULTS="$OUT/sse-results.jsonl"; : > "$RESULTS"
HEAP="$OUT/sse-heap.tsv"; printf 'phase\tclients\theap_without_kib\theap_with_kib\tper_connection_bytes\tload\n' > "$HEAP"
CPU="$OUT/sse-cpu.tsv"; printf 'phase\tserver_cpu_percent\n' > "$CPU"
start_simulator $SIM
OPGATE_JAVA_OPTS="${OPGATE_JAVA_OPTS:--Xmx2g}" start_opgate opgate-sse $GW $SIM \
  --opgate.polling.initial-interval=1s --opgate.polling.max-interval=1s --opgate.polling.watched-interval=1s
GW_PID=$OPGATE_PID
# Operations that stay queued for an hour: their streams are held open and get nothing but keepalives.
register $GW $SIM "$K_IDLE" "$OUT/sse-idle-ids.txt" --queued-ms 3600000

# run_clients PHASE URL IDS ALL PER_OP IDLE SLOW MEASURE_FROM_MS SERVER_PID
run_clients() {
  local phase="$1" url="$2" ids="$3" all="$4" perop="$5" idle="$6" slow="$7" from="$8" spid="$9" without with
  without=$(live_heap_kib "$spid")
  spawn "clients-$phase" java -Xmx2g -jar "$BENCH_JAR" sse-clients --url "$url" --ids "$ids" --all "$all" \
    --per-op "$perop" --idle-ids "$OUT/sse-idle-ids.txt" --idle "$idle" --slow "$slow" \
    --measure-from "$from" --measure "$MEASURE" --settle 10 --label "$phase" --out "$RESULTS" --connect-timeout 150 \
    $(key_args "$SECURITY_MODE")
  local cpid=$SPAWNED
  wait_line "$OUT/clients-$phase.log" READY 170
  with=$(live_heap_kib "$spid")
  printf '%s\t%s\t%s\t%s\t%.0f\t%s\n' "$phase" "$((all + perop + idle + slow))" "$without" "$with" \
    "$(echo "($with - $without) * 1024 / ($all + $perop + $idle + $slow)" | bc -l)" "$(loadavg)" >> "$HEAP"
  log "$phase: $(grep READY "$OUT/clients-$phase.log"); heap $without -> $with KiB"
  # The server's CPU over the measured window (% of one core).
  local start_in=$(( (from > 0 ? from : $(date +%s%3N) + 10000) - $(date +%s%3N) ))
  ( sleep "$(echo "if ($start_in > 0) $start_in / 1000 else 0" | bc -l)"
    pidstat -u -p "$spid" "$MEASURE" 1 | awk -v p="$phase" '/^Average/ { print p "\t" $(NF-2) }' >> "$CPU" ) &
  # Heap again right after the window (the client holds its streams 2 s longer): slow clients have had events
  # piling up for the whole window by then.
  local end_in=$(( (from > 0 ? from : $(date +%s%3N) + 10000) + MEASURE * 1000 + 300 - $(date +%s%3N) ))
  sleep "$(echo "if ($end_in > 0) $end_in / 1000 else 0" | bc -l)"
  local after_window; after_window=$(live_heap_kib "$spid")
  printf '%s\t%s\t%s\n' "$phase" "$after_window" "$(rss_kib "$spid")" >> "$OUT/sse-heap-end.tsv"
  for _ in $(seq 1 $((MEASURE + QUEUED + 60))); do kill -0 "$cpid" 2>/dev/null || break; sleep 1; done
  stop "$cpid"
  log "$phase: $(grep RESULT "$OUT/clients-$phase.log" || echo 'no result')"
}

for phase in $PHASES; do
  slow=0; [[ "$phase" == *slow ]] && slow=$((N * SLOW_SHARE / 100))
  idle=$((N - ALL - LIVE - slow))
  if [[ "$phase" == bare* ]]; then
    burst=false; [[ "$phase" == bare-burst ]] && burst=true
    # The bare server sends opgate's own JSON for these operations: register K to get ids and a template.
    [[ -s "$OUT/sse-bare-ids.txt" ]] || register $GW $SIM "$K" "$OUT/sse-bare-ids.txt" --running-ms 1000
    api_get "http://127.0.0.1:$GW/v1/operations/$(head -1 "$OUT/sse-bare-ids.txt")" -o "$OUT/sse-template.json"
    spawn "$phase-sse" java -jar "$BENCH_JAR" bare-sse --port $BARE --ids "$OUT/sse-bare-ids.txt" \
      --idle-ids "$OUT/sse-idle-ids.txt" --template "$OUT/sse-template.json" --burst "$burst"
    bpid=$SPAWNED
    wait_line "$OUT/$phase-sse.log" "bare SSE server" 30
    run_clients "$phase" "http://127.0.0.1:$BARE" "$OUT/sse-bare-ids.txt" "$ALL" "$LIVE" "$idle" "$slow" 0 "$bpid"
    stop "$bpid"
  else
    # Fresh operations, queued while the clients connect, then changing every ~0.7 s for the measured window.
    t0=$(date +%s%3N)
    register $GW $SIM "$K" "$OUT/sse-$phase-ids.txt" --queued-ms $((QUEUED * 1000)) --running-ms $(((MEASURE + 8) * 1000))
    run_clients "$phase" "http://127.0.0.1:$GW" "$OUT/sse-$phase-ids.txt" "$ALL" "$LIVE" "$idle" "$slow" \
      $((t0 + QUEUED * 1000 + 3000)) "$GW_PID"
  fi
  sleep 5
done
{
  echo "| phase | clients | connected (+ slow) | connect s | deliveries | events/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk 'function f(k,  v) { if (!match($0, "\"" k "\":[^,}]*")) return "?"; v = substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3); gsub(/"/, "", v); return v }
       { printf "| %s | %s | %s (+%s) | %s | %s | %s | %s | %s | %s | %s | %s |\n", f("label"), f("clients"), f("connected"), f("slow"),
         f("connectSeconds"), f("deliveries"), f("eventsPerSecond"), f("p50Ms"), f("p90Ms"), f("p99Ms"), f("p999Ms"), f("maxMs") }' "$RESULTS"
  echo
  echo "| phase | server CPU in the window (% of one core) |"
  echo "|---|---|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s |\n", $1, $2 }' "$CPU"
  echo
  echo "| phase | clients | live heap without (KiB) | with (KiB) | bytes per connection (target <= 8192) | load |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' 'NR > 1 { printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6 }' "$HEAP"
  echo
  echo "| phase | live heap right after the window (KiB) | server RSS then (KiB) |"
  echo "|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s |\n", $1, $2, $3 }' "$OUT/sse-heap-end.tsv"
} | tee "$OUT/sse-summary.md"
