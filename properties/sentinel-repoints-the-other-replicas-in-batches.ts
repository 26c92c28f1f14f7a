// After a promotion the leader Sentinel re-points the other replicas (sentinelFailoverReconfNextSlave):
// parallel-syncs of them at a time get SLAVEOF the new master, and the next ones once an INFO (every
// second during a failover) shows those connected to it. So each follows the new master about a
// second per batch after the promotion, long before failover-timeout, when the Sentinel would send
// the rest their SLAVEOF regardless.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { promotionsOf, watchPromotions } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';

/** Notes the promotions, and when each data node first replicated from each master (scratch.follows). */
export const watchFollows: Watch = (s, a, t, scratch) => {
  watchPromotions(s, a, t, scratch);
  const follows = (scratch.follows ??= {}) as Record<string, number>;
  for (const n of Object.values(s.nodes)) if (n.repl.master !== null && !(`${n.name}>${n.repl.master}` in follows)) follows[`${n.name}>${n.repl.master}`] = t;
};

/** `perBatch`: ms allowed per batch of parallel-syncs replicas (the claim: 1000), plus one more. */
export function otherReplicasFollow(r: RunResult, perBatch = 1000): string | null {
  const crash = r.trace.events.find((e) => e.type === 'crash' && e.node === 'M');
  const p = promotionsOf(r).find((x) => x.by === 'sentinel' && crash !== undefined && x.at >= crash.at);
  if (!crash || !p) return null;
  const follows = r.scratch.follows as Record<string, number>;
  const others = Object.keys(r.state.nodes).filter((x) => x !== 'M' && x !== p.node);
  const bound = p.at + perBatch * (Math.ceil(others.length / (r.trace.config.parallelSyncs ?? 1)) + 1);
  if (r.trace.until <= bound) return null;
  const late = others.find((x) => !(follows[`${x}>${p.node}`] <= bound));
  return late ? at(r, bound, `${p.node} was promoted at ${p.at}; ${late} followed it ${follows[`${late}>${p.node}`] ?? 'never'} (bound ${bound} for ${others.length} other replica(s))`) : null;
}

export const property: Property = {
  name: 'sentinel-repoints-the-other-replicas-in-batches',
  claim: 'After a Sentinel promotes a replica of a crashed master, every other replica replicates from the new master within a second per batch of parallel-syncs replicas, plus one.',
  expectation: 'always',
  scope: 'sentinel: kill -9 or power loss of the master, restarted only after the failover; 1–3 replicas, every replica running',
  source: 'sentinel.c sentinelFailoverReconfNextSlave (parallel-syncs SLAVEOFs in progress at a time), sentinelRefreshInstanceInfo (+slave-reconf-done from INFO)',
  arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'], power: 'either' })),
  watch: watchFollows,
  check: (r) => crashed(r) ?? otherReplicasFollow(r),
};
