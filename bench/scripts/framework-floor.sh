#!/usr/bin/env bash
# Comparison 6: what the framework itself costs here, so that each poll-endpoint target can be read against it.
# The same route (GET /v1/operations/{id}, a fixed 583-byte JSON body from an annotated controller, bench/plain/)
# runs as:
#   minimal   Spring Boot WebFlux alone: opgate.jar's libraries without actuator, Micrometer meters, tracing,
#             Spring Security, springdoc, Redis, validation and opgate's own jars
#   plain     the same class on all of opgate.jar's libraries, Spring Security's auto-configuration excluded
#             (so actuator, the http.server.requests observation and tracing as Boot sets them up)
#   plainsec  plain + a Spring Security chain that permits everything, its features switched off as opgate does
#             (csrf, basic, form, logout, anonymous, headers, request cache, context repository, observations)
# beside the bare Reactor Netty server and opgate (api-key, and mode none), interleaved, wrk -t2 -c64 --latency,
# CPU per request from /proc/<pid>/stat. Then two answers of the framework's own: an unmapped path under /v1 (Boot's
# 404 on minimal and plain, opgate's 404 problem with the bench key) and /actuator/health/readiness (plain, opgate).
# Usage: bench/scripts/framework-floor.sh   (DURATION=10 ROUNDS=3 WARMUP=25)
source "$(dirname "$0")/lib.sh"
DURATION="${DURATION:-10}"; ROUNDS="${ROUNDS:-3}"; WARMUP="${WARMUP:-25}"
SIM=18589; BARE=18591; KEY=18590; NONE_PORT=18592; MINIMAL=18594; PLAIN=18595; PLAINSEC=18596
AUTH=(-H "Authorization: Bearer $BENCH_KEY")
build
machine > "$OUT/floor-machine.txt"

