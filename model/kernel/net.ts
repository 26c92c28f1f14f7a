// The network: partitions (groups), per-direction extra latency, and FIFO delivery per channel.
import type { Action } from './actions.ts';
import type { ReplMsg } from '../replication/messages.ts';
import type { BusMsg } from '../cluster/messages.ts';
import { NAGLE_NONE, type NagleConn, type State } from './state.ts';
import { schedule } from './agenda.ts';
import { clientIdx, nodeAt, procIdx } from './nodes.ts';
import { mutations } from './mutations.ts';
import { hash, uint32Mod } from './rng.ts';

/**
 * How many times any process's incarnation was set (setIncarnation), in this thread: clusterCron's
 * first loop notes it with the array it read, and while both are the same no process died or
 * restarted, so it need not compare the array entry by entry every tick.
 */
export let incarnationWrites = 0;

/** A process started (its bootedAt) or died (-1): what its peers' kernels see of it. */
export function setIncarnation(s: State, idx: number, v: number): void {
  s.net.incarnation[idx] = v;
  incarnationWrites++;
}

/** Everyone in the same group reaches everyone; a client left out of every group reaches all nodes. */
export function reachable(s: State, a: string, b: string): boolean {
  const group = s.net.group;
  // No partition (the common case): an identity check instead of two lookups of missing keys.
  if (unpartitioned(group)) return true;
  if ((a === 'client' || b === 'client') && !('client' in group)) return true;
  return (group[a] ?? 0) === (group[b] ?? 0);
}

/** The last group table seen and whether it is empty: tables are replaced whole (partition, heal), never edited. */
const seenGroup: { table: object | null; empty: boolean } = { table: null, empty: false };

function unpartitioned(group: object): boolean {
  if (group !== seenGroup.table) {
    seenGroup.table = group;
    seenGroup.empty = true;
    for (const _ in group) { seenGroup.empty = false; break; }
  }
  return seenGroup.empty;
}

/**
 * The last delay table seen, as a matrix by [from idx][to idx] (null when it is empty): tables are
 * replaced whole (linkDelayed), never edited, so the matrix is built once per table.
 */
const seenDelay: { table: object | null; nodes: object | null; byIdx: number[][] | null } = { table: null, nodes: null, byIdx: null };

/** The extra latency from one idx to another (a client or node idx): none unless a LinkDelayed set one. */
function delayOf(s: State, from: number, to: number): number {
  const delay = s.net.delay;
  if (delay !== seenDelay.table || s.nodes !== seenDelay.nodes) {
    seenDelay.table = delay;
    seenDelay.nodes = s.nodes;
    seenDelay.byIdx = delayMatrix(s, delay);
  }
  return seenDelay.byIdx === null ? 0 : seenDelay.byIdx[from][to];
}

function delayMatrix(s: State, delay: Record<string, number>): number[][] | null {
  let empty = true;
  for (const _ in delay) { empty = false; break; }
  if (empty) return null;
  const names = s.net.lastDelivery.map((_, i) => nameAt(s, i));
  return names.map((a) => names.map((b) => delay[`${a}>${b}`] ?? 0));
}

function nameAt(s: State, idx: number): string {
  if (idx === clientIdx(s)) return 'client';
  const n = nodeAt(s, idx);
  if (n !== undefined) return n.name;
  // A Sentinel: its idx follows the data nodes'.
  for (const x in s.sentinels) if (s.sentinels[x].idx === idx) return x;
  throw new Error(`nameAt: no process has idx ${idx}`);
}

/**
 * When a message sent now from idx `from` to idx `to` arrives: latency plus any delay, never before
 * an earlier one on the same channel (hot: every message, so channels are indexed, not named).
 */
