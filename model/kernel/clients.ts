// Clients: command admission on a node (server.c processCommand, cluster.c getNodeByQuery) and a
// cluster-aware writer that follows MOVED and refreshes its slot map, as real cluster clients do.
import type { Node, NodeName, State, WriteRecord } from './state.ts';
import { copyTable, ownerOf } from '../cluster/slots.ts';
import { schedule } from './agenda.ts';
import { arrival, reachable } from './net.ts';
import { clientIdx } from './nodes.ts';
import { feedStream } from '../replication/replication.ts';
import { startWait } from '../replication/wait.ts';
import { expireIfNeeded } from './expire.ts';
import { mutations } from './mutations.ts';

/** The record of write "w<n>": s.writes[n - 1], read without cutting a substring (hot: every client step). */
export function writeOf(s: State, wid: string): WriteRecord {
  let n = 0;
  for (let i = 1; i < wid.length; i++) {
    const d = wid.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return s.writes[Number(wid.slice(1)) - 1];
    n = n * 10 + d;
  }
  return s.writes[n - 1];
}

/** processCommand's checks for a keyed write, in 7.0's order; null means it may run. */
export function admission(n: Node, slot: number): string | null {
  if (!n.clusterEnabled) return standaloneAdmission(n);
  // getNodeByQuery checks the slot's owner before the cluster state.
  const owner = ownerOf(n.cluster.slots, slot);
  if (owner === null) return 'CLUSTERDOWN Hash slot not served';
  if (n.cluster.state !== 'ok') return 'CLUSTERDOWN The cluster is down';
  if (owner !== n.name) return `MOVED ${slot} ${owner}`;
  if (n.role === 'master' && n.config.minReplicasToWrite > 0 && n.config.minReplicasMaxLag > 0 && n.ms.goodReplicas < n.config.minReplicasToWrite) {
    return 'NOREPLICAS Not enough good replicas to write.';
  }
  return null;
}

/**
 * processCommand on a standalone node: no slot check; a replica refuses writes (replica-read-only,
 * the default), and a master without enough good replicas refuses them (min-replicas-to-write).
 */
function standaloneAdmission(n: Node): string | null {
  if (n.role === 'replica' && !mutations.replicaAcceptsWrites) return "READONLY You can't write against a read only replica.";
  if (n.config.minReplicasToWrite > 0 && n.config.minReplicasMaxLag > 0 && n.ms.goodReplicas < n.config.minReplicasToWrite) {
    return 'NOREPLICAS Not enough good replicas to write.';
  }
  return null;
}

/** Execute the write: apply, feed the stream and the AOF (beforeSleep), then the reply leaves. */
export function executeWrite(s: State, n: Node, w: WriteRecord): void {
  expireIfNeeded(s, n, w.key); // lookupKeyWrite: an expired key is deleted (and its DEL sent) before the SET
  if (w.px === undefined) feedStream(s, n, w.key, w.id);
  else feedStream(s, n, w.key, w.id, undefined, s.now + w.px); // SET … PX is propagated as SET … PXAT now+px
  w.appliedBy = n.name;
  w.appliedAt = s.now;
  if (w.wait) startWait(s, n, w.id, w.wait.replicas, w.wait.timeout);
}

export function sendRequest(s: State, w: WriteRecord, to: NodeName, redirects: number): void {
  if (!reachable(s, 'client', to)) return; // lost on the way; the client times out
  schedule(s, arrival(s, clientIdx(s), s.nodes[to].idx), { type: 'ClientRequestDelivered', wid: w.id, node: to, redirects });
}

export function sendReply(s: State, from: NodeName, wid: string, reply: string, redirects: number): void {
  if (!reachable(s, from, 'client')) return;
  schedule(s, arrival(s, s.nodes[from].idx, clientIdx(s)), { type: 'ClientReplyDelivered', wid, node: from, reply, redirects });
}

/** Where the client sends a write for this slot: its slot map, or the first node it can reach. */
export function route(s: State, slot: number): NodeName {
  if (s.config.topology !== 'cluster') return (s.client.node = standaloneTarget(s));
  return ownerOf(s.client.slots, slot) ?? Object.keys(s.nodes).sort()[0];
}

/**
 * Where a standalone deployment's writer sends a write without `node`: M in a replication trace
 * (the address in the application's config); without Sentinels, the node it last used (initially
 * M). A sentinel trace's writer is Sentinel-aware: writeIssued asks model/sentinel/client.ts
 * sentinelRoute, which keeps the address it got in s.client.node too. `route` keeps its answer in
 * s.client.node (writes pinned to a node are another client's).
 */
export function standaloneTarget(s: State): NodeName {
  if (s.config.topology === 'replication') return 'M';
  return s.client.node ?? 'M';
}

/** CLUSTER SLOTS from the first node the client reaches that answers (a seed-node refresh). */
export function refreshSlots(s: State, prefer?: NodeName): void {
  if (s.config.topology !== 'cluster') return; // a standalone client has no slot map
  const order = [prefer, ...Object.keys(s.nodes).sort()].filter((x): x is NodeName => !!x);
  for (const x of order) {
    const n = s.nodes[x];
    if (n.proc === 'up' && reachable(s, 'client', x)) { s.client.slots = copyTable(n.cluster.slots); return; }
  }
}
