// Small readers over a node's own view of the cluster (no global oracle: everything is per node).
import type { Node, NodeName, PeerView, State } from '../state.ts';
import { rangesOf, slotCount, type SlotRanges } from '../slots.ts';

export function node(s: State, name: NodeName): Node {
  return s.nodes[name];
}

/** The slots node `of` owns in `n`'s view (its clusterNode->slots bitmap). */
export function slotsOf(n: Node, of: NodeName): SlotRanges {
  return rangesOf(n.cluster.slots, of);
}

export function numSlots(n: Node, of: NodeName): number {
  return slotCount(slotsOf(n, of));
}

/** Role of `of` in n's view (myself: its own role). */
export function roleIn(n: Node, of: NodeName): 'master' | 'replica' {
  return of === n.name ? n.role : n.cluster.peers[of].role;
}

export function masterIn(n: Node, of: NodeName): NodeName | null {
  return of === n.name ? n.repl.master : n.cluster.peers[of].master;
}

export function peer(n: Node, of: NodeName): PeerView {
  return n.cluster.peers[of];
}

/** failed(n, x): x is flagged FAIL in n's view. Myself is never FAIL. */
export function failed(n: Node, of: NodeName): boolean {
  return of !== n.name && n.cluster.peers[of].fail;
}

export function configEpochIn(n: Node, of: NodeName): number {
  return of === n.name ? n.cluster.configEpoch : n.cluster.peers[of].configEpoch;
}

/** Replicas of master m in n's view (clusterNode->slaves). */
export function replicasOf(n: Node, m: NodeName): NodeName[] {
  const out: NodeName[] = [];
  if (n.role === 'replica' && n.repl.master === m) out.push(n.name);
  for (const [k, p] of Object.entries(n.cluster.peers)) if (p.role === 'replica' && p.master === m) out.push(k);
  return out.sort();
}

/** The offset this node advertises: master_repl_offset, or replicationGetSlaveOffset(). */
export function advertisedOffset(n: Node): number {
  if (n.role === 'master') return n.masterReplOffset;
  if (n.repl.state === 'connected') return n.repl.reploff;
  return n.repl.cached ? n.repl.cached.reploff : 0;
}

export function isUp(n: Node): boolean {
  return n.proc === 'up';
}

export function nodeTimeout(n: Node): number {
  return n.config.nodeTimeout;
}

export function unixSec(ms: number): number {
  return Math.floor(ms / 1000);
}
