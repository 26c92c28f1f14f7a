// clusterFailoverReplaceYourMaster ends with clusterBroadcastPong(ALL): the new master's PONG goes at
// once (after its nodes.conf fsync) on every link it has, so every node it can reach learns of the
// failover within a hop, not at its next periodic PING (up to NT/2 later). Bounded here by 250 ms: a
// hop, the fsync, and a Nagle-held segment waiting for a delayed ACK fit in it many times over.
import fc from 'fast-check';
import { reachable } from '../model/kernel/net.ts';
import { families, traces } from './generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** The bound, ms from the promotion until every linked, reachable, running node sees the new master. */
const BOUND = 250;

type Pending = { node: string; at: number; waiting: string[] };

/** Notes the first node still unaware after BOUND (scratch.bad) and the slowest learning seen (scratch.slowest, ms). */
export const watchPromotions: Watch = (s, _a, t, scratch) => {
  if (scratch.bad) return;
  const roles = (scratch.roles ??= {}) as Record<string, string>;
  const pending = (scratch.pending ??= []) as Pending[];
  for (const n of Object.values(s.nodes)) {
    if (roles[n.name] === 'replica' && n.role === 'master') {
      // Those its broadcast goes to: a link from the new master, up and reachable, and not paused.
      const waiting = Object.keys(n.cluster.peers).filter((x) => n.cluster.peers[x].link !== 0 && !n.cluster.peers[x].linkPending && s.nodes[x].proc === 'up' && reachable(s, n.name, x));
      pending.push({ node: n.name, at: t, waiting });
    }
    roles[n.name] = n.role;
  }
  for (const p of pending) {
    // A node that stops, pauses, is cut off or sees another change in the meantime is no longer held to it.
    p.waiting = p.waiting.filter((x) => {
      if (s.nodes[x].proc !== 'up' || !reachable(s, p.node, x) || s.nodes[p.node].role !== 'master') return false;
      if (s.nodes[x].cluster.peers[p.node]?.role !== 'master') return true;
      scratch.slowest = Math.max((scratch.slowest as number | undefined) ?? 0, t - p.at);
      return false;
    });
    if (p.waiting.length && t > p.at + BOUND) {
      scratch.bad = { at: t, msg: `${p.node} was promoted at ${p.at}; ${p.waiting.join(', ')} still saw it as a replica ${t - p.at} ms later` } as Noted;
      return;
    }
  }
  scratch.pending = pending.filter((p) => p.waiting.length);
};

export const property: Property = {
  name: 'a-promotion-reaches-every-linked-node-at-once',
  claim: 'Every running node that the promoted replica has a link to and can reach sees it as a master within 250 ms of its promotion (its PONG broadcast), not only at that node\'s next periodic PING.',
  expectation: 'always',
  scope: 'cluster: master crashes and pauses (the replica\'s election), default and forced manual failovers',
  source: 'cluster.c clusterFailoverReplaceYourMaster (clusterBroadcastPong(CLUSTER_BROADCAST_ALL)), clusterProcessPacket (the sender\'s role from its header)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.masterPause()), traces(families.manualFailover('default')), traces(families.manualFailover('force'))),
  watch: watchPromotions,
  check: (r) => crashed(r) ?? noted(r),
};
