// What a data node does with a Sentinel's commands (server.c, pubsub.c, replication.c): PONG, INFO
// (genRedisInfoString), PUBLISH to the hello channel, and the SLAVEOF transaction.
import type { ActionOf } from '../kernel/actions.ts';
import type { Node, State } from '../kernel/state.ts';
import { hold } from '../kernel/net.ts';
import { refusesConnect } from '../kernel/nodes.ts';
import { hexId } from '../kernel/rng.ts';
import { feedStream } from '../replication/replication.ts';
import type { Hello, InfoReply, SentinelMsg } from './messages.ts';
import { acceptConnection, clientKill, replyOn, resetConnection, sendSentinel, serverEndOpen } from './link.ts';
import { execSlaveOfTransaction } from './sentinelSendSlaveOf.ts';
import { sentinelClientDisconnected } from './client.ts';

/** A hello PUBLISH in the replication stream (*3 PUBLISH __sentinel__:hello <payload>): LAB E12 measured ~117 bytes. */
export const HELLO_BYTES = 117;

/** run_id: 40 random hex digits, new at every process start (genRedisInfoString; Sentinel's reboot detection). */
export function runIdOf(s: State, n: Node): string {
  return hexId(s.seed, 'run_id', n.name, n.bootedAt);
}

/** The INFO fields Sentinel parses, from the node's state (genRedisInfoString). */
export function genRedisInfoString(s: State, n: Node): InfoReply {
  const connected = n.repl.state === 'connected';
  const isMaster = n.role === 'master';
  return {
    runId: runIdOf(s, n),
    role: isMaster ? 'master' : 'slave',
    // slaveN lines: every attached replica with a known state (wait_bgsave, send_bulk, online).
    slaves: Object.keys(n.ms.replicas),
    masterHost: isMaster ? null : n.repl.master,
    masterLinkStatus: connected ? 'up' : 'down',
    // Printed only while the link is down: now − repl_down_since in seconds, −1 if it never was up.
    masterLinkDownSinceSeconds: isMaster || connected ? null : n.repl.downSince ? Math.floor(s.now / 1000) - n.repl.downSince / 1000 : -1,
    slavePriority: n.config.replicaPriority,
    // master->reploff, else cached_master->reploff, else 1.
    slaveReplOffset: connected ? n.repl.reploff : n.repl.cached ? n.repl.cached.reploff : 1,
  };
}

/** PUBLISH __sentinel__:hello on this node: every pub/sub subscriber gets it, the publisher included. */
function deliverToSubscribers(s: State, n: Node, hello: Hello): void {
  for (const k of Object.keys(s.sentinelConns)) {
    const c = s.sentinelConns[Number(k)];
    if (c.to !== n.name || !c.pubsub) continue;
    sendSentinel(s, { from: n.name, to: c.from, conn: Number(k), fromBoot: n.bootedAt, body: { type: 'hello-message', hello } });
  }
}

/** A master propagates the PUBLISH to its replicas (and they to theirs), whose subscribers get it too. */
function propagateHello(s: State, n: Node, hello: Hello): void {
  for (const r of Object.keys(n.ms.replicas)) {
    const c = n.ms.replicas[r];
    if (c.state !== 'online') continue;
    sendSentinel(s, { from: n.name, to: r, conn: c.conn, fromBoot: n.bootedAt, body: { type: 'publish-propagated', hello } });
  }
}

export function dataNodeReceives(s: State, n: Node, a: ActionOf<'SentinelDelivered'>): void {
  const msg = a.msg;
  const b = msg.body;
  if (refusesConnect(s, n)) { resetConnection(s, msg); return; } // down, or not listening yet (boot.ts)
  if (b.type === 'closed') { if (serverEndOpen(s, msg.conn, n.name, n.bootedAt)) delete s.sentinelConns[msg.conn]; return; }
  if (b.type === 'publish-propagated') { replicaAppliesHello(s, n, a, b.hello); return; }
  // The kernel completes the handshake even for a stopped process; the process reads later.
  if (b.type === 'connect' && !serverEndOpen(s, msg.conn, n.name, n.bootedAt)) acceptConnection(s, msg, n.bootedAt, b.pubsub);
  if (n.proc === 'paused') { hold(s, n.name, a); return; }
  if (!serverEndOpen(s, msg.conn, n.name, n.bootedAt)) { resetConnection(s, msg); return; }
  runCommand(s, n, msg);
}

function runCommand(s: State, n: Node, msg: SentinelMsg): void {
  const b = msg.body;
  switch (b.type) {
    case 'connect': if (b.pubsub) replyOn(s, msg, n.bootedAt, { type: 'subscribed' }); return;
    case 'ping': replyOn(s, msg, n.bootedAt, { type: 'pong', reply: 'PONG' }); return;
    case 'info': replyOn(s, msg, n.bootedAt, { type: 'info-reply', info: genRedisInfoString(s, n) }); return;
    case 'hello':
      deliverToSubscribers(s, n, b.hello);
      // PUBLISH is propagated by a master only (replicationFeedSlaves returns on a replica).
      if (n.role === 'master') { feedStream(s, n, null, null, HELLO_BYTES); propagateHello(s, n, b.hello); }
      replyOn(s, msg, n.bootedAt, { type: 'publish-reply' });
      return;
    case 'slaveof':
      execSlaveOfTransaction(s, n, b.master);
      replyOn(s, msg, n.bootedAt, { type: 'slaveof-reply' });
      // CLIENT KILL TYPE normal, CLIENT KILL TYPE pubsub: all but the caller (SKIPME yes).
      clientKill(s, n.name, 'normal', msg.conn);
      clientKill(s, n.name, 'pubsub', msg.conn);
      sentinelClientDisconnected(s, n.name);
      return;
    default:
      return; // not a command a data node gets
  }
}

/** A replica applies a PUBLISH from its master's stream: its subscribers get it, its own replicas too. */
function replicaAppliesHello(s: State, n: Node, a: ActionOf<'SentinelDelivered'>, hello: Hello): void {
  if (n.proc === 'down' || n.repl.conn !== a.msg.conn || n.repl.master !== a.msg.from) return;
  if (n.proc === 'paused') { hold(s, n.name, a); return; }
  if (n.repl.state !== 'connected') return;
  deliverToSubscribers(s, n, hello);
  propagateHello(s, n, hello);
}