export function arrival(s: State, from: number, to: number): number {
  const net = s.net;
  const onTime = s.now + s.config.latency;
  const base = onTime + blocked + delayOf(s, from, to);
  // An arrival at onTime is never later than a later message's: only later ones are noted (lastDelivery).
  if (base >= net.lateUntil) {
    if (base > onTime) net.lastDelivery[from][to] = net.lateUntil = base;
    return base;
  }
  const row = net.lastDelivery[from];
  const t = base > row[to] ? base : row[to];
  if (t > onTime) row[to] = t;
  return t;
}

/** A TCP handshake's time from `from` to `to` (idx): SYN there, SYN-ACK (or RST) back. */
export function roundTrip(s: State, from: number, to: number): number {
  return 2 * s.config.latency + delayOf(s, from, to) + delayOf(s, to, from);
}

/** How long the sending process is blocked before what it sends now leaves (afterBlocking). */
let blocked = 0;

/**
 * Run `f` with its messages leaving `ms` later: the process blocks for that long first (an fsync
 * inside the handler), and the event loop writes the queued messages only afterwards.
 */
export function afterBlocking(ms: number, f: () => void): void {
  blocked = ms;
  try { f(); } finally { blocked = 0; }
}

/** `conn`: the sending side's record of its own link, for a message on it (Nagle applies there only). */
export function sendBus(s: State, msg: BusMsg, conn: NagleConn | null): void {
  const at = s.config.delayedAck > 0 && conn !== null && msg.linkOwner === msg.from ? nagleSend(s, msg, conn) : arrival(s, msg.fromIdx, msg.toIdx);
  schedule(s, at, { type: 'BusDelivered', msg });
}

/**
 * The connecting side of a bus link has no TCP_NODELAY in 7.0 (clusterCron's connConnect; only
 * clusterAcceptHandler sets it): while sent data is unacknowledged, Nagle holds the next message
 * until the ACK comes. The peer's kernel delays that ACK by `delayedAck`, unless the peer answers on
 * this connection (a running node's PONG to a PING); votes, FAIL, UPDATE and broadcast PONGs get no
 * such answer, so a message right after one of them waits.
 */
function nagleSend(s: State, msg: BusMsg, c: NagleConn): number {
  if (c.nagleLink !== msg.linkGen) { c.nagleLink = msg.linkGen; c.nagleAckAt = 0; c.nagleHeldAckAt = NAGLE_NONE; }
  // What was held has left once its ACK came: the connection then waits for the held data's ACK.
  if (c.nagleHeldAckAt !== NAGLE_NONE && s.now >= c.nagleAckAt) { c.nagleAckAt = c.nagleHeldAckAt; c.nagleHeldAckAt = NAGLE_NONE; }
  if (s.now >= c.nagleAckAt) {
    const t = arrival(s, msg.fromIdx, msg.toIdx);
    c.nagleAckAt = ackAfter(s, msg, t);
    return t;
  }
  // Held: it leaves with the ACK, on its own connection (other streams between the hosts are not held).
  const row = s.net.lastDelivery[msg.fromIdx];
  const t = Math.max(c.nagleAckAt + s.config.latency + delayOf(s, msg.fromIdx, msg.toIdx), row[msg.toIdx]);
  const ack = ackAfter(s, msg, t);
  if (c.nagleHeldAckAt === NAGLE_NONE || ack < c.nagleHeldAckAt) c.nagleHeldAckAt = ack;
  return t;
}

/**
 * When the peer ACKs a message that arrived at `arrivedAt`: at once with its PONG, else delayed.
 * A module-level function, not a closure in nagleSend: tsx (keepNames) names every closure it
 * creates with Object.defineProperty, which cost ~2% of a run on this per-message path.
 */
function ackAfter(s: State, msg: BusMsg, arrivedAt: number): number {
  return arrivedAt + (msg.body.type === 'ping' && nodeAt(s, msg.toIdx).proc === 'up' ? s.config.latency : s.config.delayedAck);
}

export function sendRepl(s: State, msg: ReplMsg): void {
  schedule(s, arrival(s, s.nodes[msg.from].idx, s.nodes[msg.to].idx), { type: 'ReplDelivered', msg });
}

