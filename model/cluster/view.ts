// Small readers over a node's own view of the cluster (no global oracle: everything is per node).
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { PeerView } from './state.ts';
import { GOSSIP_FAIL, GOSSIP_MASTER, GOSSIP_PFAIL } from './messages.ts';
import type { SlotRanges, SlotTable } from './slots.ts';

// Caches of objects the model never mutates in place: a slot table is replaced whole by `assign`
// (or a copy), and a node's peer set is fixed by the topology. Keyed by the object itself (or kept
// per node idx and checked against it), a replaced table or peer record simply misses, and an
// immer draft gets entries of its own.
const indexByIdx: PeerIndex[] = [];
const lastSlots = { tables: [] as SlotTable[], owners: [] as NodeName[], ranges: [] as SlotRanges[] };
/** The same for the slots each node's own headers advertise (kept apart: a node's claim checks ask about its senders in between). */
const lastAdvertised = { tables: [] as SlotTable[], owners: [] as NodeName[], ranges: [] as SlotRanges[] };

/** Each owner's slot ranges and count in one slot table, built in one pass over its rows. */
interface Owners {
  table: SlotTable;
  ranges: Map<NodeName, SlotRanges>;
  counts: Map<NodeName, number>;
  /** Some slot has no owner. */
  unassigned: boolean;
}
const ownersCache = new WeakMap<SlotTable, Owners>();
/** The Owners of each node's table when last asked, by node idx (most asks hit it). */
const ownersByIdx: Owners[] = [];

/**
 * The owners of n's slot table. One pass over the rows (a row per owner in a fresh cluster: 200
 * for 200 masters), where asking per owner would rescan the table for each of its peers.
 */
function ownersOf(n: Node): Owners {
  const t = n.cluster.slots;
  const hit = ownersByIdx[n.idx];
  if (hit !== undefined && hit.table === t) return hit;
  let o = ownersCache.get(t);
  if (o === undefined) {
    o = { table: t, ranges: new Map(), counts: new Map(), unassigned: false };
    for (let i = 0; i < t.length; i++) {
      const row = t[i];
      if (row.owner === null) { o.unassigned = true; continue; }
      const r = o.ranges.get(row.owner);
      if (r === undefined) o.ranges.set(row.owner, [[row.from, row.to]]);
      else r.push([row.from, row.to]);
      o.counts.set(row.owner, (o.counts.get(row.owner) ?? 0) + row.to - row.from + 1);
    }
    ownersCache.set(t, o);
  }
  ownersByIdx[n.idx] = o;
  return o;
}

const NO_SLOTS: SlotRanges = [];

/** A node's peers in name order, with their records aligned (one cache lookup for both). */
export interface PeerIndex {
  /** The peer table this index was built for. */
  peers: Record<NodeName, PeerView>;
  names: NodeName[];
  views: PeerView[];
  /** The peers' Node objects in `nodesOf` (a state's node table), aligned with `names`: see peerNodes. */
  nodes: Node[];
  nodesOf: Record<NodeName, Node> | null;
  /** The records by the peer's idx (PeerView.idx); myself is a hole. */
  byIdx: PeerView[];
  /** The peers' idx, aligned with `names`: read without touching the records. */
  idxs: Int32Array;
  /**
   * `idxs` with my own idx at `myPlace` (my place in name order), one array shared by every node
   * whose copy is equal: in a cluster where everyone knows everyone that is all of them, so the
   * random draws of clusterSendPing read one small array that stays in cache, not a copy per node.
   * The peer at place k is order[k < myPlace ? k : k + 1].
   */
  order: Int32Array;
  myPlace: number;
  /** A peer's place in `names`, by its idx. */
  placeByIdx: Int32Array;
  /**
   * What clusterSendPing and clusterProcessGossipSection read of each peer, one 32-bit word per idx
   * kept with the records: the gossip flags (GOSSIP_PFAIL | GOSSIP_FAIL | GOSSIP_MASTER) and the REC_*
   * bits, and above them pong_received in whole seconds (recPong): all that either side needs of it
   * (a gossip entry carries whole seconds, and for whole seconds e, e·1000 > t ⟺ e > ⌊t/1000⌋).
   * A gossip section draws N/10 peers at random: 1.6 KB per node at 400 nodes instead of the
   * PeerViews keeps the words in the processor's cache (a trace lasts at most 7 days: < 2^20 s).
   */
  rec: Int32Array;
  /**
   * clusterCron's second loop skips a peer while the tick's time is at most quiet[idx] (quietUntil):
   * in a 400-node cluster most peers need nothing on most ticks, and reading each
   * record every 100 ms was a quarter of a run. By the peer's idx, as gossip finds it (the loop reads
   * it through `idxs`). -Infinity: look at it on the next tick.
   */
  quiet: Float64Array;
  /**
   * At most every quiet time: while the tick's time is at most this, no peer needs a visit and the
   * loop is skipped (gossip keeps pushing pong_received, so in a big cluster most ticks find none).
   */
  quietMin: number;
  /** The node timeout the quiet times were computed with (CONFIG SET may change it). */
  quietNt: number;
  /** What clusterCron's first loop found on its last full pass (see cron.ts firstLoopUnchanged). */
  lastPass: FirstLoopPass;
  /** numSlots of each peer, aligned with `names`, for the slot table `slotCountsOf` (see peerSlotCounts). */
  slotCounts: Int32Array;
  slotCountsOf: SlotTable | null;
}

