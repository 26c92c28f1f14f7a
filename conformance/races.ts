// Differences that come from a random choice or a timing race, not from a rule: the comparison
// (compare.ts) forgives them, and says so, only when the run shows the choice or the race.
import type { Outcome } from '../model/kernel/outcome.ts';
import type { RealEvent, RealOutcome } from './observe.ts';
import type { AppliedFault } from './play.ts';

/** The master a replica was created under (redis-cli naming: B1, B2 replicate B). */
const shardOf = (n: string) => n[0];

/**
 * Two replicas of one shard that the run's randomness could order either way: both scheduled an
 * election at rank #0 (equal offsets, so the 500–999 ms random delay picks the winner —
 * clusterHandleSlaveFailover), or one migrated (clusterHandleSlaveMigration picks by node ID, which
 * is random). Returns the pairs [model's node, real's node] to rename before comparing.
 */
export function interchangeable(model: Outcome, realOutcome: RealOutcome): Array<[string, string]> {
  const real = realOutcome.events;
  const mWin = model.timeline.filter((e) => e.event === 'promoted').map((e) => e.node);
  const rWin = real.filter((e) => e.event === 'promoted').map((e) => e.node);
  // Both at rank #0 in the same run (the model's, or the real one's): otherwise the rank decided.
  const mRank0 = new Set(model.timeline.filter((e) => e.event === 'election-scheduled' && e.rank === 0).map((e) => e.node));
  const rRank0 = new Set(real.filter((e) => e.event === 'election-scheduled' && /rank #0\b/.test(e.detail ?? '')).map((e) => e.node));
  const tied = (a: string, b: string) => (mRank0.has(a) && mRank0.has(b)) || (rRank0.has(a) && rRank0.has(b));
  const mMig = model.timeline.filter((e) => e.event === 'replica-migration').map((e) => e.node);
  const pairs: Array<[string, string]> = [];
  for (const a of mWin.filter((x) => !rWin.includes(x))) {
    const b = rWin.find((x) => !mWin.includes(x) && x !== a && shardOf(x) === shardOf(a) && tied(a, x));
    if (b) pairs.push([a, b]);
  }
  // Migration: the real run moved a sibling where the model moved `a`.
  const target = (x: string) => model.nodes[x].replicaOf;
  for (const a of mMig) {
    if (realOutcome.nodes[a]?.replicaOf === target(a)) continue;
    const b = Object.keys(model.nodes).find((x) => x !== a && x.length > 1 && shardOf(x) === shardOf(a) && !mMig.includes(x)
      && realOutcome.nodes[x]?.replicaOf === target(a));
    if (b) pairs.push([a, b]);
  }
  return pairs;
}

/** How soon after a sibling's election a second one is still a race the random delays decide. */
export const SIBLING_ELECTION_MS = 1000;

/**
 * Elections that only the random delays caused: a replica scheduled at rank #0 that started its
 * election within SIBLING_ELECTION_MS after a rank-#0 sibling of the same shard started one. Both
 * delays (500 + random()%500 ms) end on a clusterCron tick, so two tied siblings often fire in the
 * same 100 ms window, and the second has not yet learned of the first's promotion (its PONG leaves
 * after nodes.conf is fsynced, and Nagle may hold it behind the unanswered AUTH_REQUEST): each such
 * election bumps currentEpoch once more. `rank0`: the nodes that side scheduled at rank #0.
 */
export function siblingElections(events: Array<{ at: number; node: string; event: string }>, rank0: Set<string>): number {
  const elections = events.filter((e) => e.event === 'election' && rank0.has(e.node));
  return elections.filter((e) => elections.some((f) => f.node !== e.node && shardOf(f.node) === shardOf(e.node) && f.at <= e.at && e.at - f.at <= SIBLING_ELECTION_MS)).length;
}

/** The model's outcome with each pair of node names exchanged (roles, slots, timeline). */
export function renamed(o: Outcome, pairs: Array<[string, string]>): Outcome {
  if (!pairs.length) return o;
  const map = new Map<string, string>();
  for (const [a, b] of pairs) { map.set(a, b); map.set(b, a); }
  const r = (x: string | null) => (x === null ? null : map.get(x) ?? x);
  const nodes: Outcome['nodes'] = {};
  for (const [n, v] of Object.entries(o.nodes)) nodes[r(n)!] = { ...v, replicaOf: r(v.replicaOf) };
  return { ...o, nodes, timeline: o.timeline.map((e) => ({ ...e, node: r(e.node)!, ...(typeof e.about === 'string' ? { about: r(e.about)! } : {}), ...(typeof e.from === 'string' ? { from: r(e.from)! } : {}) })) };
}

/**
 * Shards whose promotion and an injected fault (a heal, a restart) came in a different order in the
 * two runs, both within `margin` ms of the fault: FAIL lands anywhere in NT..~2·NT depending on the
 * ping phase, so whether the replica is promoted before the heal is a race, and with it whether
 * the minority's writes reach the replica before it takes over.
 */
export function orderRaces(model: Outcome, real: RealEvent[], faults: AppliedFault[], margin: number): Set<string> {
  const out = new Set<string>();
  const mP = model.timeline.filter((e) => e.event === 'promoted');
  const rP = real.filter((e) => e.event === 'promoted');
  for (const f of faults) {
    for (const m of mP) {
      const r = rP.find((x) => x.node === m.node);
      if (!r || Math.abs(m.at - f.at) > margin || Math.abs(r.at - f.at) > margin) continue;
      if ((m.at < f.at) !== (r.at < f.at)) out.add(shardOf(m.node));
    }
  }
  return out;
}

/**
 * min-replicas: the master counts good replicas once a second (replicationCron →
 * refreshGoodSlavesCount) from ACK times kept in whole seconds, so where a NOREPLICAS period starts
 * and ends is uncertain by up to two seconds. A write refused NOREPLICAS on one side and acked on the
 * other is forgiven if the side that acked refused a write of the same shard within that much time.
 */
export const NOREPLICAS_MARGIN_MS = 2000;

type SentWrite = { sentAt: number; slot: number; error: string | null };

/**
 * The NOREPLICAS edge rule above for one comparison: `writes` are the model's and the real run's
 * writes, `sameShard` says whether two slots are served by one master (a standalone deployment has
 * a single shard). Returns whether a write classed `a` by the model and `b` by the real run is forgiven.
 */
export function noReplicasEdge(writes: [SentWrite[], SentWrite[]], sameShard: (x: number, y: number) => boolean) {
  const refused = writes.map((ws) => ws.filter((w) => w.error === 'NOREPLICAS'));
  return (w: { sentAt: number; slot: number }, a: string, b: string): boolean => {
    if (![a, b].includes('refused NOREPLICAS') || ![a, b].includes('acked')) return false;
    const acker = a === 'acked' ? 0 : 1;
    return refused[acker].some((x) => Math.abs(x.sentAt - w.sentAt) <= NOREPLICAS_MARGIN_MS && sameShard(x.slot, w.slot));
  };
}
