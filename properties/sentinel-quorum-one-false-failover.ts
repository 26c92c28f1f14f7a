// sentinel.md §4 H3, 2.6 (hazard): with quorum 1, one Sentinel that loses its link to a healthy
// master reaches ODOWN alone; the others vote for it without checking the master themselves
// (sentinelVoteLeader has no down-check), so a healthy, writable master is failed over and keeps
// acking writes until 2.15b demotes it (LAB E6a: 4846 acked writes lost). With quorum 2 the same cut
// does nothing (LAB E6b).
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { isSentinelName, lostBy, promotionsOf, traceEventsOf, watchPromotions } from './sentinel-lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function falseFailover(r: RunResult): string | null {
  if (r.error || r.trace.config.quorum !== 1) return null;
  const p = promotionsOf(r).find((x) => x.by === 'sentinel');
  if (!p) return null;
  const before = r.trace.events.filter((e) => e.at <= p.at);
  // Healthy master: never crashed, paused or partitioned; only links between M and Sentinels were cut.
  if (before.some((e) => (e.type === 'crash' || e.type === 'pause') && e.node === 'M')) return null;
  if (before.some((e) => e.type === 'partition')) return null;
  const cuts = traceEventsOf(r, 'delay').filter((e) => e.at <= p.at && e.ms! > 0);
  if (cuts.some((e) => !(isSentinelName(e.from!) || isSentinelName(e.to!)))) return null;
  const cutSentinels = new Set(cuts.flatMap((e) => [e.from!, e.to!]).filter(isSentinelName));
  return at(r, p.at, `quorum 1: ${[...cutSentinels].join(', ')} lost the link to a healthy M; ${p.node} was promoted at T+${p.at}; ${lostBy(r, 'M', p.at).length} writes M acked afterwards are lost`);
}

export const property: Property = {
  name: 'sentinel-quorum-one-false-failover',
  claim: 'With quorum 1, one Sentinel\'s cut link to a healthy master is enough to fail it over (the others vote without checking the master).',
  expectation: 'sometimes',
  scope: 'sentinel, quorum 1; one or more (not all) Sentinels\' links to a running master made silent',
  source: 'sentinel.md §4 H3, 2.5, 2.6, LAB E6a (sentinel.c sentinelCheckObjectivelyDown quorum; sentinelVoteLeader: no down-check by the voter)',
  arbitrary: trimmable(standaloneTraces(sentinelFamilies.sentinelCutFromMaster({ space: { quorum: () => [1] } }))),
  watch: watchPromotions,
  check: falseFailover,
};
