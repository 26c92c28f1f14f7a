// parallel-syncs bounds how many replicas resync with the new master at once after a failover
// (their syncs load the master and stop them serving reads): sentinelFailoverReconfNextSlave sends
// SLAVEOF to a further replica only when fewer than parallel-syncs are in progress, and a replica stays
// in progress until an INFO shows it connected to the new master. So, in the order they were
// re-pointed, replica i + parallel-syncs follows the new master only after replica i has synced.
import { firstSyncAfter } from './lib.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { promotionsOf } from './sentinel-lib.ts';
import { watchFollows } from './sentinel-repoints-the-other-replicas-in-batches.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `parallel`: the replicas allowed at once (the claim: the trace's parallel-syncs). */
export function atMostParallelSyncs(r: RunResult, parallel = r.trace.config.parallelSyncs ?? 1): string | null {
  const crash = r.trace.events.find((e) => e.type === 'crash' && e.node === 'M');
  const p = promotionsOf(r).find((x) => x.by === 'sentinel' && crash !== undefined && x.at >= crash.at);
  if (!crash || !p) return null;
  const follows = r.scratch.follows as Record<string, number>;
  const order = Object.keys(r.state.nodes).filter((x) => x !== 'M' && x !== p.node && follows[`${x}>${p.node}`] !== undefined)
    .map((x) => ({ x, at: follows[`${x}>${p.node}`] })).sort((a, b) => a.at - b.at);
  for (let i = parallel; i < order.length; i++) {
    const before = order[i - parallel];
    const synced = firstSyncAfter(r, before.x, before.at)?.at ?? Infinity;
    if (order[i].at < synced) return at(r, order[i].at, `${order[i].x} was re-pointed to ${p.node} at ${order[i].at}, while ${before.x} (re-pointed at ${before.at}) had not synced yet (parallel-syncs ${parallel})`);
  }
  return null;
}

export const property: Property = {
  name: 'sentinel-reconfigures-at-most-parallel-syncs-replicas-at-once',
  claim: 'After a Sentinel failover, the other replicas are re-pointed to the new master at most parallel-syncs at a time: each further one only once an earlier one has synced with it.',
  expectation: 'always',
  scope: 'sentinel: kill -9 or power loss of the master, restarted only after the failover; 1–3 replicas, parallel-syncs 1',
  source: 'sentinel.c sentinelFailoverReconfNextSlave (in_progress < parallel_syncs), sentinelRefreshInstanceInfo (SRI_RECONF_INPROG until master_link_status up)',
  arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'], power: 'either' })),
  watch: watchFollows,
  check: (r) => crashed(r) ?? atMostParallelSyncs(r),
};
