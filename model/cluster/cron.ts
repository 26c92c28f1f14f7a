// clusterCron, every 100 ms on each node (cluster.c clusterCron): links, pings, PFAIL, orphaned
// masters and replica migration, the replica's failover, and the state update.
import { mutations } from '../kernel/mutations.ts';
import { CLUSTER_SLAVE_MIGRATION_DELAY } from '../kernel/config.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { PeerView } from './state.ts';
import { feed, nodePrefix, nodePrefixes, pickAfterIndex } from '../kernel/rng.ts';
import { sendPing } from './bus.ts';
import { updateState } from './clusterState.ts';
import { clusterSetMaster } from './clusterConfig.ts';
import { handleManualFailover, handleSlaveFailover, manualFailoverCheckTimeout } from './election.ts';
import { incarnationWrites, nextSynRetransmit, reachable, roundTrip } from '../kernel/net.ts';
import { schedule } from '../kernel/agenda.ts';
import { connectWithMaster } from '../replication/replication.ts';
import { record } from '../kernel/timeline.ts';
import { linkFreed, numSlots, peerChanged, peerIndex, quietUntil, REC_UNLINKED, replicasOf, setRecBit, type FirstLoopPass, type PeerIndex } from './view.ts';
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
  setRecBit(peerIndex(n), p.idx, REC_UNLINKED, false);
  p.linkPending = true;
  if (reachable(s, n.name, x)) schedule(s, s.now + roundTrip(s, n.idx, p.idx), { type: 'BusConnected', node: n.name, peer: x, link: p.link, boot: n.bootedAt });
}

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
      const retry = nextSynRetransmit(p.linkCreated, s.now);
      // Past the last retry the connect fails with ETIMEDOUT; clusterCron frees the link before that.
      if (retry === null) continue;
      schedule(s, retry + roundTrip(s, n.idx, p.idx), { type: 'BusConnected', node: n.name, peer: names[i], link: p.link, boot: n.bootedAt });
    }
  }
}

/**
 * clusterCron's first loop over every peer: count the PFAIL nodes and (on a replica) each master's
 * non-failing replicas, reset links to dead or restarted peers, and reconnect missing links. Notes
 * what it found in index.lastPass; returns the replica counts, or null on a master.
 */
function firstLoop(s: State, n: Node, index: PeerIndex): Int32Array | null {
  const { names, views } = index;
  // A replica counts each master's replicas not flagged FAIL (clusterCountNonFailingSlaves: a PFAIL
  // one still counts) in the same pass: clusterCron flags PFAIL only, never FAIL, so the count
  // Redis takes in its second loop is the same.
  const good = n.role === 'replica' ? startReplicaCounts(s, n, views.length + 1) : null;
  const incarnation = s.net.incarnation;
  let pfailNodes = 0;
  for (let i = 0; i < names.length; i++) {
    const p = views[i];
    if (p.pfail) pfailNodes++;
    if (good !== null && p.role === 'replica' && p.masterIdx >= 0 && !p.fail && !(mutations.orphanOnPfail && p.pfail)) good[p.masterIdx]++;
    if (linkBroken(s, n, names[i], p, incarnation)) p.link = 0;
    if (p.link === 0) reconnect(s, n, names[i], p);
  }
  const pass = index.lastPass;
  pass.clean = true;
  pass.unlinked.length = 0;
  pass.statsPfailNodes = pfailNodes;
  pass.maxGood = good === null ? Infinity : maxCount(good, views.length + 1);
  pass.myMaster = n.repl.master;
  pass.group = s.net.group;
  pass.incarnation = incarnation;
  pass.incarnationWrites = incarnationWrites;
  return good;
}

/**
 * The first loop would find what it found last time (see FirstLoopPass), so a 400-node cluster does
 * not read 399 records per node every 100 ms: on a master, or on a replica whose last count found
 * no master with two good replicas (no migration to consider) and whose master is the same.
 */
function firstLoopUnchanged(s: State, n: Node, pass: FirstLoopPass): boolean {
  if (!pass.clean || pass.group !== s.net.group) return false;
  if (n.role === 'replica' && (pass.maxGood >= 2 || pass.myMaster !== n.repl.master)) return false;
  return pass.incarnation === s.net.incarnation && pass.incarnationWrites === incarnationWrites;
}

/** The first loop when nothing else changed: reconnect the links freed since, in the loop's order. */
function reconnectFreed(s: State, n: Node, index: PeerIndex): null {
  const unlinked = index.lastPass.unlinked;
  if (unlinked.length > 1) unlinked.sort((a, b) => a - b);
  for (const i of unlinked) if (index.views[i].link === 0) reconnect(s, n, index.names[i], index.views[i]);
  unlinked.length = 0;
  return null;
}

