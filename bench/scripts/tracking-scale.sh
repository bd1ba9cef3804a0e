#!/usr/bin/env bash
# Comparison 4: 100,000 active operations on one instance (-Xmx1g) against the simulated backends at a 30 s interval.
# Poll lag = how long after its due time each poll starts (timer opgate.poll.lag, read from /actuator/prometheus at
# the start and the end of a window); heap after a full GC; CPU per thread group (pidstat) over the window.
# Usage: bench/scripts/tracking-scale.sh   (OPS=100000 WINDOW=90 MAX_CONCURRENCY=64)
source "$(dirname "$0")/lib.sh"
OPS="${OPS:-100000}"; WINDOW="${WINDOW:-90}"; export MAX_CONCURRENCY="${MAX_CONCURRENCY:-64}"
SIM=18489; GW=18480
build
machine > "$OUT/scale-machine.txt"
start_simulator $SIM
OPGATE_JAVA_OPTS="${OPGATE_JAVA_OPTS:--Xmx1g}" start_opgate opgate-scale $GW $SIM \
  --opgate.polling.initial-interval=30s --opgate.polling.max-interval=30s
register $GW $SIM "$OPS" "$OUT/scale-ids.txt" --running-ms 3600000 --concurrency 128 2>&1 | tee "$OUT/scale-register.txt" >&2
log "waiting 35 s: every operation's first 30 s interval ends"
sleep 35
prom() { api_get "http://127.0.0.1:$GW/actuator/prometheus" > "$1"; }
metric() { awk -v m="$2" 'index($0, m) == 1 { print $2; exit }' "$1"; }
prom "$OUT/scale-prom-0.txt"; r0=$(sim_requests $SIM); l0=$(loadavg)
pidstat -t -p "$OPGATE_PID" "$WINDOW" 1 > "$OUT/scale-pidstat.txt" &
PIDSTAT=$!
sleep "$WINDOW"
wait "$PIDSTAT" || true
prom "$OUT/scale-prom-1.txt"; r1=$(sim_requests $SIM); l1=$(loadavg)
heap=$(live_heap_kib "$OPGATE_PID"); rss=$(rss_kib "$OPGATE_PID")
active=$(api_get "http://127.0.0.1:$GW/v1/backends" | sed -E 's/.*"activeOperations":([0-9]+).*/\1/')
c0=$(metric "$OUT/scale-prom-0.txt" 'opgate_poll_lag_seconds_count'); c1=$(metric "$OUT/scale-prom-1.txt" 'opgate_poll_lag_seconds_count')
b0=$(metric "$OUT/scale-prom-0.txt" 'opgate_poll_lag_seconds_bucket{le="1.0"}'); b1=$(metric "$OUT/scale-prom-1.txt" 'opgate_poll_lag_seconds_bucket{le="1.0"}')
# Percentiles of the window from the histogram buckets' growth: the smallest bucket bound holding that share.
bucket_percentile() {
  awk -v q="$1" 'FNR == NR && /^opgate_poll_lag_seconds_bucket/ { split($1, a, "\""); before[a[2]] = $2; next }
       /^opgate_poll_lag_seconds_bucket/ { split($1, a, "\""); n++; le[n] = a[2]; d[n] = $2 - before[a[2]] }
       END { total = d[n]; for (i = 1; i <= n; i++) if (d[i] >= q * total) { print "<= " le[i]; exit } }' \
    "$OUT/scale-prom-0.txt" "$OUT/scale-prom-1.txt"
}
p50=$(bucket_percentile 0.5); p99=$(bucket_percentile 0.99)
s0=$(metric "$OUT/scale-prom-0.txt" 'opgate_poll_lag_seconds_sum'); s1=$(metric "$OUT/scale-prom-1.txt" 'opgate_poll_lag_seconds_sum')
max=$(metric "$OUT/scale-prom-1.txt" 'opgate_poll_lag_seconds_max')
# CPU per thread group over the window, in % of one core.
cpu() { awk -v pat="$1" '/^Average/ && $3 == "-" && $0 ~ pat { s += $(NF-2) } END { printf "%.0f", s }' "$OUT/scale-pidstat.txt"; }
total_cpu=$(awk '/^Average/ && $4 == "-" { print $(NF-2); exit }' "$OUT/scale-pidstat.txt")
{
  echo "| figure | value |"
  echo "|---|---|"
  echo "| active operations | $active |"
  echo "| registration | $(grep -o 'registered.*' "$OUT/scale-register.txt") |"
  echo "| backend polls in ${WINDOW} s | $((r1 - r0)) ($(echo "($r1 - $r0) / $WINDOW" | bc) /s; one per operation per 30 s would be $(echo "$OPS / 30" | bc) /s) |"
  echo "| polls started in the window | $(echo "$c1 - $c0" | bc) |"
  echo "| share started within 1 s of due (target >= 0.99) | $(echo "scale=4; ($b1 - $b0) / ($c1 - $c0)" | bc) |"
  echo "| poll lag p50 / p99 in the window, by histogram bucket (s) (target p99 <= 1) | $p50 / $p99 |"
  echo "| poll lag mean in the window (s) | $(echo "scale=3; ($s1 - $s0) / ($c1 - $c0)" | bc) |"
  echo "| poll lag max (s) | $max |"
  echo "| live heap after full GC (MiB) (target <= 1024; -Xmx1g) | $(echo "$heap / 1024" | bc) |"
  echo "| RSS (MiB) | $(echo "$rss / 1024" | bc) |"
  echo "| CPU, whole process (% of one core) | ${total_cpu:-?} |"
  echo "| CPU, scheduler thread (parallel-*) / HTTP event loops (reactor-http-*) / GC / JIT | $(cpu 'parallel') / $(cpu 'reactor-http') / $(cpu 'GC Thread|G1') / $(cpu 'C[12] Compiler') |"
  echo "| load average at start / end of window | $l0 / $l1 |"
} | tee "$OUT/scale-summary.md"
