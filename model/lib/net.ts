// The network: partitions (groups), per-direction extra latency, and FIFO delivery per channel.
import type { Action, BusMsg, ReplMsg } from '../actions.ts';
import type { NagleConn, State } from '../state.ts';
import { schedule } from './agenda.ts';

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

const channelKeys = new Map<string, Map<string, string>>();

/** The "from>to" key of a channel, built once per pair (hot: every message). */
export function channel(from: string, to: string): string {
  let byTo = channelKeys.get(from);
  if (byTo === undefined) { byTo = new Map(); channelKeys.set(from, byTo); }
  let key = byTo.get(to);
  if (key === undefined) { key = `${from}>${to}`; byTo.set(to, key); }
  return key;
}

/** When a message sent now from `from` to `to` arrives: latency plus any delay, never before an earlier one. */
export function arrival(s: State, from: string, to: string): number {
  const key = channel(from, to);
  const t = Math.max(s.now + s.config.latency + (s.net.delay[key] ?? 0), s.net.lastDelivery[key] ?? 0);
  s.net.lastDelivery[key] = t;
  return t;
}

export function sendBus(s: State, msg: BusMsg): void {
  const at = s.config.delayedAck > 0 && msg.linkOwner === msg.from ? nagleSend(s, msg) : arrival(s, msg.from, msg.to);
  schedule(s, at, { type: 'BusDelivered', msg });
}

/** The connection's Nagle state once whatever was held has left (it leaves when the ACK arrives). */
function nagleConn(s: State, link: number): NagleConn | undefined {
  const c = s.net.nagle[link];
  if (c?.held && s.now >= c.ackAt) return (s.net.nagle[link] = { ackAt: c.held.ackAt, held: null });
  return c;
}

/**
 * The connecting side of a bus link has no TCP_NODELAY in 7.0 (clusterCron's connConnect; only
 * clusterAcceptHandler sets it): while sent data is unacknowledged, Nagle holds the next message
 * until the ACK comes. The peer's kernel delays that ACK by `delayedAck`, unless the peer answers on
 * this connection (a running node's PONG to a PING); votes, FAIL, UPDATE and broadcast PONGs get no
 * such answer, so a message right after one of them waits.
 */
function nagleSend(s: State, msg: BusMsg): number {
  const c = nagleConn(s, msg.linkGen);
  if (!c || s.now >= c.ackAt) {
    const t = arrival(s, msg.from, msg.to);
    // Nothing is held here (nagleConn let it leave): the connection's record is updated in place.
    if (c) c.ackAt = ackAfter(s, msg, t);
    else s.net.nagle[msg.linkGen] = { ackAt: ackAfter(s, msg, t), held: null };
    return t;
  }
  // Held: it leaves with the ACK, on its own connection (other streams between the hosts are not held).
  const key = channel(msg.from, msg.to);
  const t = Math.max(c.ackAt + s.config.latency + (s.net.delay[key] ?? 0), s.net.lastDelivery[key] ?? 0);
  c.held = { ackAt: Math.min(c.held?.ackAt ?? Infinity, ackAfter(s, msg, t)) };
  return t;
}

/**
 * When the peer ACKs a message that arrived at `arrivedAt`: at once with its PONG, else delayed.
 * A module-level function, not a closure in nagleSend: tsx (keepNames) names every closure it
 * creates with Object.defineProperty, which cost ~2% of a run on this per-message path.
 */
function ackAfter(s: State, msg: BusMsg, arrivedAt: number): number {
  return arrivedAt + (msg.body.type === 'ping' && s.nodes[msg.to]?.proc === 'up' ? s.config.latency : s.config.delayedAck);
}

export function sendRepl(s: State, msg: ReplMsg): void {
  schedule(s, arrival(s, msg.from, msg.to), { type: 'ReplDelivered', msg });
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
}

/**
 * Deliver what was held under `key`, in order. Data already in a paused process's socket buffers is
 * read at once (`now`); after a partition heals, TCP retransmits it over the network (`arrival`).
 */
export function release(s: State, key: string, alreadyArrived = false): void {
  const items = s.held[key];
  if (!items) return;
  delete s.held[key];
  for (const a of items) {
    const [from, to] = a.type === 'BusDelivered' || a.type === 'ReplDelivered' ? [a.msg.from, a.msg.to] : ['client', key];
    schedule(s, alreadyArrived ? s.now : arrival(s, from, to), a);
  }
}