export function clusterCron(s: State, n: Node): void {
  const v = n.cluster;
  const nt = n.config.nodeTimeout;
  v.cronIteration++;
  const index = peerIndex(n);
  const { names, views, idxs } = index;
  // clusterNodeCronHandleReconnect counts the PFAIL nodes before this tick flags new ones. The
  // replica counts are null when no migration can follow from them (no master with two).
  const good = firstLoopUnchanged(s, n, index.lastPass) ? reconnectFreed(s, n, index) : firstLoop(s, n, index);
  v.statsPfailNodes = index.lastPass.statsPfailNodes;
  // Every 10 iterations, ping the node with the oldest pong among 5 random ones. dictGetRandomKey
  // draws from the whole node table: myself (the last place here) is drawn and skipped.
  if (v.cronIteration % 10 === 0) {
    let best = -1;
    const draw = feed(nodePrefix(cronPingPrefixes, s.seed, n.name, n.idx), s.now);
    for (let j = 0; j < 5; j++) {
      const k = pickAfterIndex(names.length + 1, draw, j);
      if (k === names.length) continue;
      const p = views[k];
      if (p.link === 0 || p.pingSent !== 0) continue;
      if (best === -1 || v.pongReceived[p.idx] < v.pongReceived[views[best].idx]) best = k;
    }
    if (best !== -1) sendPing(s, n, names[best], views[best]);
  }
  let orphaned = 0;
  let maxReplicas = 0;
  let myMasterReplicas = 0;
  let update = false;
  const now = s.now;
  // The replica counts matter only for a migration, which needs a master with two good replicas.
  const countMasters = good !== null && index.lastPass.maxGood >= 2;
  // Every peer is visited while a count or a manual failover's ping may concern it; otherwise
  // only those whose quiet time has passed (the others would do nothing below).
  const quiet = quietTimes(index, nt);
  const visitAll = countMasters || (n.role === 'master' && v.mf.end !== 0);
  if (visitAll || now > index.quietMin) {
    // Quiet times noted during the loop (recheckPeer) lower quietMin themselves.
    index.quietMin = Infinity;
    let min = Infinity;
    for (let i = 0; i < names.length; i++) {
      const idx = idxs[i];
      if (!visitAll && now <= quiet[idx]) { if (quiet[idx] < min) min = quiet[idx]; continue; }
      const x = names[i];
      const p = views[i];
      if (countMasters && p.role === 'master' && !p.fail) {
        const okReplicas = good[p.idx];
        if (okReplicas === 0 && numSlots(n, x) > 0 && p.migrateTo) orphaned++;
        if (okReplicas > maxReplicas) maxReplicas = okReplicas;
        if (n.repl.master === x) myMasterReplicas = okReplicas;
      }
      if (pingOrFlag(s, n, x, p)) update = true;
      const q = (quiet[idx] = quietUntil(n, p, nt));
      if (q < min) min = q;
    }
    if (min < index.quietMin) index.quietMin = min;
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

/**
 * The rest of clusterCron's second loop for one peer: free a link whose ping and data have been
 * silent, ping a peer whose pong is NT/2 old (or the replica of my manual failover), flag PFAIL
 * after NT without an answer. True when it flagged the peer.
 */
function pingOrFlag(s: State, n: Node, x: NodeName, p: PeerView): boolean {
  const v = n.cluster;
  const nt = n.config.nodeTimeout;
  const now = s.now;
  // Free a link (a connecting one too) older than NT whose ping has been pending and data silent for NT/2.
  if (p.link !== 0 && now - p.linkCreated > nt && p.pingSent && now - p.pingSent > nt / 2 && now - p.dataReceived > nt / 2) {
    p.link = 0;
    p.linkPending = false;
    linkFreed(n, p);
  }
  if (p.link !== 0 && p.pingSent === 0 && now - v.pongReceived[p.idx] > nt / 2) { sendPing(s, n, x, p); return false; }
  if (n.role === 'master' && v.mf.end !== 0 && v.mf.replica === x && p.link !== 0) { sendPing(s, n, x, p); return false; }
  if (p.pingSent === 0) return false;
  let delay = now - p.pingSent;
  const dataDelay = now - p.dataReceived;
  if (delay > dataDelay) delay = dataDelay;
  if (delay <= nt || p.pfail || p.fail) return false;
  p.pfail = true;
  peerChanged(n, p);
  record(s, n.name, 'pfail', { about: x });
  return true;
}

/** The index's quiet times, all due again when the node timeout changed since they were noted. */
function quietTimes(index: PeerIndex, nt: number): Float64Array {
  if (index.quietNt !== nt) { index.quiet.fill(-Infinity); index.quietMin = -Infinity; index.quietNt = nt; }
  return index.quiet;
}

function maxCount(counts: Int32Array, size: number): number {
  let max = 0;
  for (let i = 0; i < size; i++) if (counts[i] > max) max = counts[i];
  return max;
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

/**
 * clusterHandleSlaveMigration: the smallest-id replica of a best-served master moves to an orphan.
 * My own master must keep more than the barrier of replicas neither PFAIL nor FAIL; the orphans and
 * the best-served masters count replicas without FAIL only (clusterCountNonFailingSlaves), and each
 * master keeps its own orphaned_time.
 */
function handleSlaveMigration(s: State, n: Node, maxReplicas: number): void {
  const v = n.cluster;
  if (v.state !== 'ok' || !n.config.allowReplicaMigration) return;
  const m = n.repl.master!;
  const okMine = replicasOf(n, m).filter((r) => r === n.name || (!v.peers[r].fail && !v.peers[r].pfail)).length;
  if (okMine <= n.config.migrationBarrier) return;
  let candidate = n.name;
  let target: NodeName | null = null;
  for (const [x, p] of Object.entries(v.peers)) {
    const replicas = p.role === 'master' ? replicasOf(n, x) : [];
    const ok = replicas.filter((r) => r === n.name || (!v.peers[r].fail && !(mutations.orphanOnPfail && v.peers[r].pfail))).length;
    if (p.role === 'master' && !p.fail && p.migrateTo && ok === 0) {
      if (numSlots(n, x) > 0 && (target === null || x < target)) target = x;
      if (p.orphanedTime === 0) p.orphanedTime = s.now;
    } else {
      p.orphanedTime = 0;
    }
    if (ok === maxReplicas) for (const r of replicas) if (s.nodes[r].id < s.nodes[candidate].id) candidate = r;
  }
  if (target !== null && candidate === n.name && s.now - v.peers[target].orphanedTime > CLUSTER_SLAVE_MIGRATION_DELAY) {
    record(s, n.name, 'replica-migration', { from: m, about: target });
    clusterSetMaster(s, n, target);
  }
}
