#!/usr/bin/env bash
# A CPU profile of GET /v1/operations/{id} (or PATH) under wrk -c64, with async-profiler as a JVM agent
# (tools.profiler:async-profiler, classifier linux-x64: `./mvnw dependency:get
# -Dartifact=tools.profiler:async-profiler:4.2:jar:linux-x64`, then unzip its linux-x64/libasyncProfiler.so).
# Writes collapsed stacks, then the share of event-loop samples that contain each part of the stack.
# Usage: AP_LIB=/path/libasyncProfiler.so bench/scripts/profile-get.sh [PATH [extra opgate args...]]  (DUR=100)
source "$(dirname "$0")/lib.sh"
: "${AP_LIB:?set AP_LIB to libasyncProfiler.so}"
path="${1:-}"; shift || true
SIM=18389; GW=18390
build
start_simulator $SIM
OPGATE_JAVA_OPTS="-agentpath:$AP_LIB=start,event=itimer,interval=1ms,threads,file=$OUT/profile.collapsed,collapsed" \
  start_opgate opgate-profile $GW $SIM "$@"
register $GW $SIM 50 "$OUT/profile-ids.txt"
[[ -n "$path" ]] || path="/v1/operations/$(head -1 "$OUT/profile-ids.txt")"
wrk -t2 -c64 -d"${DUR:-100}s" -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$GW$path" | tee "$OUT/profile-wrk.txt"
stop "$OPGATE_PID"   # the agent writes the profile at exit
awk -f "$(dirname "$0")/stack-parts.awk" "$OUT/profile.collapsed" | sort -rn | tee "$OUT/profile-parts.txt"
