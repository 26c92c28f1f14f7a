#!/bin/bash
# Lab: how long a real Redis 7.0 cluster takes to flag a SIGSTOPped master PFAIL and FAIL. 3 masters ×
# 1 replica on 127.0.0.1 ports 31001-31006, cluster-node-timeout 2000, loglevel debug (for "possibly
# failing"); master 31001 is stopped 4-6 s after the cluster is ok (a random phase), and each other node's
# first PFAIL and FAIL of it is printed in ms after the SIGSTOP. RUNS runs (default 8), each on fresh
# processes. Only the processes it started are signalled, by PID; its temp dir is removed on exit.
# Usage: conformance/labs/pause-to-fail.sh [RUNS]
set -u
RUNS=${1:-8}
PORTS="31001 31002 31003 31004 31005 31006"
for port in $PORTS; do
  if redis-cli -p $port ping >/dev/null 2>&1; then echo "port $port is in use: stop what listens there first" >&2; exit 2; fi
done
D=$(mktemp -d /tmp/pause-to-fail.XXXX); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null; kill -9 "$p" 2>/dev/null; done; rm -rf "$D"; }
trap cleanup EXIT
exec 2>/dev/null # the shell's "Killed" notices
# A log line's time (hh:mm:ss.mmm, field 5) in ms after the SIGSTOP (T0MID: ms since midnight, UTC as the log).
since() { [ -z "$1" ] && { echo "-"; return; }; IFS=':.' read -r h m s ms <<< "$1"; echo $(( (10#$h*3600 + 10#$m*60 + 10#$s)*1000 + 10#$ms - T0MID )); }
FAILS=()
for r in $(seq 1 "$RUNS"); do
  PIDS=()
  for port in $PORTS; do
    mkdir -p "$D/$r/$port"
    TZ=UTC redis-server --port $port --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$D/$r/$port/nodes.conf" \
      --dir "$D/$r/$port" --cluster-node-timeout 2000 --appendonly no --save '' --daemonize no --loglevel debug \
      --logfile "$D/$r/$port/log" >/dev/null 2>&1 &
    PIDS+=($!)
  done
  sleep 0.5
  yes yes | redis-cli --cluster create $(for p in $PORTS; do printf '127.0.0.1:%s ' $p; done) --cluster-replicas 1 >/dev/null 2>&1
  for i in $(seq 1 60); do
    ok=$(for p in $PORTS; do redis-cli -p $p cluster info | grep -c cluster_state:ok; done | grep -c 1)
    [ "$ok" = 6 ] && break; sleep 0.5
  done
  sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.3f", 4 + r / 32768 * 2 }')"
  ID=$(redis-cli -p 31001 cluster myid)
  kill -STOP "${PIDS[0]}"; T0=$(date -u +%s%3N); T0MID=$(( T0 % 86400000 ))
  sleep 5.5
  echo "run $r"
  first=""
  for port in $PORTS; do
    [ $port = 31001 ] && continue
    role=$(redis-cli -p $port role | head -1)
    pf=$(grep "NODE ${ID} possibly failing" "$D/$r/$port/log" | head -1 | awk '{print $5}')
    fl=$(grep -E "Marking node ${ID} as failing|FAIL message received from [0-9a-f]+ about ${ID}" "$D/$r/$port/log" | head -1)
    how=$(echo "$fl" | grep -q Marking && echo "quorum reached" || echo "FAIL message")
    f=$(since "$(echo "$fl" | awk '{print $5}')")
    echo "  $port ($role): PFAIL +$(since "$pf") ms, FAIL +$f ms ($how)"
    if [ "$f" != "-" ] && { [ -z "$first" ] || [ "$f" -lt "$first" ]; }; then first=$f; fi
  done
  FAILS+=("${first:--}")
  for p in "${PIDS[@]}"; do kill -CONT "$p"; kill -9 "$p"; done
  sleep 0.5
done
echo "first FAIL after the SIGSTOP, by run (ms): ${FAILS[*]}"
echo "${FAILS[@]}" | tr ' ' '\n' | grep -v - | sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "min %d, median %d, max %d over %d runs\n", a[1], a[int((NR + 1) / 2)], a[NR], NR }'
