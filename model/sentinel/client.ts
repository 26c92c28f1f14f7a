// A Sentinel-aware client (issue 12 item 4, as redis-py's SentinelConnectionPool and Jedis's
// JedisSentinelPool): writes go to the master address it last got from a Sentinel; it asks
// S1 first, then S2 … (SENTINEL get-master-addr-by-name; the first answer wins; a Sentinel that
// refuses the connection or does not answer within SENTINEL_QUERY_TIMEOUT is skipped), and it asks
// again only after a connection error (refused, reset, CLIENT KILL, a timeout) or -READONLY.
import type { NodeName, State, WriteRecord } from '../kernel/state.ts';
import { schedule } from '../kernel/agenda.ts';
import { sendRequest, writeOf } from '../kernel/clients.ts';
import type { SentinelMsg } from './messages.ts';
import { sendSentinel } from './link.ts';
import { reachable } from '../kernel/net.ts';

/** How long the client waits for one Sentinel (redis-py's socket_timeout for Sentinels, often 0.1–0.5 s). */
export const SENTINEL_QUERY_TIMEOUT = 500;

/** The Sentinels in the order the client asks them (S1, S2 …). */
function sentinelOrder(s: State): NodeName[] {
  return Object.keys(s.sentinels).sort((a, b) => s.sentinels[a].idx - s.sentinels[b].idx);
}

/** Where a write without a node goes: the known master, or null while the client asks (the write waits). */
export function sentinelRoute(s: State, w: WriteRecord): NodeName | null {
  const c = s.client.sentinel!;
  if (c.master !== null) return (s.client.node = c.master);
  c.waiting.push(w.id);
  if (c.query === null) askSentinel(s, 0);
  return null;
}

function askSentinel(s: State, i: number): void {
  const c = s.client.sentinel!;
  const order = sentinelOrder(s);
  if (i >= order.length) {
    // MasterNotFoundError: no Sentinel answered; the writes waiting for an address fail unsent.
    c.query = null;
    for (const wid of c.waiting) {
      const w = writeOf(s, wid);
      if (w.result === 'pending') { w.result = 'refused'; w.error = 'MASTERNOTFOUND'; w.repliedAt = s.now; }
    }
    c.waiting = [];
    return;
  }
  const qid = c.nextQid++;
  c.query = { qid, sentinel: i };
  sendSentinel(s, { from: 'client', to: order[i], conn: qid, fromBoot: 0, body: { type: 'get-master-addr', qid } });
  schedule(s, s.now + SENTINEL_QUERY_TIMEOUT, { type: 'SentinelQueryTimedOut', qid });
}

/** No answer from the Sentinel asked: the next one. */
export function sentinelQueryTimedOut(s: State, qid: number): void {
  const c = s.client.sentinel;
  if (c?.query?.qid === qid) askSentinel(s, c.query.sentinel + 1);
}

/** A Sentinel's answer, or its host's RST (the Sentinel is down): use the address, or ask the next one. */
export function clientReceives(s: State, msg: SentinelMsg): void {
  const c = s.client.sentinel;
  if (!c?.query || c.query.qid !== msg.conn) return; // an answer the client stopped waiting for
  const b = msg.body;
  if (b.type !== 'master-addr' || b.addr === null) { askSentinel(s, c.query.sentinel + 1); return; }
  c.master = b.addr;
  s.client.node = b.addr; // where the writers write (the outcome's tie-break, as route keeps it)
  c.query = null;
  const waiting = c.waiting;
  c.waiting = [];
  for (const wid of waiting) {
    const w = writeOf(s, wid);
    if (w.result === 'pending') sendRequest(s, w, b.addr, 0);
  }
}

/**
 * The client's connection to `node` broke (CLIENT KILL, the node's crash): ask again before the next
 * write. Across a partition the FIN does not reach the client; its next write times out instead.
 */
export function sentinelClientDisconnected(s: State, node: NodeName): void {
  const c = s.client.sentinel;
  if (c !== undefined && c.master === node && reachable(s, node, 'client')) c.master = null;
}

/** A reply from `node` that means the connection failed or it is not the master any more. */
function rediscover(s: State, node: NodeName): void {
  const c = s.client.sentinel!;
  if (c.master === node) c.master = null;
}

/** A reply from `node`: a connection error or -READONLY (it is no longer the master) makes the client ask again. */
export function sentinelClientReply(s: State, node: NodeName, reply: string): void {
  if (reply === 'CONNREFUSED' || reply.startsWith('READONLY')) rediscover(s, node);
}

/**
 * A write timed out: redis-py drops the connection, so the next write asks again. True when the
 * write never left (it was waiting for an address).
 */
export function sentinelClientTimedOut(s: State, wid: string): boolean {
  const c = s.client.sentinel!;
  const k = c.waiting.indexOf(wid);
  if (k >= 0) { c.waiting.splice(k, 1); return true; }
  c.master = null;
  return false;
}