/**
 * clusterCron's first loop (PFAIL count, replica counts, broken and missing links) gives the same
 * answer as on its last full pass while no peer's flags, role, master or link were changed
 * (peerChanged), no process died or restarted and the partition table is the same.
 */
export interface FirstLoopPass {
  /** No peerChanged since the pass. */
  clean: boolean;
  /** Places (in `names`) of links freed since the pass (linkFreed): reconnected on the next tick. */
  unlinked: number[];
  statsPfailNodes: number;
  /** The largest non-failing replica count of a master (a replica's pass), else Infinity. */
  maxGood: number;
  /** My master when the pass counted me as its replica. */
  myMaster: NodeName | null;
  group: object | null;
  /** s.net.incarnation as the pass read it, and incarnationWrites then (kernel/net.ts). */
  incarnation: number[] | null;
  incarnationWrites: number;
}

/**
 * The slots node `of` owns in `n`'s view (its clusterNode->slots bitmap). Shared between callers
 * (every message header carries one), so it must be treated as read-only.
 */
export function slotsOf(n: Node, of: NodeName): SlotRanges {
  return slotsCached(lastSlots, n, of);
}

/** slotsOf for the slots n's own headers carry (`of`: n, or its master), memoised apart from n's other asks. */
export function advertisedSlots(n: Node, of: NodeName): SlotRanges {
  return slotsCached(lastAdvertised, n, of);
}

/** slotsOf through a per-node memo of the last answer (most asks repeat it on the same table). */
function slotsCached(memo: typeof lastSlots, n: Node, of: NodeName): SlotRanges {
  const t = n.cluster.slots;
  const i = n.idx;
  if (memo.tables[i] === t && memo.owners[i] === of) return memo.ranges[i];
  const r = ownersOf(n).ranges.get(of) ?? NO_SLOTS;
  memo.tables[i] = t;
  memo.owners[i] = of;
  memo.ranges[i] = r;
  return r;
}

/** clusterNode->numslots. */
export function numSlots(n: Node, of: NodeName): number {
  return ownersOf(n).counts.get(of) ?? 0;
}

/** Some slot has no owner in n's table. */
export function hasUnassignedSlots(n: Node): boolean {
  return ownersOf(n).unassigned;
}

/** numSlots(n, peer) of every peer, aligned with peerNames(n): clusterUpdateState reads them all. */
export function peerSlotCounts(n: Node, index: PeerIndex): Int32Array {
  const t = n.cluster.slots;
  if (index.slotCountsOf !== t) {
    const counts = ownersOf(n).counts;
    for (let k = 0; k < index.names.length; k++) index.slotCounts[k] = counts.get(index.names[k]) ?? 0;
    index.slotCountsOf = t;
  }
  return index.slotCounts;
}

/** n's table gives `of` exactly the ranges `r` (a header's claim matches my view: the common case). */
export function ownsExactly(n: Node, of: NodeName, r: SlotRanges): boolean {
  const mine = slotsOf(n, of);
  if (mine === r) return true;
  if (mine.length !== r.length) return false;
  for (let i = 0; i < r.length; i++) if (mine[i][0] !== r[i][0] || mine[i][1] !== r[i][1]) return false;
  return true;
}

/** The peers of `n` in name order (dictionary order of the cluster's node table, as the model iterates it). */
export function peerNames(n: Node): NodeName[] {
  return peerIndex(n).names;
}

