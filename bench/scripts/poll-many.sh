#!/usr/bin/env bash
# Issue 18: discovery and poll-many. One gateway (memory store) with the simulated ONTAP (ontap-sim) and SolidFire (sf),
# both discovering every DISCOVERY_S seconds and polled every INTERVAL_S seconds; the client is
# `opgate-bench.jar poll-many` (bench/src/main/java/io/opgate/bench/load/PollManyBench.java). In order:
#   discovery  NEW jobs per backend started outside opgate at random moments within NEW_OVER s: time to appear in
#              GET /v1/operations and on the firehose (target: DISCOVERY_S + 1 s)
#   count      JOBS long-running jobs per backend, all found by discovery: backend requests per interval over WINDOW s
#              (target ONTAP <= JOBS / 50 + discovery calls; SolidFire one request per interval)
#   change     CHANGE ONTAP jobs registered, ending spread over 30 s while the JOBS above are tracked: backend state
#              change to firehose event (target: p99 <= INTERVAL_S + 1 s, no worse than single polls)
# then count and change again with batch-size 1 on both backends (single polls, as before issue 18), on a fresh simulator.
# Usage: bench/scripts/poll-many.sh   (JOBS=2000 NEW=50 NEW_OVER=60 WINDOW=60 CHANGE=500 SINGLE=1 DISCOVERY_S=30)
source "$(dirname "$0")/lib.sh"
JOBS="${JOBS:-2000}"; NEW="${NEW:-50}"; NEW_OVER="${NEW_OVER:-60}"; WINDOW="${WINDOW:-60}"; CHANGE="${CHANGE:-500}"
SINGLE="${SINGLE:-1}"; INTERVAL_S=5; DISCOVERY_S="${DISCOVERY_S:-30}"; SIM=18389; GW=18380
build
machine > "$OUT/poll-many-machine.txt"
RAW="$OUT/poll-many-results.tsv"
: > "$RAW"

# gateway NAME BATCH: the jar on the simulator with both backends discovering; BATCH is batch-size ("" = the adapter's).
gateway() {
  local name="$1" batch="$2" extra=()
  if [[ -n "$batch" ]]; then
    extra+=(--opgate.backends.ontap-sim.batch-size="$batch" --opgate.backends.sf.batch-size="$batch")
  fi
  start_opgate "$name" $GW $SIM \
    --opgate.polling.initial-interval=${INTERVAL_S}s --opgate.polling.max-interval=${INTERVAL_S}s \
    --opgate.polling.timeout=20s \
    --opgate.backends.ontap-sim.discovery.enabled=true \
    --opgate.backends.ontap-sim.discovery.interval=${DISCOVERY_S}s \
    --opgate.backends.ontap-sim.discovery.tenant=bench \
    --opgate.backends.ontap-sim.discovery.labels.source=discovered \
    --opgate.backends.sf.type=solidfire \
    --opgate.backends.sf.base-url="http://127.0.0.1:$SIM/solidfire/json-rpc/12.3" \
    --opgate.backends.sf.username=admin --opgate.backends.sf.password=sim-password \
    --opgate.backends.sf.discovery.enabled=true \
    --opgate.backends.sf.discovery.interval=${DISCOVERY_S}s \
    --opgate.backends.sf.discovery.tenant=bench \
    --opgate.backends.sf.discovery.labels.source=discovered \
    "${extra[@]}"
}

# phase LABEL ARGS...: one run of the client; its RESULT lines go to the table with the load average after it.
phase() {
  local label="$1"; shift
  log "$label: $*"
  # shellcheck disable=SC2046
  java -Xmx1g -jar "$BENCH_JAR" poll-many --opgate "http://127.0.0.1:$GW" --sim "http://127.0.0.1:$SIM" \
    --ontap-backend ontap-sim --sf-backend sf $(key_args "$SECURITY_MODE") "$@" | tee -a "$OUT/poll-many-$label.log" \
    | grep '^RESULT' | while IFS= read -r line; do
        printf '%s\t%s\t%s\n' "$label" "${line#RESULT	}" "load $(loadavg)" | tee -a "$RAW"
      done
}

start_simulator $SIM
gateway opgate-poll-many ""
phase batched --phase discovery --count "$NEW" --over "$NEW_OVER" --limit $((DISCOVERY_S + 30))
phase batched --phase count --jobs "$JOBS" --interval $INTERVAL_S --window "$WINDOW"
phase batched --phase change --jobs "$CHANGE" --first-end 30 --spread 30 --limit 30
stop "$OPGATE_PID"
stop "$SIM_PID"

if [[ "$SINGLE" == 1 ]]; then
  start_simulator $SIM
  gateway opgate-single-polls 1
  phase single --phase count --jobs "$JOBS" --interval $INTERVAL_S --window "$WINDOW"
  phase single --phase change --jobs "$CHANGE" --first-end 30 --spread 30 --limit 30
  stop "$OPGATE_PID"
fi
{
  echo "| gateway | phase | result | load average after (1/5/15 min) |"
  echo "|---|---|---|---|"
  awk -F'\t' '{ r = $3; for (i = 4; i < NF; i++) r = r " " $i; printf "| %s | %s | %s | %s |\n", $1, $2, r, $NF }' "$RAW"
} | tee "$OUT/poll-many-summary.md"
