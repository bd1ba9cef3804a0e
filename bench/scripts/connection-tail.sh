#!/usr/bin/env bash
# The tail of GET one operation at 256 connections, and where it comes from: opgate (api-key, memory store, one ONTAP
# operation on the simulator), WARMUP s (40) of warm-up at 64 connections, then ROUNDS rounds of wrk -t2 -c256 -d${DURATION}s
# --latency --timeout 5s (each round opens its 256 connections anew), with the kernel's TCP counters (nstat) of each
# round and the gateway's threads (pidstat -t) in the middle of the first. OPGATE_JAVA_OPTS goes to the gateway, e.g.
# -Xlog:gc:file=... or -Dreactor.netty.ioSelectCount=1.
# Usage: bench/scripts/connection-tail.sh   (DURATION=10 ROUNDS=3 WARMUP=40)
source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-10}"; ROUNDS="${ROUNDS:-3}"; WARMUP="${WARMUP:-40}"
SIM=18689; GW=18680
build
start_simulator $SIM
MODE=api-key start_opgate opgate-tail $GW $SIM
MODE=api-key register $GW $SIM 1 "$OUT/tail-ids.txt"
URL="http://127.0.0.1:$GW/v1/operations/$(head -1 "$OUT/tail-ids.txt")"
AUTH=(-H "Authorization: Bearer $BENCH_KEY")
wrk -t2 -c64 -d"${WARMUP}s" "${AUTH[@]}" "$URL" >/dev/null
counter() { awk -v k="$1" '$1 == k { v = $2 } END { print v + 0 }' "$OUT/tail-nstat-r$2.txt"; } # nstat omits zeros
for r in $(seq 1 "$ROUNDS"); do
  nstat -n >/dev/null
  threads=""
  if [[ "$r" == 1 ]]; then
    ( sleep 3; pidstat -t -p "$OPGATE_PID" 5 1 | grep Average > "$OUT/tail-threads.txt" ) &
    threads=$!
  fi
  wrk -t2 -c256 -d"${DURATION}s" --latency --timeout 5s "${AUTH[@]}" "$URL" > "$OUT/tail-wrk-r$r.txt"
  # Only that one: a bare wait would wait for the gateway and the simulator too.
  [[ -z "$threads" ]] || wait "$threads"
  nstat > "$OUT/tail-nstat-r$r.txt" || true
  log "round $r: $(awk '/Requests\/sec/ {print $2}' "$OUT/tail-wrk-r$r.txt") req/s," \
    "$(grep -E '^ +(50|90|99)%' "$OUT/tail-wrk-r$r.txt" | tr -s ' ' | tr '\n' ' ')" \
    "$(grep -E 'timeout|Socket errors' "$OUT/tail-wrk-r$r.txt" || true)" \
    "SYN retransmits $(counter TcpExtTCPSynRetrans "$r"), listen drops $(counter TcpExtListenDrops "$r")"
done
log "threads in round 1 (pidstat -t; %wait is time runnable but without a core): $OUT/tail-threads.txt"
