// The replica election and the votes (cluster.c clusterHandleSlaveFailover, clusterGetSlaveRank,
// clusterSendFailoverAuthIfNeeded, clusterFailoverReplaceYourMaster, clusterHandleManualFailover).
import { afterBlocking } from '../kernel/net.ts';
import type { BusHeader } from './messages.ts';
import { UNIX_EPOCH_AT_T0 } from '../kernel/config.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import { mutations } from '../kernel/mutations.ts';
import { pick } from '../kernel/rng.ts';
import { assign } from './slots.ts';
import { broadcast, broadcastPong, sendOnLink } from './bus.ts';
import { updateState } from './clusterState.ts';
import { resetManualFailover } from './clusterConfig.ts';
import { saveConfig } from './nodesconf.ts';
import { replicationUnsetMaster } from '../replication/replication.ts';
import { record } from '../kernel/timeline.ts';
import { configEpochIn, failed, numSlots, replicasOf, slotsOf } from './view.ts';
import { advertisedOffset, unixSec } from '../kernel/nodes.ts';

/** clusterGetSlaveRank: replicas of my master (not NOFAILOVER) with a higher gossiped offset than mine. */
export function slaveRank(n: Node): number {
  if (mutations.rankIgnoresOffset) return 0;
  const m = n.repl.master!;
  const mine = advertisedOffset(n);
  let rank = 0;
  for (const r of replicasOf(n, m)) {
    if (r === n.name) continue;
    const p = n.cluster.peers[r];
    if (!p.nofailover && p.replOffset > mine) rank++;
  }
  return rank;
}

function cantFailover(s: State, n: Node, reason: string): void {
  if (n.cluster.election.cantFailoverReason !== reason) {
    n.cluster.election.cantFailoverReason = reason;
    if (reason !== 'none') record(s, n.name, 'cant-failover', { detail: reason });
  }
}

/** clusterHandleSlaveFailover, run from clusterCron and beforeSleep on a replica. */
export function handleSlaveFailover(s: State, n: Node): void {
  const e = n.cluster.election;
  const nt = n.config.nodeTimeout;
  const quorum = Math.floor(n.cluster.size / 2) + 1;
  const manual = n.cluster.mf.end !== 0 && n.cluster.mf.canStart;
  const authTimeout = Math.max(nt * 2, 2000);
  const authRetry = authTimeout * 2;
  const m = n.repl.master;
  if (n.role === 'master' || m === null || (!failed(n, m) && !manual) || (n.config.replicaNoFailover && !manual) || numSlots(n, m) === 0) {
    cantFailover(s, n, 'none');
    return;
  }
  // Data age, in whole seconds as Redis keeps it; repl_down_since = 0 after boot means "since EVER".
  let dataAge = n.repl.state === 'connected'
    ? (unixSec(s.now) - unixSec(n.repl.lastInteraction)) * 1000
    : (unixSec(s.now) - (n.repl.downSince === 0 ? -UNIX_EPOCH_AT_T0 : unixSec(n.repl.downSince))) * 1000;
  if (dataAge > nt) dataAge -= nt;
  const vf = n.config.replicaValidityFactor;
  if (vf && dataAge > n.config.replPingReplicaPeriod * 1000 + nt * vf && !manual) {
    cantFailover(s, n, 'data-age');
    return;
  }
  const authAge = s.now - e.authTime;
  if (authAge > authRetry) {
    e.authTime = s.now + 500 + pick(500, s.seed, 'election', n.name, n.cluster.currentEpoch, s.now);
    e.authCount = 0;
    e.authSent = false;
    e.authRank = slaveRank(n);
    e.authTime += e.authRank * 1000;
    const manualElection = n.cluster.mf.end !== 0;
    if (manualElection) { e.authTime = s.now; e.authRank = 0; }
    record(s, n.name, 'election-scheduled', { delay: e.authTime - s.now, rank: e.authRank });
    broadcastPong(s, n, 'local-replicas');
    // clusterDoBeforeSleep(CLUSTER_TODO_HANDLE_FAILOVER): a manual election starts in this loop iteration.
    if (manualElection) handleSlaveFailover(s, n);
    return;
  }
  if (!e.authSent && n.cluster.mf.end === 0) {
    const rank = slaveRank(n);
    if (rank > e.authRank) { e.authTime += (rank - e.authRank) * 1000; e.authRank = rank; }
  }
  if (s.now < e.authTime) { cantFailover(s, n, 'waiting-delay'); return; }
  if (authAge > authTimeout) { cantFailover(s, n, 'expired'); return; }
  if (!e.authSent) {
    n.cluster.currentEpoch++;
    e.authEpoch = n.cluster.currentEpoch;
    record(s, n.name, 'election', { epoch: e.authEpoch, about: m });
    broadcast(s, n, { type: 'auth-request' }, n.cluster.mf.end !== 0);
    e.authSent = true;
    saveConfig(s, n, true);
    return;
  }
  if (e.authCount >= quorum || mutations.promoteWithoutVotes) {
    if (n.cluster.configEpoch < e.authEpoch) n.cluster.configEpoch = e.authEpoch;
    failoverReplaceYourMaster(s, n, e.authCount, quorum);
  } else {
    cantFailover(s, n, 'waiting-votes');
  }
}