# bench/plain on opgate.jar's own libraries
LIB="$OUT/floor-lib"; mkdir -p "$LIB" "$OUT/floor-classes"
(cd "$LIB" && unzip -q -o "$OPGATE_JAR" 'BOOT-INF/lib/*')
javac -parameters -proc:none -d "$OUT/floor-classes" -cp "$LIB/BOOT-INF/lib/*" "$ROOT"/bench/plain/*.java
NOT_MINIMAL='actuator|tracing|opentelemetry|security|springdoc|swagger|webjars|prometheus|lettuce|opgate|contracts'
NOT_MINIMAL+='|adapter|hibernate|validation|jakarta.el|classmate|jboss|nimbus|oauth|jose|simulator|micrometer-core'
NOT_MINIMAL+='|micrometer-registry|HdrHistogram|LatencyUtils|spring-boot-micrometer|spring-boot-health|jcip|json-smart'
NOT_MINIMAL+='|accessors|asm-'
MINIMAL_CP="$OUT/floor-classes:$(ls "$LIB"/BOOT-INF/lib/*.jar | grep -v -E "$NOT_MINIMAL" | paste -sd:)"
ALL_CP="$OUT/floor-classes:$LIB/BOOT-INF/lib/*"
NO_SECURITY=org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration
NO_SECURITY+=,org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration
NO_SECURITY+=,org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration
NO_SECURITY+=,org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration
NO_SECURITY+=,org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerWebSecurityAutoConfiguration

start_simulator $SIM
MODE=api-key start_opgate opgate-floor-key $KEY $SIM
KEY_PID=$OPGATE_PID
MODE=api-key register $KEY $SIM 1 "$OUT/floor-ids-key.txt"
MODE=none start_opgate opgate-floor-none $NONE_PORT $SIM
NONE_PID=$OPGATE_PID
MODE=none register $NONE_PORT $SIM 1 "$OUT/floor-ids-none.txt"
declare -A URL PID
URL[key]="http://127.0.0.1:$KEY/v1/operations/$(head -1 "$OUT/floor-ids-key.txt")"
URL[none]="http://127.0.0.1:$NONE_PORT/v1/operations/$(head -1 "$OUT/floor-ids-none.txt")"
PID[key]=$KEY_PID; PID[none]=$NONE_PID
spawn floor-minimal java -Dbody=560 -cp "$MINIMAL_CP" plainapp.PlainApp --server.port=$MINIMAL
PID[minimal]=$SPAWNED
spawn floor-plain java -Dbody=560 -cp "$ALL_CP" plainapp.PlainApp --server.port=$PLAIN \
  --management.endpoint.health.probes.enabled=true --spring.autoconfigure.exclude=$NO_SECURITY
PID[plain]=$SPAWNED
spawn floor-plainsec java -Dbody=560 -cp "$ALL_CP" plainapp.PlainApp --server.port=$PLAINSEC --plain.security=true
PID[plainsec]=$SPAWNED
for t in minimal plain plainsec; do
  port_var=${t^^}; URL[$t]="http://127.0.0.1:${!port_var}/v1/operations/a"
done
# The bare server answers each path with what opgate answered for it, byte for byte but for the order of headers.
: > "$OUT/floor-routes.txt"
for t in get notfound readiness; do
  case $t in
    get) url="${URL[key]}"; path="/v1/operations/$(head -1 "$OUT/floor-ids-key.txt")" ;;
    notfound) url="http://127.0.0.1:$KEY/v1/no/such/path"; path=/v1/no/such/path ;;
    readiness) url="http://127.0.0.1:$KEY/actuator/health/readiness"; path=/actuator/health/readiness ;;
  esac
  curl -sS "${AUTH[@]}" -D "$OUT/floor-headers-$t.txt" "$url" -o "$OUT/floor-body-$t.json"
  echo "$path $OUT/floor-body-$t.json $OUT/floor-headers-$t.txt" >> "$OUT/floor-routes.txt"
done
spawn floor-bare java -jar "$BENCH_JAR" bare-poll --port $BARE --routes "$OUT/floor-routes.txt"
PID[bare]=$SPAWNED
URL[bare]="http://127.0.0.1:$BARE/v1/operations/$(head -1 "$OUT/floor-ids-key.txt")"
for t in bare minimal plain plainsec; do wait_http "${URL[$t]}" 60; done
for t in bare minimal plain key; do URL[$t-404]="${URL[$t]%/v1/operations/*}/v1/no/such/path"; PID[$t-404]=${PID[$t]}; done
for t in bare plain key; do
  URL[$t-ready]="${URL[$t]%/v1/operations/*}/actuator/health/readiness"; PID[$t-ready]=${PID[$t]}
done
GETS="bare minimal plain plainsec key none"
OTHERS="bare-404 minimal-404 plain-404 key-404 bare-ready plain-ready key-ready"
for t in $GETS $OTHERS; do
  curl -sS -o /dev/null "${AUTH[@]}" -w "$t %{http_code} %{size_download} B\n" "${URL[$t]}"
done | tee "$OUT/floor-answers.txt"

log "warm-up: ${WARMUP} s on each route, 5 s on each other answer"
for t in $GETS; do wrk -t2 -c64 -d"${WARMUP}s" "${AUTH[@]}" "${URL[$t]}" >/dev/null; done
for t in $OTHERS; do wrk -t2 -c64 -d5s "${AUTH[@]}" "${URL[$t]}" >/dev/null; done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
RAW="$OUT/floor-runs.tsv"
printf 'round\ttarget\trequests_per_s\tp99\tcpu_us_per_request\tload_after\n' > "$RAW"
for r in $(seq 1 "$ROUNDS"); do
  for t in $GETS $OTHERS; do
    before=$(cpu_ticks "${PID[$t]}")
    res=$(wrk -t2 -c64 -d"${DURATION}s" --latency "${AUTH[@]}" "${URL[$t]}")
    after=$(cpu_ticks "${PID[$t]}")
    n=$(echo "$res" | awk '/requests in/ {print $1}')
    rps=$(echo "$res" | awk '/^Requests\/sec/ {print $2}')
    p99=$(echo "$res" | awk '$1=="99%" {print $2}')
    cpu=$(( (after - before) * 1000000 / $(getconf CLK_TCK) / n ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$t" "$rps" "$p99" "$cpu" "$(loadavg)" >> "$RAW"
    log "round $r $t: $rps req/s, p99 $p99, $cpu us CPU per request"
  done
done
awk -F'\t' 'NR > 1 { n[$2]++; rps[$2] += $3; cpu[$2] += $5; if (!($2 in seen)) { seen[$2] = 1; order[++k] = $2 } }
  END { print "| target | req/s (mean) | ÷ bare | CPU µs per request |"; print "|---|---|---|---|";
        for (i = 1; i <= k; i++) { t = order[i]; b = (t ~ /-404$/) ? "bare-404" : (t ~ /-ready$/) ? "bare-ready" : "bare";
          printf "| %s | %.0f | %.2f | %.0f |\n", t, rps[t] / n[t], (rps[t] / n[t]) / (rps[b] / n[b]), cpu[t] / n[t] } }' \
  "$RAW" | tee "$OUT/floor-summary.md"
