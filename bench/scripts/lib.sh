# Shared by the benchmark scripts: build, start processes on loopback, stop exactly what was started.
# Source it; every wait here is bounded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OPGATE_JAR="${OPGATE_JAR:-$ROOT/gateway-app/target/opgate.jar}"
BENCH_JAR="$ROOT/bench/target/opgate-bench.jar"
RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
OUT="${OUT:-$ROOT/bench/results/$RUN_ID}"
mkdir -p "$OUT"
STARTED_PIDS=()

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Builds both jars unless SKIP_BUILD=1 (run.sh builds once for all scripts).
build() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building opgate.jar and opgate-bench.jar"
    (cd "$ROOT" && ./mvnw -q -DskipTests package)
  fi
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}
trap cleanup EXIT INT TERM

# stop PID: stops one process this script started.
stop() {
  local pid="$1" keep=() p
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  for p in "${STARTED_PIDS[@]}"; do [[ "$p" == "$pid" ]] || keep+=("$p"); done
  STARTED_PIDS=("${keep[@]}")
}

# spawn NAME CMD...: runs CMD in the background with its output in $OUT/NAME.log; sets SPAWNED to its pid.
spawn() {
  local name="$1"; shift
  "$@" >"$OUT/$name.log" 2>&1 &
  SPAWNED=$!
  STARTED_PIDS+=("$SPAWNED")
}

# wait_http URL SECONDS: until URL answers 2xx.
wait_http() {
  local url="$1" limit="$2" i
  for i in $(seq 1 $((limit * 5))); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.2
  done
  log "no answer from $url within ${limit}s"; return 1
}

# wait_line FILE PATTERN SECONDS: until FILE has a line matching PATTERN.
wait_line() {
  local file="$1" pattern="$2" limit="$3" i
  for i in $(seq 1 $((limit * 5))); do
    grep -q -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.2
  done
  log "no '$pattern' in $file within ${limit}s"; return 1
}

start_simulator() { # PORT
  spawn "simulator-$1" java -Xmx1g -jar "$BENCH_JAR" simulator "$1"
  SIM_PID=$SPAWNED
  wait_http "http://127.0.0.1:$1/_sim/stats" 60
}

# Authentication: SECURITY_MODE=api-key (the default, as production runs) or none. Every load client sends the one
# bench key (read, write, admin) with api-key, and nothing with none; the bare servers ignore it.
SECURITY_MODE="${SECURITY_MODE:-api-key}"
BENCH_KEY="opgate-bench-key-0123456789abcdef"
security_args() { # MODE
  if [[ "$1" == api-key ]]; then
    echo "--opgate.security.mode=api-key --opgate.security.api-keys[0].tenant=bench" \
      "--opgate.security.api-keys[0].roles=read,write,admin" \
      "--opgate.security.api-keys[0].sha256=$(printf %s "$BENCH_KEY" | sha256sum | cut -d' ' -f1)"
  else
    echo "--opgate.security.mode=none"
  fi
}
# api_get URL [curl options...]: a GET with the bench key (ignored with authentication off)
api_get() { local url="$1"; shift; curl -fsS -H "Authorization: Bearer $BENCH_KEY" "$@" "$url"; }
# key_args MODE: the load clients' option for it (--api-key KEY, or nothing)
key_args() { [[ "$1" == api-key ]] && echo "--api-key $BENCH_KEY" || true; }

# start_opgate NAME PORT SIM_PORT [extra args...]: (and OPGATE_ARGS, e.g. --server.http2.enabled=false) the jar with one ONTAP backend on the simulator, authentication
# as MODE says (default SECURITY_MODE). All load is one tenant, so the per-tenant stream quota (500) and registration
# rate (50/s) are raised to take it.
start_opgate() {
  local name="$1" port="$2" sim="$3"; shift 3
  # shellcheck disable=SC2046
  spawn "$name" java ${OPGATE_JAVA_OPTS:-} -jar "$OPGATE_JAR" \
    --server.address=127.0.0.1 --server.port="$port" \
    $(security_args "${MODE:-$SECURITY_MODE}") \
    --opgate.security.max-streams-per-client="${MAX_STREAMS:-100000}" \
    --opgate.security.registrations.per-second=100000 --opgate.security.registrations.burst=100000 \
    --opgate.backends.ontap-sim.type=ontap \
    --opgate.backends.ontap-sim.base-url="http://127.0.0.1:$sim/ontap" \
    --opgate.backends.ontap-sim.username=admin \
    --opgate.backends.ontap-sim.password=sim-password \
    --opgate.backends.ontap-sim.max-concurrency="${MAX_CONCURRENCY:-8}" \
    --logging.level.io.opgate=warn --logging.level.io.opgate.gateway.OpgateApplication=info \
    ${OPGATE_ARGS:-} "$@"
  OPGATE_PID=$SPAWNED
  wait_http "http://127.0.0.1:$port/actuator/health/readiness" 120
}

# register OPGATE_PORT SIM_PORT COUNT OUTFILE [registrar options...] (with the bench key unless MODE is none)
register() {
  local port="$1" sim="$2" count="$3" file="$4"; shift 4
  # shellcheck disable=SC2046
  java -Xmx1g -jar "$BENCH_JAR" register --opgate "http://127.0.0.1:$port" --sim "http://127.0.0.1:$sim" \
    --backend ontap-sim --count "$count" --out "$file" $(key_args "${MODE:-$SECURITY_MODE}") "$@" >&2
}

sim_requests() { # PORT: ONTAP requests the simulator has received
  curl -fsS "http://127.0.0.1:$1/_sim/stats" | sed 's/.*"ontap":{[^}]*"requests":\([0-9]*\).*/\1/'
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# live_heap_kib PID: heap in use after a full collection.
live_heap_kib() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/garbage-first heap|def new generation|tenured|heap/ && /used/ {
      for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print v; exit } }'
}

machine() {
  echo "nproc: $(nproc)"
  free -h | sed 's/^/    /'
  java -version 2>&1 | sed 's/^/    /'
  echo "load average at start: $(loadavg)"
}

# start_redis PORT: a throw-away redis-server on loopback, no persistence.
start_redis() {
  command -v redis-server >/dev/null || { log "redis-server is missing: apt-get install -y redis-server"; return 1; }
  spawn "redis-$1" redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no
  REDIS_PID=$SPAWNED
  local i
  for i in $(seq 1 50); do
    redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.2
  done
  log "redis-server on $1 did not answer"; return 1
}
