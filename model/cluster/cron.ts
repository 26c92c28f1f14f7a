// clusterCron, every 100 ms on each node (cluster.c clusterCron): links, pings, PFAIL, orphaned
// masters and replica migration, the replica's failover, and the state update.
import { CLUSTER_SLAVE_MIGRATION_DELAY } from '../kernel/config.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { PeerView } from './state.ts';
import { feed, nodePrefix, nodePrefixes, pickAfter } from '../kernel/rng.ts';
import { sendPing } from './bus.ts';
import { updateState } from './clusterState.ts';
import { clusterSetMaster } from './clusterConfig.ts';
import { handleManualFailover, handleSlaveFailover, manualFailoverCheckTimeout } from './election.ts';
import { reachable, roundTrip } from '../kernel/net.ts';
import { schedule } from '../kernel/agenda.ts';
import { connectWithMaster } from '../replication/replication.ts';
import { record } from '../kernel/timeline.ts';
import { failed, numSlots, peerIndex, replicasOf } from './view.ts';
import { idxOf } from '../kernel/nodes.ts';

const cronPingPrefixes = nodePrefixes('cron-ping');

/** The kernel's view of a link: a peer process that died or restarted resets it (RST) if reachable. */
function linkBroken(s: State, n: Node, x: NodeName, p: PeerView, incarnation: number[]): boolean {
  // The cheap checks first: all four are pure, so their order does not change the answer. The
  // incarnation (s.net.incarnation) is -1 for a dead process, never a linkPeerBoot (a boot time).
  // A connecting link has no peer yet: its connect ends in BusConnected.
  return p.link !== 0 && !p.linkPending && incarnation[p.idx] !== p.linkPeerBoot && reachable(s, n.name, x);
}

/**
 * clusterNodeCronHandleReconnect: link == NULL → createClusterLink and a non-blocking connConnect.
 * On Linux that returns EINPROGRESS even for a closed loopback port (the refusal comes back as
 * SO_ERROR), so no synchronous error: ping_sent is not touched here. The link exists from now on
 * (link->ctime), and clusterCron's second loop may count a PING queued on it as sent; the connect
 * ends in clusterLinkConnectHandler (BusConnected) one round trip later, or, when the SYN is
 * dropped by a partition, at the kernel's SYN retry after the heal (see synRetries).
 */
function reconnect(s: State, n: Node, x: NodeName, p: PeerView): void {
  p.link = ++s.net.nextConn;
  p.linkCreated = s.now;
  p.linkPending = true;
  if (reachable(s, n.name, x)) schedule(s, s.now + roundTrip(s, n.idx, p.idx), { type: 'BusConnected', node: n.name, peer: x, link: p.link, boot: n.bootedAt });
}

/** Linux's SYN retransmissions (tcp_syn_retries = 6, initial RTO 1 s, doubling): ms after the connect. */
const SYN_RETRIES = [1000, 3000, 7000, 15000, 31000, 63000];

/**
 * After a heal (or a new partition), every connect whose SYN was dropped completes at its next SYN
 * retransmission that now gets through (tcp_retransmit_timer on a SYN_SENT socket), not at once.
 */
export function synRetries(s: State): void {
  for (const n of Object.values(s.nodes)) {
    if (n.proc === 'down') continue;
    const { names, views } = peerIndex(n);
    for (let i = 0; i < names.length; i++) {
      const p = views[i];
      if (!p.linkPending || !reachable(s, n.name, names[i])) continue;
      const retry = SYN_RETRIES.find((d) => p.linkCreated + d >= s.now);
      // Past the last retry the connect fails with ETIMEDOUT; clusterCron frees the link before that.
      if (retry === undefined) continue;
      schedule(s, p.linkCreated + retry + roundTrip(s, n.idx, p.idx), { type: 'BusConnected', node: n.name, peer: names[i], link: p.link, boot: n.bootedAt });
    }
  }
}