/**
 * clusterFailoverReplaceYourMaster: take the old master's slots, shift the replid, tell everyone.
 * `fsyncsFirst`: how many nodes.conf fsyncs come before the PONG broadcast leaves.
 */
export function failoverReplaceYourMaster(s: State, n: Node, votes: number, quorum: number, fsyncsFirst = 1): void {
  const old = n.repl.master;
  if (n.role === 'master' || old === null) return;
  const slots = slotsOf(n, old);
  n.role = 'master';
  replicationUnsetMaster(s, n);
  n.cluster.slots = assign(n.cluster.slots, slots, n.name);
  record(s, n.name, 'promoted', { epoch: n.cluster.configEpoch, about: old, votes, quorum, offset: n.masterReplOffset });
  updateState(s, n);
  saveConfig(s, n, true);
  // clusterSaveConfigOrDie(1) fsyncs nodes.conf before clusterBroadcastPong queues the PONGs, and
  // they leave from the write handler, after the next beforeSleep (clusterSendMessage installs it):
  // the old master keeps acknowledging writes for that long (the window). The node's disk sets it.
  afterBlocking(n.aof.fsyncMs * fsyncsFirst, () => broadcastPong(s, n, 'all'));
  resetManualFailover(s, n);
}

/** clusterSendFailoverAuthIfNeeded: the six vote rules, then lastVoteEpoch is fsynced before the ACK. */
export function sendFailoverAuthIfNeeded(s: State, n: Node, requester: NodeName, hdr: BusHeader): void {
  const v = n.cluster;
  const nt = n.config.nodeTimeout;
  const refuse = (why: string) => { record(s, n.name, 'vote-refused', { about: requester, epoch: hdr.currentEpoch, detail: why }); };
  if (n.role === 'replica' || numSlots(n, n.name) === 0) return;
  if (hdr.currentEpoch < v.currentEpoch) return refuse('stale request epoch');
  if (v.lastVoteEpoch === v.currentEpoch && !mutations.doubleVote) return refuse('already voted for this epoch');
  const p = v.peers[requester];
  const m = p.master;
  if (p.role === 'master' || m === null || (!failed(n, m) && !hdr.forceack)) return refuse(p.role === 'master' ? 'requester is a master' : m === null ? 'unknown master' : 'master is not FAIL');
  // voted_time lives on the master's clusterNode, which may be myself (a manual failover's FORCEACK).
  const mv = m === n.name ? v : v.peers[m];
  if (s.now - mv.votedTime < nt * 2) return refuse('voted for a replica of this master less than 2·NT ago');
  for (const r of v.slots) {
    if (r.owner === null) continue;
    if (!hdr.slots.some(([a, b]) => a <= r.to && b >= r.from)) continue;
    if (configEpochIn(n, r.owner) <= hdr.configEpoch) continue;
    return refuse('a claimed slot has a newer configEpoch');
  }
  v.lastVoteEpoch = v.currentEpoch;
  mv.votedTime = s.now;
  saveConfig(s, n, true);
  const sent = sendOnLink(s, n, requester, { type: 'auth-ack' });
  record(s, n.name, 'vote', { about: requester, epoch: v.currentEpoch, detail: sent ? undefined : 'no link: ACK not sent' });
}

/** FAILOVER_AUTH_ACK: counted if the sender is a master with slots and its epoch is current. */
export function countVote(s: State, n: Node, hdr: BusHeader): void {
  const p = n.cluster.peers[hdr.sender];
  if (p.role === 'master' && numSlots(n, hdr.sender) > 0 && hdr.currentEpoch >= n.cluster.election.authEpoch) {
    n.cluster.election.authCount++;
    handleSlaveFailover(s, n);
  }
}

/** clusterHandleManualFailover: the replica may start once it has applied the paused master's offset. */
export function handleManualFailover(s: State, n: Node): void {
  const mf = n.cluster.mf;
  if (mf.end === 0 || mf.canStart || mf.masterOffset === -1) return;
  if (mf.masterOffset === advertisedOffset(n)) {
    mf.canStart = true;
    record(s, n.name, 'manual-failover-ready', { offset: mf.masterOffset });
  }
}

/**
 * clusterBeforeSleep with CLUSTER_TODO_HANDLE_MANUALFAILOVER: set when the paused master's offset
 * arrives and kept set while the replica catches up, so the failover starts as soon as the offsets
 * match, not at the next clusterCron tick.
 */
export function manualFailoverBeforeSleep(s: State, n: Node): void {
  const mf = n.cluster.mf;
  if (n.role !== 'replica' || mf.end === 0 || mf.canStart || mf.masterOffset === -1) return;
  handleManualFailover(s, n);
  handleSlaveFailover(s, n);
}

/** manualFailoverCheckTimeout: abort when mf_end has passed. */
export function manualFailoverCheckTimeout(s: State, n: Node): void {
  if (n.cluster.mf.end !== 0 && n.cluster.mf.end < s.now) {
    record(s, n.name, 'manual-failover-timeout', {});
    resetManualFailover(s, n);
  }
}
