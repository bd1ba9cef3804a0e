#!/usr/bin/env bash
# Comparison 1: the HTTP reads, each against a bare Reactor Netty server answering the same bytes (status, headers,
# body captured from opgate), interleaved (bare, opgate, bare, opgate ...) in the same run, wrk -t2 -d${DURATION}s
# --latency, every request with the bench API key (the bare server ignores it):
#   GET /v1/operations/{id}: memory store and Redis store with api-key, memory store with mode none; 64 and 256 conns
#   GET /v1/operations?pageSize=50 (50 operations), /actuator/health/readiness, an unmapped path (404 problem): 64
# Usage: bench/scripts/poll-endpoint.sh
#   (DURATION=15 ROUNDS=2 CONNECTIONS="64 256" STORES="memory redis" NONE=1 OTHERS="list readiness notfound" WARMUP=40)
source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-15}"; ROUNDS="${ROUNDS:-2}"; CONNECTIONS="${CONNECTIONS:-64 256}"; STORES="${STORES:-memory redis}"
NONE="${NONE:-1}"; OTHERS="${OTHERS:-list readiness notfound}"
SIM=18089; BARE=18091; REDIS=18379
declare -A PORT=([memory]=18080 [redis]=18081 [none]=18082)
AUTH=(-H "Authorization: Bearer $BENCH_KEY")
build
machine > "$OUT/poll-machine.txt"
start_simulator $SIM
declare -A URL
GETS=""
for store in $STORES; do
  if [[ "$store" == redis ]]; then
    start_redis $REDIS
    MODE=api-key start_opgate "opgate-poll-$store" "${PORT[$store]}" $SIM \
      --opgate.store=redis --spring.data.redis.url="redis://127.0.0.1:$REDIS"
  else
    MODE=api-key start_opgate "opgate-poll-$store" "${PORT[$store]}" $SIM
  fi
  # 50 operations: the list's page is full.
  MODE=api-key register "${PORT[$store]}" $SIM 50 "$OUT/poll-ids-$store.txt"
  URL[$store]="http://127.0.0.1:${PORT[$store]}/v1/operations/$(head -1 "$OUT/poll-ids-$store.txt")"
  GETS="$GETS $store"
done
if [[ "$NONE" == 1 ]]; then
  MODE=none start_opgate opgate-poll-none "${PORT[none]}" $SIM
  MODE=none register "${PORT[none]}" $SIM 1 "$OUT/poll-ids-none.txt"
  URL[none]="http://127.0.0.1:${PORT[none]}/v1/operations/$(head -1 "$OUT/poll-ids-none.txt")"
  GETS="$GETS none"
fi
first=$(echo $STORES | cut -d' ' -f1)
GW="http://127.0.0.1:${PORT[$first]}"
URL[list]="$GW/v1/operations?pageSize=50"
URL[readiness]="$GW/actuator/health/readiness"
URL[notfound]="$GW/no/such/path"
# The bare server answers each path with what opgate answered for it, byte for byte but for the order of headers.
get_path="/v1/operations/$(basename "${URL[$first]}")"
: > "$OUT/poll-routes.txt"
capture() { # NAME URL PATH
  curl -sS "${AUTH[@]}" -D "$OUT/poll-headers-$1.txt" "$2" -o "$OUT/poll-body-$1.json"
  echo "$3 $OUT/poll-body-$1.json $OUT/poll-headers-$1.txt" >> "$OUT/poll-routes.txt"
}
capture get "${URL[$first]}" "$get_path"
capture list "${URL[list]}" /v1/operations
capture readiness "${URL[readiness]}" /actuator/health/readiness
capture notfound "${URL[notfound]}" /no/such/path
spawn bare-poll java -jar "$BENCH_JAR" bare-poll --port $BARE --routes "$OUT/poll-routes.txt"
URL[bare-get]="http://127.0.0.1:$BARE$get_path"
URL[bare-list]="http://127.0.0.1:$BARE/v1/operations?pageSize=50"
URL[bare-readiness]="http://127.0.0.1:$BARE/actuator/health/readiness"
URL[bare-notfound]="http://127.0.0.1:$BARE/no/such/path"
wait_http "${URL[bare-get]}" 30
wc -c "$OUT"/poll-body-*.json > "$OUT/poll-body-sizes.txt"

# On a loaded 2-core machine C2 needs well over 10 s of traffic: opgate's first 15 s run at a quarter of its speed.
log "warm-up (JIT): bare 10 s, each opgate ${WARMUP:-40} s on GET and 5 s on each other request"
wrk -t2 -c64 -d10s "${URL[bare-get]}" >/dev/null
for t in $GETS; do wrk -t2 -c64 -d"${WARMUP:-40}s" "${AUTH[@]}" "${URL[$t]}" >/dev/null; done
for t in $OTHERS; do wrk -t2 -c64 -d5s "${AUTH[@]}" "${URL[$t]}" >/dev/null; done

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }
RAW="$OUT/poll-runs.tsv"
printf 'connections\tround\ttarget\trequests_per_s\tp50_ms\tp99_ms\tload_before\tload_after\n' > "$RAW"
measure() { # CONNECTIONS ROUND TARGET
  local c="$1" r="$2" t="$3" file="$OUT/wrk-$3-c$1-r$2.txt" before after rps p50 p99 errors
  before=$(loadavg)
  wrk -t2 -c"$c" -d"${DURATION}s" --latency "${AUTH[@]}" "${URL[$t]}" > "$file"
  after=$(loadavg)
  rps=$(awk '/^Requests\/sec/ {print $2}' "$file")
  p50=$(awk '$1=="50%" {print $2}' "$file" | to_ms)
  p99=$(awk '$1=="99%" {print $2}' "$file" | to_ms)
  errors=$(awk '/Non-2xx|Socket errors/' "$file")
  [[ -z "$errors" ]] || log "c=$c round $r $t: $errors"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$r" "$t" "$rps" "$p50" "$p99" "$before" "$after" >> "$RAW"
  log "c=$c round $r $t: $rps req/s, p99 $p99 ms (load $after)"
}
for c in $CONNECTIONS; do
  for r in $(seq 1 "$ROUNDS"); do
    measure "$c" "$r" bare-get
    for t in $GETS; do measure "$c" "$r" "$t"; done
    if [[ "$c" == 64 ]]; then
      for t in $OTHERS; do measure "$c" "$r" "bare-$t"; measure "$c" "$r" "$t"; done
    fi
  done
done
# Ratios of the rounds' means: each opgate target over its bare counterpart.
awk -F'\t' -v stores="$GETS" 'BEGIN { split(stores, s, " "); for (i in s) get[s[i]] = 1 }
  NR > 1 { n[$1,$3]++; rps[$1,$3] += $4; p99[$1,$3] += $6; cs[$1] = 1; if ($3 !~ /^bare-/) ts[$3] = 1 }
  END { print "| target | connections | bare req/s | opgate req/s | req/s ratio | bare p99 ms | opgate p99 ms | p99 ratio |";
        print "|---|---|---|---|---|---|---|---|";
        for (t in ts) for (c in cs) { if (!n[c,t]) continue; b = (t in get) ? "bare-get" : "bare-" t;
          br = rps[c,b] / n[c,b]; o = rps[c,t] / n[c,t]; bp = p99[c,b] / n[c,b]; op = p99[c,t] / n[c,t];
          name = (t in get) ? "GET one operation, " (t == "none" ? "memory, mode none" : t ", api-key") : t ", api-key";
          printf "| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", name, c, br, o, o / br, bp, op, op / bp } }' "$RAW" \
  | tee "$OUT/poll-summary.md"
log "raw runs: $RAW"