export function clusterCron(s: State, n: Node): void {
  const v = n.cluster;
  const nt = n.config.nodeTimeout;
  v.cronIteration++;
  const index = peerIndex(n);
  const { names, views } = index;
  // clusterNodeCronHandleReconnect counts the PFAIL nodes before this tick flags new ones.
  v.statsPfailNodes = 0;
  // A replica counts each master's non-failing replicas in the same pass (nothing below changes a
  // flag or a role before the loop that reads the counts).
  const good = n.role === 'replica' ? startReplicaCounts(s, n, views.length + 1) : null;
  const incarnation = s.net.incarnation;
  for (let i = 0; i < names.length; i++) {
    const p = views[i];
    if (p.pfail) v.statsPfailNodes++;
    else if (good !== null && p.role === 'replica' && p.masterIdx >= 0 && !p.fail) good[p.masterIdx]++;
    if (linkBroken(s, n, names[i], p, incarnation)) p.link = 0;
    if (p.link === 0) reconnect(s, n, names[i], p);
  }
  // Every 10 iterations, ping the node with the oldest pong among 5 random ones. dictGetRandomKey
  // draws from the whole node table: myself (the last place here) is drawn and skipped.
  if (v.cronIteration % 10 === 0) {
    let best: NodeName | null = null;
    const draw = feed(nodePrefix(cronPingPrefixes, s.seed, n.name, n.idx), s.now);
    for (let j = 0; j < 5; j++) {
      const k = pickAfter(names.length + 1, draw, j);
      if (k === names.length) continue;
      const x = names[k];
      const p = v.peers[x];
      if (p.link === 0 || p.pingSent !== 0) continue;
      if (best === null || p.pongReceived < v.peers[best].pongReceived) best = x;
    }
    if (best) sendPing(s, n, best);
  }
  let orphaned = 0;
  let maxReplicas = 0;
  let myMasterReplicas = 0;
  let update = false;
  const now = s.now;
  for (let i = 0; i < names.length; i++) {
    const x = names[i];
    const p = views[i];
    if (good !== null && p.role === 'master' && !p.fail) {
      const okReplicas = good[p.idx];
      if (okReplicas === 0 && numSlots(n, x) > 0 && p.migrateTo) orphaned++;
      if (okReplicas > maxReplicas) maxReplicas = okReplicas;
      if (n.repl.master === x) myMasterReplicas = okReplicas;
    }
    // Free a link (a connecting one too) older than NT whose ping has been pending and data silent for NT/2.
    if (p.link !== 0 && now - p.linkCreated > nt && p.pingSent && now - p.pingSent > nt / 2 && now - p.dataReceived > nt / 2) {
      p.link = 0;
      p.linkPending = false;
    }
    if (p.link !== 0 && p.pingSent === 0 && now - p.pongReceived > nt / 2) { sendPing(s, n, x, p); continue; }
    if (n.role === 'master' && v.mf.end !== 0 && v.mf.replica === x && p.link !== 0) { sendPing(s, n, x, p); continue; }
    if (p.pingSent === 0) continue;
    let delay = now - p.pingSent;
    const dataDelay = now - p.dataReceived;
    if (delay > dataDelay) delay = dataDelay;
    if (delay > nt && !p.pfail && !p.fail) {
      // A replica flagged now no longer counts for its master, visited later in this loop.
      if (good !== null && p.role === 'replica' && p.masterIdx >= 0) good[p.masterIdx]--;
      p.pfail = true;
      update = true;
      record(s, n.name, 'pfail', { about: x });
    }
  }
  // A replica whose replication is off while its master is known starts it (clusterCron).
  if (n.role === 'replica' && n.repl.master && n.repl.state === 'none') { n.repl.state = 'connect'; connectWithMaster(s, n); }
  if (n.role === 'replica') {
    manualFailoverCheckTimeout(s, n);
    handleManualFailover(s, n);
    handleSlaveFailover(s, n);
    if (orphaned && maxReplicas >= 2 && myMasterReplicas === maxReplicas) handleSlaveMigration(s, n, maxReplicas);
  } else {
    manualFailoverCheckTimeout(s, n);
  }
  if (update || v.state === 'fail') updateState(s, n);
}

/** The scratch table of the replica counts (one at a time: clusterCron does not nest). */
let counts: Int32Array = new Int32Array(0);

/**
 * clusterCountNonFailingSlaves for every master at once, by the master's idx, filled by clusterCron's
 * first pass over its peers: asking per master would make the tick O(peers²) (Redis walks each
 * master's own list of replicas). Starts with myself, for my master; only masters are read back.
 */
function startReplicaCounts(s: State, n: Node, size: number): Int32Array {
  if (counts.length < size) counts = new Int32Array(size);
  else counts.fill(0, 0, size);
  if (n.repl.master !== null) counts[n.repl.master === n.name ? n.idx : idxOf(s, n.repl.master)]++;
  return counts;
}

/** clusterHandleSlaveMigration: the smallest-id replica of the best-served master moves to an orphan. */
function handleSlaveMigration(s: State, n: Node, maxReplicas: number): void {
  const v = n.cluster;
  if (v.state !== 'ok' || !n.config.allowReplicaMigration) return;
  const m = n.repl.master!;
  const okReplicas = replicasOf(n, m).filter((r) => r === n.name || (!v.peers[r].fail && !v.peers[r].pfail)).length;
  if (okReplicas <= n.config.migrationBarrier) return;
  let candidate = n.name;
  let target: NodeName | null = null;
  for (const [x, p] of Object.entries(v.peers)) {
    if (p.role !== 'master' || failed(n, x)) continue;
    const good = replicasOf(n, x).filter((r) => r === n.name || (!v.peers[r].fail && !v.peers[r].pfail));
    if (good.length === 0 && numSlots(n, x) > 0 && p.migrateTo) { if (target === null || x < target) target = x; }
    if (good.length === maxReplicas) for (const r of good) if (s.nodes[r].id < s.nodes[candidate].id) candidate = r;
  }
  if (target === null) { v.orphanedTime = 0; return; }
  if (v.orphanedTime === 0) v.orphanedTime = s.now;
  if (candidate === n.name && s.now - v.orphanedTime > CLUSTER_SLAVE_MIGRATION_DELAY) {
    record(s, n.name, 'replica-migration', { from: m, about: target });
    clusterSetMaster(s, n, target);
  }
}