/**
 * peerNames(n) and peerViews(n) together. A PeerView is only ever replaced with its whole record
 * (boot), which misses this cache; hot loops index `views` instead of looking names up.
 */
export function peerIndex(n: Node): PeerIndex {
  const peers = n.cluster.peers;
  // One slot per node idx, checked against the peer table it was built for (hot: several per step).
  const index = indexByIdx[n.idx];
  if (index !== undefined && index.peers === peers) return index;
  const names = Object.keys(peers).sort();
  const views = names.map((x) => peers[x]);
  const byIdx: PeerView[] = [];
  for (const v of views) byIdx[v.idx] = v;
  const idxs = Int32Array.from(views, (v) => v.idx);
  const rec = new Int32Array(byIdx.length);
  for (const v of views) {
    rec[v.idx] = REC_KNOWN | gossipFlagsOf(v) | (v.link === 0 ? REC_UNLINKED : 0)
      | (v.pingSent !== 0 ? REC_PING_PENDING : 0) | (v.failReports !== null ? REC_REPORTS : 0) | pongBits(n.cluster.pongReceived[v.idx], n.cluster.clockPhase);
  }
  const myPlace = names.filter((x) => x < n.name).length;
  const order = sharedOrder([...idxs.subarray(0, myPlace), n.idx, ...idxs.subarray(myPlace)]);
  const placeByIdx = new Int32Array(byIdx.length);
  idxs.forEach((x, i) => { placeByIdx[x] = i; });
  const quiet = new Float64Array(byIdx.length).fill(-Infinity);
  const lastPass: FirstLoopPass = { clean: false, unlinked: [], statsPfailNodes: 0, maxGood: Infinity, myMaster: null, group: null, incarnation: null, incarnationWrites: -1 };
  return (indexByIdx[n.idx] = { peers, names, views, nodes: [], nodesOf: null, byIdx, idxs, order, myPlace, placeByIdx, rec, quiet, quietMin: -Infinity, quietNt: n.config.nodeTimeout, lastPass, slotCounts: new Int32Array(names.length), slotCountsOf: null });
}

/** The last PeerIndex.order made: an equal one is this same array. */
let lastOrder = new Int32Array(0);

function sharedOrder(order: number[]): Int32Array {
  if (order.length !== lastOrder.length || order.some((x, i) => x !== lastOrder[i])) lastOrder = Int32Array.from(order);
  return lastOrder;
}

/** rec[idx] above the gossip flags: the link may be missing (freed since the last reconnect: read the record then). */
export const REC_UNLINKED = 8;
/** rec[idx]: a ping is pending (recheckPeer). */
export const REC_PING_PENDING = 16;
/** rec[idx]: the node has a failure-report list (processGossip adds the only reports). */
export const REC_REPORTS = 32;
/** rec[idx]: the idx is one of my peers. */
export const REC_KNOWN = 64;
/** rec[idx]'s flag bits; pong_received's seconds are above them. */
const REC_FLAGS = 127;
const REC_PONG_SHIFT = 7;
const GOSSIP_BITS = GOSSIP_PFAIL | GOSSIP_FAIL | GOSSIP_MASTER;

/** pong_received (ms) as rec[idx] holds it: whole seconds of the host clock (unixtime), above the flags. */
const pongBits = (ms: number, clockPhase: number) => Math.floor((ms + clockPhase) / 1000) << REC_PONG_SHIFT;

/** pong_received in whole wall seconds, from a rec word. */
export function recPong(word: number): number {
  return word >> REC_PONG_SHIFT;
}

/** Sets or clears `bit` in p's rec entry. */
export function setRecBit(index: PeerIndex, idx: number, bit: number, on: boolean): void {
  const b = index.rec[idx];
  index.rec[idx] = on ? b | bit : b & ~bit;
}

/** A peer's PFAIL/FAIL flag, role, master or link changed in n's view: clusterCron's first loop must look again, and its quiet time may be earlier. */
export function peerChanged(n: Node, p: PeerView): void {
  const index = peerIndex(n);
  index.lastPass.clean = false;
  index.rec[p.idx] = (index.rec[p.idx] & ~GOSSIP_BITS) | gossipFlagsOf(p);
  noteQuiet(n, index, p.idx, quietUntil(n, p, n.config.nodeTimeout));
}

