#!/usr/bin/env bash
# How operations registered together are polled later: N ONTAP operations (poll-many) registered at once on an
# interval of IVL, then the polls the gateway made (opgate_polls_total) and the simulator's requests in a window that
# starts WAIT s after registration. A count of polls that is an exact multiple of N says the operations go out as
# groups at a few moments per interval, not spread over it (BENCHMARKS.md, round 8).
# Usage: bench/scripts/poll-bursts.sh   (N=3000 IVL=30s WAIT=35 WINDOW=40)
source "$(dirname "$0")/lib.sh"
N="${N:-3000}"; IVL="${IVL:-30s}"; WAIT="${WAIT:-35}"; WINDOW="${WINDOW:-40}"
SIM=18789; GW=18780
build
start_simulator $SIM
start_opgate opgate-bursts $GW $SIM --opgate.polling.initial-interval="$IVL" --opgate.polling.max-interval="$IVL"
register $GW $SIM "$N" "$OUT/bursts-ids.txt" --running-ms 3600000
sleep "$WAIT"
polls() { api_get "http://127.0.0.1:$GW/actuator/prometheus" | awk '/^opgate_polls_total.*outcome="observed"/ { print int($2) }'; }
p0=$(polls); r0=$(sim_requests $SIM)
sleep "$WINDOW"
p1=$(polls); r1=$(sim_requests $SIM)
echo "| operations | interval | polls in ${WINDOW} s | simulator requests | load average |" | tee "$OUT/bursts-summary.md"
echo "|---|---|---|---|---|" | tee -a "$OUT/bursts-summary.md"
echo "| $N | $IVL | $((p1 - p0)) | $((r1 - r0)) | $(loadavg) |" | tee -a "$OUT/bursts-summary.md"
