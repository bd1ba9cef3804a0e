#!/usr/bin/env bash
# Comparison 1: GET /v1/operations/{id} on opgate (memory store) against a bare Reactor Netty server answering the
# same bytes, interleaved (bare, opgate, bare, opgate) at 64 and 256 connections, wrk -t2 -d${DURATION}s --latency.
# Usage: bench/scripts/poll-endpoint.sh   (DURATION=15 ROUNDS=2 CONNECTIONS="64 256")
source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-15}"; ROUNDS="${ROUNDS:-2}"; CONNECTIONS="${CONNECTIONS:-64 256}"
SIM=18089; GW=18080; BARE=18091
build
machine > "$OUT/poll-machine.txt"
start_simulator $SIM
start_opgate opgate-poll $GW $SIM
register $GW $SIM 1 "$OUT/poll-ids.txt"
ID=$(head -1 "$OUT/poll-ids.txt")
curl -fsS "http://127.0.0.1:$GW/v1/operations/$ID" -o "$OUT/poll-body.json"
spawn bare-poll java -jar "$BENCH_JAR" bare-poll --port $BARE --body "$OUT/poll-body.json"
wait_http "http://127.0.0.1:$BARE/v1/operations/$ID" 30
declare -A URL=([bare]="http://127.0.0.1:$BARE/v1/operations/$ID" [opgate]="http://127.0.0.1:$GW/v1/operations/$ID")

# On a loaded 2-core machine C2 needs well over 10 s of traffic: opgate's first 15 s run at a quarter of its speed.
log "warm-up (JIT): bare 10 s, opgate ${WARMUP:-40} s"
wrk -t2 -c64 -d10s "${URL[bare]}" >/dev/null
wrk -t2 -c64 -d"${WARMUP:-40}s" "${URL[opgate]}" >/dev/null

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }
RAW="$OUT/poll-runs.tsv"
printf 'connections\tround\ttarget\trequests_per_s\tp50_ms\tp99_ms\tload_before\tload_after\n' > "$RAW"
for c in $CONNECTIONS; do
  for r in $(seq 1 "$ROUNDS"); do
    for t in bare opgate; do
      before=$(loadavg)
      wrk -t2 -c"$c" -d"${DURATION}s" --latency "${URL[$t]}" > "$OUT/wrk-$t-c$c-r$r.txt"
      after=$(loadavg)
      rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk-$t-c$c-r$r.txt")
      p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-$t-c$c-r$r.txt" | to_ms)
      p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$t-c$c-r$r.txt" | to_ms)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$r" "$t" "$rps" "$p50" "$p99" "$before" "$after" >> "$RAW"
      log "c=$c round $r $t: $rps req/s, p99 $p99 ms (load $after)"
    done
  done
done
# Ratios: opgate over bare, of the rounds' means.
awk -F'\t' 'NR > 1 { n[$1,$3]++; rps[$1,$3] += $4; p99[$1,$3] += $6; cs[$1] = 1 }
  END { print "| connections | bare req/s | opgate req/s | ratio (target >= 0.70) | bare p99 ms | opgate p99 ms | ratio (target <= 1.5) |";
        print "|---|---|---|---|---|---|---|";
        for (c in cs) { b = rps[c,"bare"] / n[c,"bare"]; o = rps[c,"opgate"] / n[c,"opgate"];
          bp = p99[c,"bare"] / n[c,"bare"]; op = p99[c,"opgate"] / n[c,"opgate"];
          printf "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", c, b, o, o / b, bp, op, op / bp } }' "$RAW" \
  | tee "$OUT/poll-summary.md"
log "raw runs: $RAW"