export function newConn(s: State): number {
  return ++s.net.nextConn;
}

const pauseKeys = new Map<string, string>();

/** The `held` key of the writes a manual failover's client pause holds on a node (one string per node). */
export function pauseKey(node: string): string {
  let k = pauseKeys.get(node);
  if (k === undefined) { k = `pause:${node}`; pauseKeys.set(node, k); }
  return k;
}

/** Keep a delivery until the receiver runs again (paused) or the partition heals. */
export function hold(s: State, key: string, a: Action): void {
  (s.held[key] ??= []).push(a);
  if (key !== PARTITION) return;
  // The connection's first segment lost to the partition was sent one latency ago: its RTO runs from then.
  s.net.unacked[connOf(a)] ??= s.now - s.config.latency;
}

/** The connection a held delivery travels on (bus links and replication links share the numbering). */
function connOf(a: Action): number {
  if (a.type === 'BusDelivered') return a.msg.linkGen;
  if (a.type === 'ReplDelivered' || a.type === 'SentinelDelivered') return a.msg.conn;
  throw new Error(`hold: ${a.type} is never held for a partition`);
}

const isConnect = (a: Action) => a.type === 'SentinelDelivered' && a.msg.body.type === 'connect';

/** The held key of the data a partition dropped (TCP retransmits it after the heal). */
export const PARTITION = 'partition';

/**
 * Linux's RTO on loopback (tcp_set_rto: srtt + rttvar, rttvar at least TCP_RTO_MIN 200 ms), in whole
 * jiffies (HZ 250): `ss -ti` shows 204 ms on every bus link, whose RTT is microseconds.
 */
const RTO_FLOOR = 204;

/**
 * The RTO a connection had when the partition took its first segment. A replication stream's replica
 * ACKs some of the stream late (delayed ACK), which lifts srtt: `ss -ti` on a master's side of the
 * link under 50 writes/s showed 204–224 ms, so each such connection draws its srtt in 0–delayedAck/2.
 */
function firstRto(s: State, a: Action, ch: number): number {
  if (a.type !== 'ReplDelivered') return RTO_FLOOR;
  return RTO_FLOOR + uint32Mod(hash(s.seed, 'rto', ch), Math.floor(s.config.delayedAck / 2) + 1);
}

/**
 * Deliver what was held under `key`, in order. Data already in a paused process's socket buffers is
 * read at once (`now`). When a partition heals or changes, each connection whose ends can reach
 * each other again sends its data at its next retransmission (tcp_retransmit_timer: one RTO after
 * the first lost segment, then doubling), not at once; the others' stays held (firstRto).
 */
export function release(s: State, key: string, alreadyArrived = false): void {
  const items = s.held[key];
  if (!items) return;
  delete s.held[key];
  if (key !== PARTITION) {
    for (const a of items) schedule(s, alreadyArrived ? s.now : arrival(s, ...channelOf(s, a)), a);
    return;
  }
  const retry: Record<number, number | null> = {};
  const kept: Action[] = [];
  for (const a of items) {
    const [from, to] = channelOf(s, a);
    if (!reachable(s, nameAt(s, from), nameAt(s, to))) { kept.push(a); continue; }
    const ch = connOf(a);
    // A Sentinel link's connect whose SYN was dropped completes at the next SYN retransmission, and
    // what hiredis queued behind it follows; past the last one the connect failed (ETIMEDOUT).
    if (!(ch in retry)) retry[ch] = isConnect(a) ? nextSynRetransmit(s.net.unacked[ch] ?? s.now, s.now) : nextRetransmit(s.net.unacked[ch] ?? s.now, s.now, firstRto(s, a, ch));
    const at = retry[ch];
    if (mutations.retransmitPerMessage) delete retry[ch]; // the next message of this connection gets its own time
    if (at === null) continue;
    // In order on their connection, also behind what an earlier release already scheduled on it (a connect
    // still waiting for its SYN retransmission), but without holding back the channel: lastDelivery orders
    // a pair of hosts, and a new connection between them (a reconnected bus link) does not wait for an old one.
    const arrives = Math.max(at + s.config.latency + delayOf(s, from, to), (mutations.retransmitPerMessage ? null : behindResent(s, ch)) ?? 0);
    schedule(s, arrives, a);
    if (!(s.net.resent[ch] >= arrives)) s.net.resent[ch] = arrives;
  }
  for (const ch in retry) delete s.net.unacked[ch];
  if (kept.length) s.held[PARTITION] = kept;
}