/** A gossip entry's flags for p. */
export function gossipFlagsOf(p: PeerView): number {
  return (p.pfail ? GOSSIP_PFAIL : 0) | (p.fail ? GOSSIP_FAIL : 0) | (p.role === 'master' ? GOSSIP_MASTER : 0);
}

/**
 * pong_received of p in n's view, in the record and (whole seconds) in the gossip copy. Its quiet
 * time is noted at once: gossip moves it later on most messages, and a visit on a passed quiet time
 * would only find that out.
 */
export function setPongReceived(n: Node, p: PeerView, t: number): void {
  const index = peerIndex(n);
  if (p.pingSent === 0) setGossipPong(n, index, p.idx, t);
  else storePong(n, index, p.idx, t);
}

/**
 * setPongReceived from a gossip entry, which only applies while no ping is pending (rec's
 * REC_PING_PENDING clear): the quiet time is then the pong's NT/2 deadline, known without reading
 * the record again.
 */
export function setGossipPong(n: Node, index: PeerIndex, idx: number, t: number): void {
  storePong(n, index, idx, t);
  noteQuiet(n, index, idx, t + n.config.nodeTimeout / 2);
}

/** pong_received of peer idx, and its whole seconds in the rec word. */
function storePong(n: Node, index: PeerIndex, idx: number, t: number): void {
  n.cluster.pongReceived[idx] = t;
  index.rec[idx] = (index.rec[idx] & REC_FLAGS) | pongBits(t, n.cluster.clockPhase);
}

/** The quiet time q of peer idx (while the index's are for the current node timeout: see quietTimes in cron.ts). */
function noteQuiet(n: Node, index: PeerIndex, idx: number, q: number): void {
  if (index.quietNt !== n.config.nodeTimeout) return;
  index.quiet[idx] = q;
  if (q < index.quietMin) index.quietMin = q;
}

/**
 * My link to p was freed (its connect refused, or clusterCron's timeout): clusterCron's first loop
 * reconnects it on the next tick. Kept apart from peerChanged: a node keeps retrying a dead peer
 * every tick, which would otherwise make every pass a full one.
 */
export function linkFreed(n: Node, p: PeerView): void {
  const index = peerIndex(n);
  index.lastPass.unlinked.push(index.placeByIdx[p.idx]);
  setRecBit(index, p.idx, REC_UNLINKED, true);
}

/**
 * ping_sent changed: the deadlines it sets may come before the quiet time clusterCron noted for p, so
 * the new one is noted now, while p is in cache (a visit on the next tick would only compute it).
 */
export function recheckPeer(n: Node, p: PeerView): void {
  const index = peerIndex(n);
  noteQuiet(n, index, p.idx, quietUntil(n, p, n.config.nodeTimeout));
  setRecBit(index, p.idx, REC_PING_PENDING, p.pingSent !== 0);
}

/**
 * The last time at which clusterCron's second loop would do nothing for p, whatever its link: a
 * pong due (NT/2 without one, no ping pending), or for a pending ping the link freed (NT old, ping
 * and data silent for NT/2) or, unless p is flagged already, the PFAIL flag (ping and data silent
 * for NT). Later pongs, data and new links only move these later; a change of ping_sent calls
 * recheckPeer and a change of flags peerChanged, which note the new time at once. (A dead peer
 * stays flagged with its ping pending: without the flag's test, every node would visit it on
 * every tick.)
 */
export function quietUntil(n: Node, p: PeerView, nt: number): number {
  if (p.pingSent === 0) return n.cluster.pongReceived[p.idx] + nt / 2;
  const free = Math.max(p.linkCreated + nt, p.pingSent + nt / 2, p.dataReceived + nt / 2);
  if (p.pfail || p.fail) return free;
  const pfail = Math.max(p.pingSent, p.dataReceived) + nt;
  return free < pfail ? free : pfail;
}

/**
 * The Node objects of n's peers in s, aligned with index.names (hot: clusterCron checks every link
 * each tick). The model never replaces a Node in s.nodes, only the table (an immer draft), which
 * misses.
 */
export function peerNodes(s: State, index: PeerIndex): Node[] {
  if (index.nodesOf !== s.nodes) {
    index.nodes = index.names.map((x) => s.nodes[x]);
    index.nodesOf = s.nodes;
  }
  return index.nodes;
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

/** The peer records of `n`, aligned with peerNames(n). */
export function peerViews(n: Node): PeerView[] {
  return peerIndex(n).views;
}

export function nodeTimeout(n: Node): number {
  return n.config.nodeTimeout;
}
