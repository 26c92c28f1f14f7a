#!/bin/bash
# Lab for the hazard a-stalled-manual-failover-pauses-the-master-when-it-wakes, on a real Redis 7.0
# cluster (3 masters, 3 replicas, node timeout 8 s, 127.0.0.1 ports 30001-30006): master A is
# SIGSTOPped, CLUSTER FAILOVER goes to its replica, A is resumed 6.5 s later (the replica gave up at
# 5 s; A was never FAIL). Prints how long SETs to A take after it wakes, and both nodes' log lines.
# Only the processes it started are signalled, by PID; its temp dir is removed on exit.
set -u
for port in 30001 30002 30003 30004 30005 30006; do
  if redis-cli -p $port ping >/dev/null 2>&1; then echo "port $port is in use: stop what listens there first" >&2; exit 2; fi
done
D=$(mktemp -d /tmp/mfcheck.XXXX); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; kill -CONT "$p" 2>/dev/null; done; rm -rf "$D"; }
trap cleanup EXIT
exec 2>/dev/null # the shell's "Killed" notices at cleanup
for port in 30001 30002 30003 30004 30005 30006; do
  mkdir -p $D/$port
  redis-server --port $port --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file $D/$port/nodes.conf --dir $D/$port --cluster-node-timeout 8000 --appendonly no --save '' --daemonize no --logfile $D/$port/log >/dev/null 2>&1 &
  PIDS+=($!)
done
sleep 1
yes yes | redis-cli --cluster create 127.0.0.1:30001 127.0.0.1:30002 127.0.0.1:30003 127.0.0.1:30004 127.0.0.1:30005 127.0.0.1:30006 --cluster-replicas 1 >/dev/null 2>&1
for i in $(seq 1 40); do s=$(redis-cli -p 30001 cluster info | grep -c cluster_state:ok); [ "$s" = 1 ] && break; sleep 0.5; done
sleep 3
M=30001; MP=${PIDS[0]}
R=$(redis-cli -p $M cluster nodes | awk -v id=$(redis-cli -p $M cluster myid) '$4==id {print $2}' | head -1 | sed 's/@.*//; s/.*://')
echo "master $M pid $MP, replica $R"
KEY=$(for k in $(seq 1 1000); do s=$(redis-cli -p $M cluster keyslot k$k); [ $s -lt 5461 ] && echo k$k && break; done)
kill -STOP $MP; T0=$(date +%s%3N)
redis-cli -p $R cluster failover; echo "failover sent at +$(( $(date +%s%3N)-T0 )) ms"
sleep 6.5
kill -CONT $MP; T1=$(date +%s%3N); echo "SIGCONT at +$((T1-T0)) ms"
sleep 0.3
for i in 1 2 3 4 5 6 7; do
  t=$(date +%s%3N); r=$(timeout 12 redis-cli -p $M set $KEY v$i 2>&1); e=$(date +%s%3N)
  echo "SET #$i sent +$((t-T1)) ms after SIGCONT: '$r' after $((e-t)) ms"
  sleep 1
done
echo "--- replica log"; grep -i -E 'manual|failover' $D/$R/log | tail -5
echo "--- master log"; grep -i -E 'manual|failover|pause' $D/$M/log | tail -5
redis-cli -p $M role | head -1; redis-cli -p $R role | head -1
