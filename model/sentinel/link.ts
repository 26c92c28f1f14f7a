// A Sentinel's links (instanceLink): TCP connections to the instances it monitors, and sending on
// them. Each connection is numbered (newConn); its server end is an entry of s.sentinelConns while
// open, its client end a Link's cc or pc. Data to an unreachable host waits for the heal (TCP
// retransmits it), a paused process's kernel buffers it, a dead one's answers RST.
import type { NodeName, State } from '../kernel/state.ts';
import { schedule } from '../kernel/agenda.ts';
import { arrival, behindResent, hold, newConn, PARTITION, reachable } from '../kernel/net.ts';
import { procIdx } from '../kernel/nodes.ts';
import type { SentinelBody, SentinelMsg } from './messages.ts';
import type { Link, SentinelProc } from './state.ts';
import { instanceOf } from './instances.ts';

/** Put a message on the wire: across a partition it is held for TCP's retransmission after the heal. */
export function sendSentinel(s: State, msg: SentinelMsg): void {
  const a = { type: 'SentinelDelivered' as const, msg };
  if (!reachable(s, msg.from, msg.to)) {
    // A client's query is not retransmitted: the client times out and closes first.
    if (msg.from !== 'client' && msg.to !== 'client') hold(s, PARTITION, a);
    return;
  }
  const at = arrival(s, procIdx(s, msg.from), procIdx(s, msg.to));
  // Behind what TCP is still retransmitting on this connection after a heal.
  const behind = behindResent(s, msg.conn);
  schedule(s, behind !== null && behind > at ? behind : at, a);
}

/** How many replies a command waits for (pending_commands): the SLAVEOF transaction is six commands. */
function commandsIn(body: SentinelBody): number {
  return body.type === 'slaveof' ? 6 : 1;
}

/** Send a command on the command connection to `addr`; false when there is none (redisAsyncCommand fails). */
export function sendCommand(s: State, sen: SentinelProc, addr: NodeName, body: SentinelBody): boolean {
  const inst = instanceOf(sen, addr);
  if (inst === null) return false;
  const link = inst.ri.link;
  if (link.cc === 0) return false;
  link.pendingCommands += commandsIn(body);
  sendSentinel(s, { from: sen.name, to: addr, conn: link.cc, fromBoot: sen.bootedAt, body });
  return true;
}

/** redisAsyncConnectBind: a new connection; hiredis queues what follows until it is up. */
export function connectTo(s: State, sen: SentinelProc, addr: NodeName, pubsub: boolean): number {
  const conn = newConn(s);
  sendSentinel(s, { from: sen.name, to: addr, conn, fromBoot: sen.bootedAt, body: { type: 'connect', pubsub } });
  return conn;
}

/** instanceLinkCloseConnection: this end closes (FIN to the server); the link is disconnected. */
export function instanceLinkCloseConnection(s: State, sen: SentinelProc, addr: NodeName, link: Link, which: 'cc' | 'pc'): void {
  const conn = link[which];
  if (conn === 0) return;
  if (s.sentinelConns[conn] === undefined) abortConnect(s, conn);
  else sendSentinel(s, { from: sen.name, to: addr, conn, fromBoot: sen.bootedAt, body: { type: 'closed' } });
  if (which === 'cc') { link.cc = 0; link.pendingCommands = 0; } else link.pc = 0;
  link.disconnected = true;
}

/**
 * Closing a connection whose SYN never got through (a partition): the kernel drops the SYN_SENT
 * socket and hiredis frees its output buffer, where the commands written meanwhile waited
 * (redisAsyncCommand only queues them until the connect completes). Nothing of it reaches the peer
 * after the heal: LAB-style E11a, a SLAVEOF "sent" to a cut-off replica is never applied.
 */
function abortConnect(s: State, conn: number): void {
  const held = s.held[PARTITION];
  if (held) {
    const kept = held.filter((a) => !(a.type === 'SentinelDelivered' && a.msg.conn === conn));
    if (kept.length) s.held[PARTITION] = kept;
    else delete s.held[PARTITION];
  }
  delete s.net.unacked[conn];
}

/** instanceLinkConnectionError: the peer closed or reset the connection (pending_commands is kept). */
export function instanceLinkConnectionError(link: Link, conn: number): void {
  if (link.pc === conn) link.pc = 0;
  else link.cc = 0;
  link.disconnected = true;
}

/** The server's answer on the connection a request came on. */
export function replyOn(s: State, msg: SentinelMsg, fromBoot: number, body: SentinelBody): void {
  sendSentinel(s, { from: msg.to, to: msg.from, conn: msg.conn, fromBoot, body });
}

/** A host whose process has no such connection (dead, restarted, or closed its end) answers RST. */
export function resetConnection(s: State, msg: SentinelMsg): void {
  if (msg.body.type === 'closed') return;
  replyOn(s, msg, -1, { type: 'closed' });
}

/** The kernel accepts a connection for a running (or paused) process: its server end is open. */
export function acceptConnection(s: State, msg: SentinelMsg, toBoot: number, pubsub: boolean): void {
  s.sentinelConns[msg.conn] = { from: msg.from, to: msg.to, toBoot, pubsub };
}

/** The server end of `conn` is open at `name` (the process that accepted it, not an earlier one). */
export function serverEndOpen(s: State, conn: number, name: NodeName, boot: number): boolean {
  const c = s.sentinelConns[conn];
  return c !== undefined && c.to === name && c.toBoot === boot;
}

/** A process dies or kills clients: the server ends close and each client gets the FIN. */
function closeServerEnds(s: State, name: NodeName, which: (pubsub: boolean, conn: number) => boolean): void {
  for (const k of Object.keys(s.sentinelConns)) {
    const conn = Number(k);
    const c = s.sentinelConns[conn];
    if (c.to !== name || !which(c.pubsub, conn)) continue;
    delete s.sentinelConns[conn];
    sendSentinel(s, { from: name, to: c.from, conn, fromBoot: -1, body: { type: 'closed' } });
  }
}

/** The kernel closes every connection a dead process had accepted. */
export function closeAcceptedConnections(s: State, name: NodeName): void {
  closeServerEnds(s, name, () => true);
}

/**
 * CLIENT KILL TYPE normal | pubsub on a data node (inside Sentinel's SLAVEOF transaction): every
 * Sentinel connection of that type but the caller's is closed. The client's own connection is
 * "normal" too: it is told by the caller (model/sentinel/client.ts sentinelClientDisconnected).
 */
export function clientKill(s: State, node: NodeName, type: 'normal' | 'pubsub', callerConn: number): void {
  closeServerEnds(s, node, (pubsub, conn) => pubsub === (type === 'pubsub') && conn !== callerConn);
}
