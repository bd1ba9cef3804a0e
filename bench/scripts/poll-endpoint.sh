#!/usr/bin/env bash
# Comparison 1: GET /v1/operations/{id} on opgate with the memory store and with the Redis store, against a bare
# Reactor Netty server answering the same bytes, interleaved (bare, memory, redis, bare, memory, redis) at 64 and 256
# connections, wrk -t2 -d${DURATION}s --latency.
# Usage: bench/scripts/poll-endpoint.sh   (DURATION=15 ROUNDS=2 CONNECTIONS="64 256" STORES="memory redis" WARMUP=40)
source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-15}"; ROUNDS="${ROUNDS:-2}"; CONNECTIONS="${CONNECTIONS:-64 256}"; STORES="${STORES:-memory redis}"
SIM=18089; BARE=18091; REDIS=18379
declare -A PORT=([memory]=18080 [redis]=18081)
build
machine > "$OUT/poll-machine.txt"
start_simulator $SIM
declare -A URL
TARGETS="bare"
for store in $STORES; do
  if [[ "$store" == redis ]]; then
    start_redis $REDIS
    start_opgate "opgate-poll-$store" "${PORT[$store]}" $SIM \
      --opgate.store=redis --spring.data.redis.url="redis://127.0.0.1:$REDIS"
  else
    start_opgate "opgate-poll-$store" "${PORT[$store]}" $SIM
  fi
  register "${PORT[$store]}" $SIM 1 "$OUT/poll-ids-$store.txt"
  id=$(head -1 "$OUT/poll-ids-$store.txt")
  URL[$store]="http://127.0.0.1:${PORT[$store]}/v1/operations/$id"
  TARGETS="$TARGETS $store"
done
first=$(echo $STORES | cut -d' ' -f1)
curl -fsS -D "$OUT/poll-headers.txt" "${URL[$first]}" -o "$OUT/poll-body.json"
# The bare server answers with the same status line, headers and body, byte for byte but for the order of headers.
spawn bare-poll java -jar "$BENCH_JAR" bare-poll --port $BARE --body "$OUT/poll-body.json" --headers "$OUT/poll-headers.txt"
URL[bare]="http://127.0.0.1:$BARE/v1/operations/$(basename "${URL[$first]}")"
wait_http "${URL[bare]}" 30

# On a loaded 2-core machine C2 needs well over 10 s of traffic: opgate's first 15 s run at a quarter of its speed.
log "warm-up (JIT): bare 10 s, each opgate ${WARMUP:-40} s"
wrk -t2 -c64 -d10s "${URL[bare]}" >/dev/null
for store in $STORES; do wrk -t2 -c64 -d"${WARMUP:-40}s" "${URL[$store]}" >/dev/null; done

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }
RAW="$OUT/poll-runs.tsv"
printf 'connections\tround\ttarget\trequests_per_s\tp50_ms\tp99_ms\tload_before\tload_after\n' > "$RAW"
for c in $CONNECTIONS; do
  for r in $(seq 1 "$ROUNDS"); do
    for t in $TARGETS; do
      before=$(loadavg)
      wrk -t2 -c"$c" -d"${DURATION}s" --latency "${URL[$t]}" > "$OUT/wrk-$t-c$c-r$r.txt"
      after=$(loadavg)
      rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT/wrk-$t-c$c-r$r.txt")
      p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-$t-c$c-r$r.txt" | to_ms)
      p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$t-c$c-r$r.txt" | to_ms)
      errors=$(awk '/Non-2xx|Socket errors/' "$OUT/wrk-$t-c$c-r$r.txt")
      [[ -z "$errors" ]] || log "c=$c round $r $t: $errors"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$r" "$t" "$rps" "$p50" "$p99" "$before" "$after" >> "$RAW"
      log "c=$c round $r $t: $rps req/s, p99 $p99 ms (load $after)"
    done
  done
done
# Ratios: each store's opgate over bare, of the rounds' means.
awk -F'\t' 'NR > 1 { n[$1,$3]++; rps[$1,$3] += $4; p99[$1,$3] += $6; cs[$1] = 1; if ($3 != "bare") ts[$3] = 1 }
  END { print "| store | connections | bare req/s | opgate req/s | ratio (target >= 0.70 memory, 0.60 redis) | bare p99 ms | opgate p99 ms | ratio (target <= 1.5) |";
        print "|---|---|---|---|---|---|---|---|";
        for (t in ts) for (c in cs) { b = rps[c,"bare"] / n[c,"bare"]; o = rps[c,t] / n[c,t];
          bp = p99[c,"bare"] / n[c,"bare"]; op = p99[c,t] / n[c,t];
          printf "| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", t, c, b, o, o / b, bp, op, op / bp } }' "$RAW" \
  | tee "$OUT/poll-summary.md"
log "raw runs: $RAW"
