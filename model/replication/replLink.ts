// The two ends of a replication connection (replication.c): what a master and a replica do with
// each message. A message for a connection that is no longer current is ignored.
import type { ActionOf } from '../kernel/actions.ts';
import type { ReplMsg } from './messages.ts';
import { manualFailoverBeforeSleep } from '../cluster/election.ts';
import type { Node, State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { applyStream, connectWithMaster, disconnectReplicas, dropMasterLink, loadFullSync, onPsync, pushToReplicas, refreshGoodReplicas } from './replication.ts';
import { hold, reachable, sendRepl, SYN_RETRANSMITS } from '../kernel/net.ts';
import { schedule } from '../kernel/agenda.ts';
import { refusesConnect } from '../kernel/nodes.ts';
import { resolveWaits } from './wait.ts';
import { mutations } from '../kernel/mutations.ts';

export function masterReceives(s: State, n: Node, m: ReplMsg): void {
  const b = m.body;
  if (b.type === 'psync') { onPsync(s, n, m.from, m.conn, b.replid, b.offset); return; }
  const c = n.ms.replicas[m.from];
  if (!c || c.conn !== m.conn) { reset(s, n, m); return; }
  if (b.type === 'ack') {
    c.ackOff = b.off;
    c.ackTime = s.now;
    // replconfCommand: the first ACK after a diskless payload starts the stream (replicaStartCommandStream).
    if (c.startOnAck === true) { c.startOnAck = false; pushToReplicas(s, n); }
    resolveWaits(s, n);
  } else if (b.type === 'closed') {
    delete n.ms.replicas[m.from];
    if (Object.keys(n.ms.replicas).length === 0) n.ms.noReplicasSince = s.now; // freeClient: repl_no_slaves_since
    refreshGoodReplicas(s, n);
  }
}

/**
 * Data on a connection this process does not own (its end was closed, or it belonged to the process
 * before a crash that a partition hid from the peer) is answered with RST: the peer's read fails and
 * it frees the link (freeClient → replicationHandleMasterDisconnection on a replica). Never for a close.
 */
function reset(s: State, n: Node, m: ReplMsg): void {
  if (m.body.type === 'closed') return;
  sendRepl(s, { from: n.name, to: m.from, conn: m.conn, fromBoot: n.bootedAt, body: { type: 'closed' } });
}

export function replicaReceives(s: State, n: Node, m: ReplMsg): void {
  if (n.repl.conn !== m.conn || n.repl.master !== m.from) { reset(s, n, m); return; }
  const b = m.body;
  switch (b.type) {
    case 'fullresync':
      n.repl.state = 'transfer';
      n.repl.fullsync = { replid: b.replid, offset: b.offset };
      n.repl.lastInteraction = s.now;
      return;
    case 'rdb':
      loadFullSync(s, n, m.from, b.data, b.replid, b.offset);
      // readSyncBulkPayload: "Send the initial ACK immediately to put this replica in online state".
      if (b.usemark) sendRepl(s, { from: n.name, to: m.from, conn: m.conn, fromBoot: n.bootedAt, body: { type: 'ack', off: n.repl.reploff } });
      return;
    case 'continue': {
      // +CONTINUE <newid>: the old id becomes replid2 and sub-replicas must reconnect.
      if (b.replid !== n.replid) {
        n.replid2 = n.replid;
        n.secondReplidOffset = n.repl.cached!.reploff + 1;
        n.replid = b.replid;
        disconnectReplicas(s, n);
      }
      n.repl.reploff = n.repl.cached!.reploff;
      n.repl.state = 'connected'; // in place, as in replicationUnsetMaster
      n.repl.cached = null;
      n.repl.downSince = 0;
      n.repl.lastInteraction = s.now;
      if (n.ms.backlogStart === null) n.ms.backlogStart = n.repl.reploff + 1;
      record(s, n.name, 'psync-continue', { from: m.from, offset: n.repl.reploff });
      return;
    }
    case 'stream':
      if (n.repl.state !== 'connected') return;
      applyStream(s, n, b.hist, b.pos, b.off);
      if (n.clusterEnabled) manualFailoverBeforeSleep(s, n);
      return;
    case 'getack':
      if (n.repl.state === 'connected') sendRepl(s, { from: n.name, to: m.from, conn: m.conn, fromBoot: n.bootedAt, body: { type: 'ack', off: n.repl.reploff } });
      return;
    case 'closed': {
      record(s, n.name, 'master-link-down', { about: m.from });
      // freeClient(master) → replicationHandleMasterDisconnection reconnects at once; a handshake
      // or transfer cut short (cancelReplicationHandshake) waits for replicationCron.
      const wasConnected = n.repl.state === 'connected';
      dropMasterLink(s, n, false);
      if (wasConnected) connectWithMaster(s, n);
      return;
    }
    default:
      return;
  }
}


/**
 * The SYN of connectWithMaster's non-blocking connect reaches the master's host (or not). Unreachable:
 * the kernel retransmits it (SYN_RETRANSMITS) until replicationCron's repl-timeout cancels the
 * handshake (cancelReplicationHandshake) or it gives up. A host whose process is down, or restarted
 * and not listening yet, answers RST: the connect fails and replicationCron connects again. Otherwise the link is up and the handshake
 * ends with the PSYNC (a paused master's kernel accepts it; the process reads it on resume).
 */
export function synArrives(s: State, a: ActionOf<'ReplDelivered'>): void {
  const m = a.msg;
  const b = m.body;
  if (b.type !== 'syn') return;
  const r = s.nodes[m.from];
  if (r.proc === 'down' || r.bootedAt !== m.fromBoot || r.repl.conn !== m.conn) return; // the connect was abandoned
  if (!reachable(s, m.from, m.to)) {
    if (b.retries >= SYN_RETRANSMITS.length) return; // ETIMEDOUT; repl-timeout has cancelled it long before
    if (mutations.synBackoffPre67) { schedule(s, b.sentAt + 1000 * (2 ** (b.retries + 1) - 1) + s.config.latency, { type: 'ReplDelivered', msg: { ...m, body: { ...b, retries: b.retries + 1 } } }); return; }
    const retries = b.retries + 1;
    const at = b.sentAt + SYN_RETRANSMITS[b.retries] + s.config.latency;
    schedule(s, at, { type: 'ReplDelivered', msg: { ...m, body: { ...b, retries } } });
    return;
  }
  const to = s.nodes[m.to];
  if (refusesConnect(s, to)) { // RST: "Error condition on socket for SYNC: Connection refused"
    sendRepl(s, { from: m.to, to: m.from, conn: m.conn, fromBoot: to.bootedAt, body: { type: 'closed' } });
    return;
  }
  const psync: ReplMsg = { ...m, body: { type: 'psync', replid: b.replid, offset: b.offset } };
  if (to.proc === 'paused') { hold(s, to.name, { type: 'ReplDelivered', msg: psync }); return; }
  masterReceives(s, to, psync);
}
