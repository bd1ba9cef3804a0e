#!/usr/bin/env bash
# Live heap per held event stream, and what it is made of: IDLE per-operation streams on 100 operations that stay
# queued (keepalives only), api-key. Writes the class histograms before and with the clients and the per-stream
# difference by class.
# Usage: bench/scripts/sse-heap.sh [extra opgate args...]   (IDLE=2000)
source "$(dirname "$0")/lib.sh"
IDLE="${IDLE:-2000}"
SIM=18489; GW=18480
ulimit -n 20000
build
start_simulator $SIM
OPGATE_JAVA_OPTS="${OPGATE_JAVA_OPTS:--Xmx2g}" start_opgate opgate-heap $GW $SIM "$@"
register $GW $SIM 100 "$OUT/heap-idle-ids.txt" --queued-ms 3600000
sleep 5
jmap -histo:live "$OPGATE_PID" > "$OUT/heap-histo-before.txt"
before=$(live_heap_kib "$OPGATE_PID")
# shellcheck disable=SC2046
spawn heap-clients java -Xmx1g -jar "$BENCH_JAR" sse-clients --url "http://127.0.0.1:$GW" \
  --ids "$OUT/heap-idle-ids.txt" --idle-ids "$OUT/heap-idle-ids.txt" --idle "$IDLE" --measure 600 --settle 5 \
  --label heap --out "$OUT/heap-clients.jsonl" --connect-timeout 150 $(key_args "$SECURITY_MODE")
wait_line "$OUT/heap-clients.log" READY 170
sleep 5
jmap -histo:live "$OPGATE_PID" > "$OUT/heap-histo-with.txt"
after=$(live_heap_kib "$OPGATE_PID")
echo "streams=$IDLE live heap ${before} -> ${after} KiB: $(( (after - before) * 1024 / IDLE )) B per stream" \
  | tee "$OUT/heap-summary.txt"
# The difference by class, per stream, largest first.
awk -v n="$IDLE" 'FNR == 1 { file++ } $1 ~ /^[0-9]+:$/ { bytes[$4] += (file == 1 ? -$3 : $3) }
  END { for (c in bytes) if (bytes[c] > 0) printf "%8.0f %s\n", bytes[c] / n, c }' \
  "$OUT/heap-histo-before.txt" "$OUT/heap-histo-with.txt" | sort -rn | head -60 | tee "$OUT/heap-by-class.txt"