/**
 * A delivery on `conn` that would overtake the data TCP is retransmitting on it: the time to deliver
 * it instead (the receiving kernel queues it until the gap is filled), or null when it may go now.
 */
export function behindResent(s: State, conn: number): number | null {
  const at = s.net.resent[conn];
  return at !== undefined && at > s.now ? at : null;
}

/**
 * Linux's SYN retransmissions, ms after the first SYN (tcp_retransmit_timer, kernel ≥ 6.7 defaults:
 * tcp_syn_linear_timeouts = 4, tcp_syn_retries = 6): the RTO stays 1 s for the first five, then doubles;
 * ten in all. The timer wheel makes each later than its RTO: the mean of 8 connects on the conformance
 * host (6.18, conformance/labs/syn-retransmits.py): the first 3–28 ms late, the next four 1024 ms apart
 * (256 jiffies), then +2016, +4112 (±80), +8192, +16128, +32314. Round seconds put the +11 s one 240 ms
 * early, which decides whether a connect begun 11 s before a heal gets through at it.
 */
export const SYN_RETRANSMITS = [1016, 2040, 3064, 4088, 5112, 7128, 11240, 19432, 35560, 67874];

/** The first SYN retransmission at or after `now` of a connect begun at `sent`; null past the last (ETIMEDOUT). */
export function nextSynRetransmit(sent: number, now: number): number | null {
  const d = SYN_RETRANSMITS.find((x) => sent + x >= now);
  return d === undefined ? null : sent + d;
}

/** The first retransmission at or after `now` of data first sent at `sent`, with that RTO at first. */
function nextRetransmit(sent: number, now: number, firstRto: number): number {
  let rto = firstRto;
  let t = sent + rto;
  while (t < now) { rto *= 2; t += rto; }
  return t;
}

/**
 * SIGCONT: what a paused node's sockets hold is read now, except what came on bus links peers opened
 * while it slept (link numbers above `pausedConn`): the kernel completed those handshakes, and they
 * wait in the accept queue. clusterAcceptHandler accepts them in the first pass of the event loop,
 * but their data is read in the next one, after the clients' queued commands and serverCron; they
 * are returned for the caller to schedule after that. Peers freed their older links to the sleeper
 * (clusterCron's NT/2 rule); what they sent on those before the FIN is still read in the first
 * pass (it carries the configuration from before the failover).
 */
export function releaseResumed(s: State, node: string, pausedConn: number): Action[] {
  const items = s.held[node];
  if (!items) return [];
  delete s.held[node];
  const accepted: Action[] = [];
  for (const a of items) {
    if (a.type === 'BusDelivered' && a.msg.linkOwner === a.msg.from && a.msg.linkGen > pausedConn) accepted.push(a);
    else schedule(s, s.now, a);
  }
  return accepted;
}

/** The channel a held delivery travels on, as [from idx, to idx]. */
function channelOf(s: State, a: Action): [number, number] {
  if (a.type === 'BusDelivered') return [a.msg.fromIdx, a.msg.toIdx];
  if (a.type === 'ReplDelivered') return [s.nodes[a.msg.from].idx, s.nodes[a.msg.to].idx];
  if (a.type === 'ClientRequestDelivered') return [clientIdx(s), s.nodes[a.node].idx];
  if (a.type === 'SentinelDelivered') return [procIdx(s, a.msg.from), procIdx(s, a.msg.to)];
  throw new Error(`release: ${a.type} is never held`);
}
