// clusterHandleSlaveFailover: a replica that schedules an election tells only the other replicas of
// its master, with clusterBroadcastPong(CLUSTER_BROADCAST_LOCAL_SLAVES), so they can rank themselves
// by its offset; the masters hear nothing until it asks for votes. A replica sends a PONG on its own
// link for no other reason (it answers PINGs on the asker's link), so every such PONG must reach a
// node the sender held for a sibling when it scheduled the election.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { newEntries } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { BusMsg } from '../model/cluster/messages.ts';

interface Announced { sender: string; to: string; at: number; siblings: string[]; masters: string[] }

/** Notes each replica's siblings when it schedules an election, and every PONG a replica sends on its own link. */
export const watchAnnouncements: Watch = (s, a, t, scratch) => {
  const siblings = (scratch.siblings ??= {}) as Record<string, string[]>;
  const masters = (scratch.masters ??= {}) as Record<string, string[]>;
  for (const e of newEntries(s, scratch)) {
    if (e.event !== 'election-scheduled') continue;
    const n = s.nodes[e.node];
    siblings[e.node] = Object.entries(n.cluster.peers).filter(([, p]) => p.role === 'replica' && p.master !== null && p.master === n.repl.master).map(([x]) => x);
    masters[e.node] = Object.entries(n.cluster.peers).filter(([x, p]) => p.role === 'master' && p.link !== 0 && !p.linkPending && x !== n.repl.master).map(([x]) => x);
  }
  if (a.type !== 'BusDelivered') return;
  const msg = (a as unknown as { msg: BusMsg }).msg;
  if (msg.body.type !== 'pong' || msg.linkOwner !== msg.from || msg.hdr.role !== 'replica') return;
  ((scratch.announced ??= []) as Announced[]).push({ sender: msg.from, to: msg.to, at: t, siblings: siblings[msg.from] ?? [], masters: masters[msg.from] ?? [] });
};

/** `toMastersToo`: the claim misread for the breaker (the other shards' masters must hear it as well). */
export function announcedToSiblingsOnly(r: RunResult, toMastersToo = false): string | null {
  const all = (r.scratch.announced ?? []) as Announced[];
  if (toMastersToo) {
    const heard = new Set(all.map((x) => `${x.sender}>${x.to}`));
    for (const x of all) for (const m of x.masters) if (!heard.has(`${x.sender}>${m}`)) return at(r, x.at, `${x.sender}'s election was not announced to ${m}, a master it was linked to`);
    return null;
  }
  for (const x of all) {
    if (x.siblings.includes(x.to)) continue;
    return at(r, x.at, `${x.sender}, a replica, sent a PONG on its own link to ${x.to}, which is not one of the siblings it saw when it scheduled its election (${x.siblings.join(', ') || 'none'})`);
  }
  return null;
}

export const property: Property = {
  name: 'an-election-is-announced-only-to-the-siblings',
  claim: 'A replica that schedules an election announces it (a PONG on its own link) only to the replicas of its own master, never to the masters or to other shards.',
  expectation: 'always',
  scope: 'cluster, two replicas per master: a master crash or a master and replica crash',
  source: 'cluster.c clusterHandleSlaveFailover → clusterBroadcastPong(CLUSTER_BROADCAST_LOCAL_SLAVES)',
  arbitrary: fc.oneof(traces(families.masterCrash({ space: { replicas: [2] } })), traces(families.masterAndReplica({ space: { replicas: [2] } }))),
  check: (r) => crashed(r) ?? announcedToSiblingsOnly(r),
  watch: watchAnnouncements,
};
