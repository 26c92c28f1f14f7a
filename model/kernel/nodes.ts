// Finding processes by name or index, and small readers every protocol uses.
import type { Node, NodeName, State } from './state.ts';

export function node(s: State, name: NodeName): Node {
  return s.nodes[name];
}

/** A connect to this node is refused: its process is down, or restarted and not listening yet (boot.ts). */
export function refusesConnect(s: State, n: Node): boolean {
  return n.proc === 'down' || s.now < n.listensAt;
}

/** The Nodes of the last node table seen, by idx (see nodeAt). */
const roster: { of: object | null; nodes: Node[] } = { of: null, nodes: [] };

/**
 * The node with this idx (hot: every delivery; an index instead of a lookup by name). A state's
 * Nodes are never replaced in their table, only the table itself (an immer draft), which misses.
 */
export function nodeAt(s: State, idx: number): Node {
  if (roster.of !== s.nodes) {
    roster.of = s.nodes;
    roster.nodes = [];
    for (const x in s.nodes) { const n = s.nodes[x]; roster.nodes[n.idx] = n; }
  }
  return roster.nodes[idx];
}

/** The idx of each node name in the last node table seen (see nodeAt). */
const idxTable: { of: object | null; idx: Map<NodeName, number> } = { of: null, idx: new Map() };

/** The idx of the node called `name` (names and idxs are fixed by the topology). */
export function idxOf(s: State, name: NodeName): number {
  if (idxTable.of !== s.nodes) {
    idxTable.of = s.nodes;
    idxTable.idx = new Map();
    for (const x in s.nodes) idxTable.idx.set(x, s.nodes[x].idx);
  }
  return idxTable.idx.get(name)!;
}

/** The idx of a data node, a Sentinel (after the data nodes) or "client" (the last). */
export function procIdx(s: State, name: string): number {
  const n = s.nodes[name];
  if (n !== undefined) return n.idx;
  const x = s.sentinels[name];
  return x !== undefined ? x.idx : clientIdx(s);
}

/** The client's idx in per-channel tables: one past the last node. */
export function clientIdx(s: State): number {
  return s.net.lastDelivery.length - 1;
}

export function isUp(n: Node): boolean {
  return n.proc === 'up';
}

/** The offset this node advertises: master_repl_offset, or replicationGetSlaveOffset(). */
export function advertisedOffset(n: Node): number {
  if (n.role === 'master') return n.masterReplOffset;
  if (n.repl.state === 'connected') return n.repl.reploff;
  return n.repl.cached ? n.repl.cached.reploff : 0;
}

export function unixSec(ms: number): number {
  return Math.floor(ms / 1000);
}
