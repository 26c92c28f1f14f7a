// The two ends of a replication connection (replication.c): what a master and a replica do with
// each message. A message for a connection that is no longer current is ignored.
import type { ReplMsg } from '../actions.ts';
import { manualFailoverBeforeSleep } from './election.ts';
import type { Node, State } from '../state.ts';
import { record } from './timeline.ts';
import { applyStream, disconnectReplicas, dropMasterLink, loadFullSync, onPsync, refreshGoodReplicas } from './replication.ts';
import { sendRepl } from './net.ts';
import { resolveWaits } from './wait.ts';

export function masterReceives(s: State, n: Node, m: ReplMsg): void {
  const b = m.body;
  if (b.type === 'psync') { onPsync(s, n, m.from, m.conn, b.replid, b.offset); return; }
  const c = n.ms.replicas[m.from];
  if (!c || c.conn !== m.conn) return;
  if (b.type === 'ack') {
    c.ackOff = b.off;
    c.ackTime = s.now;
    resolveWaits(s, n);
  } else if (b.type === 'closed') {
    delete n.ms.replicas[m.from];
    refreshGoodReplicas(s, n);
  }
}

export function replicaReceives(s: State, n: Node, m: ReplMsg): void {
  if (n.repl.conn !== m.conn || n.repl.master !== m.from) return;
  const b = m.body;
  switch (b.type) {
    case 'fullresync':
      n.repl.state = 'transfer';
      n.repl.fullsync = { replid: b.replid, offset: b.offset };
      n.repl.lastInteraction = s.now;
      return;
    case 'rdb':
      loadFullSync(s, n, m.from, b.data, b.replid, b.offset);
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
      manualFailoverBeforeSleep(s, n);
      return;
    case 'getack':
      if (n.repl.state === 'connected') sendRepl(s, { from: n.name, to: m.from, conn: m.conn, fromBoot: n.bootedAt, body: { type: 'ack', off: n.repl.reploff } });
      return;
    case 'closed':
      record(s, n.name, 'master-link-down', { about: m.from });
      dropMasterLink(s, n, false);
      return;
    default:
      return;
  }
}
