// Failure detection and cluster_state, each node deciding from its own view only
// (cluster.c markNodeAsFailingIfNeeded, clearNodeFailureIfNeeded, clusterUpdateState).
import { CLUSTER_FAIL_REPORT_VALIDITY_MULT, CLUSTER_FAIL_UNDO_TIME_MULT, CLUSTER_WRITABLE_DELAY } from '../kernel/config.ts';
import { mutations } from '../kernel/mutations.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { PeerView } from './state.ts';
import { broadcast } from './bus.ts';
import { saveConfig } from './nodesconf.ts';
import { record } from '../kernel/timeline.ts';
import { hasUnassignedSlots, numSlots, peerChanged, peerIndex, peerSlotCounts } from './view.ts';
import { GOSSIP_FAIL, GOSSIP_MASTER, GOSSIP_PFAIL } from './messages.ts';

/** clusterNodeFailureReportsCount: drop reports older than 2·NT, count the rest. */
export function failureReports(s: State, n: Node, about: NodeName): number {
  return countFailureReports(s, n, n.cluster.peers[about]);
}

/**
 * failureReports over the peer's failReports list, when the caller already has it
 * (clusterNodeFailureReportsCount → clusterNodeCleanupFailureReports: expired reports are removed).
 */
export function countFailureReports(s: State, n: Node, p: PeerView): number {
  const reports = p.failReports;
  if (reports === null || reports.length === 0) return 0; // the common case: nobody reports this node
  const maxAge = n.config.nodeTimeout * CLUSTER_FAIL_REPORT_VALIDITY_MULT;
  let kept = 0;
  for (let i = 0; i < reports.length; i += 2) {
    if (s.now - reports[i + 1] > maxAge && !mutations.staleReportsCount) continue;
    reports[kept++] = reports[i];
    reports[kept++] = reports[i + 1];
  }
  reports.length = kept;
  return kept / 2;
}

/** clusterNodeAddFailureReport: a new report from `reporter`, or a new time for its old one. */
export function addFailureReport(s: State, p: PeerView, reporter: number): void {
  const reports = p.failReports;
  if (reports === null) { p.failReports = [reporter, s.now]; return; }
  for (let i = 0; i < reports.length; i += 2) if (reports[i] === reporter) { reports[i + 1] = s.now; return; }
  reports.push(reporter, s.now);
}

/** clusterNodeDelFailureReport: `reporter` sees the node as up again (its report, if any, goes). */
export function delFailureReport(p: PeerView, reporter: number): void {
  const reports = p.failReports;
  if (reports === null || mutations.keepWithdrawnReports) return;
  for (let i = 0; i < reports.length; i += 2) {
    if (reports[i] !== reporter) continue;
    reports.splice(i, 2);
    return;
  }
}

/** markNodeAsFailingIfNeeded: PFAIL → FAIL once reports + (1 if I am a master) reach size/2+1. */
export function markFailingIfNeeded(s: State, n: Node, about: NodeName): void {
  const p = n.cluster.peers[about];
  const quorum = Math.floor(n.cluster.size / 2) + 1;
  if (!p.pfail || p.fail) return;
  let failures = failureReports(s, n, about);
  if (n.role === 'master') failures++;
  if (failures < quorum && !mutations.failWithoutQuorum) return;
  p.pfail = false;
  p.fail = true;
  peerChanged(n, p);
  p.failTime = s.now;
  record(s, n.name, 'fail', { about, reports: failures, quorum });
  broadcast(s, n, { type: 'fail', about });
  updateState(s, n);
  saveConfig(s, n, false);
}

/** clearNodeFailureIfNeeded: a replica or slot-less master at once; a master with slots after 2·NT. */
export function clearFailureIfNeeded(s: State, n: Node, about: NodeName): void {
  const p = n.cluster.peers[about];
  if (!p.fail) return;
  const undo = n.config.nodeTimeout * CLUSTER_FAIL_UNDO_TIME_MULT;
  if (p.role === 'replica' || numSlots(n, about) === 0 || s.now - p.failTime > undo) {
    p.fail = false;
    peerChanged(n, p);
    record(s, n.name, 'fail-cleared', { about });
    updateState(s, n);
    saveConfig(s, n, false);
  }
}

/** clusterUpdateState: coverage rule (a), minority rule (b), writable delay, rejoin delay. */
export function updateState(s: State, n: Node): void {
  const v = n.cluster;
  if (v.firstCallTime === 0) v.firstCallTime = s.now || 1;
  if (n.role === 'master' && v.state === 'fail' && s.now - v.firstCallTime < CLUSTER_WRITABLE_DELAY) return;
  // Coverage rule (a): a slot without an owner, or owned by a node flagged FAIL (never myself).
  const coverage = n.config.requireFullCoverage;
  let next: 'ok' | 'fail' = coverage && hasUnassignedSlots(n) ? 'fail' : 'ok';
  // Myself, then every peer: masters with slots count for the size, those not PFAIL/FAIL as reachable.
  // The flags and role are read from the index's rec words (kept by peerChanged), not 400 records.
  let size = 0;
  let reachable = 0;
  if (n.role === 'master' && numSlots(n, n.name) !== 0) { size++; reachable++; }
  const index = peerIndex(n);
  const { idxs, rec } = index;
  const slots = peerSlotCounts(n, index);
  for (let k = 0; k < idxs.length; k++) {
    if (slots[k] === 0) continue;
    const bits = rec[idxs[k]];
    if (coverage && (bits & GOSSIP_FAIL) !== 0) next = 'fail';
    if ((bits & GOSSIP_MASTER) === 0) continue;
    size++;
    if ((bits & (GOSSIP_PFAIL | GOSSIP_FAIL)) === 0) reachable++;
  }
  v.size = size;
  const quorum = Math.floor(size / 2) + 1;
  if (reachable < quorum) {
    next = 'fail';
    v.amongMinorityTime = s.now;
  }
  if (next !== v.state) {
    let rejoin = n.config.nodeTimeout;
    if (rejoin > 5000 || mutations.rejoinAlwaysMax) rejoin = 5000;
    if (rejoin < 500) rejoin = 500;
    if (next === 'ok' && (n.role === 'master' || mutations.rejoinDelaysReplicas) && s.now - v.amongMinorityTime < rejoin) return;
    v.state = next;
    record(s, n.name, 'cluster-state', { detail: next });
  }
}
