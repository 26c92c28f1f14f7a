// sentinel.md §4 H1 and "Jepsen 2013 and 7.0" (hazard): the old master, partitioned with its clients
// away from a majority of Sentinels, keeps acknowledging writes while the majority promotes a replica;
// at the heal it is demoted (2.15b, about 10 s after Sentinels reach it) and full-syncs (2.16), so the
// writes it acked since the partition are lost (LAB E4a, E11a).
import { majority, sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { lostBy, promotionsOf, traceEventsOf, watchPromotions } from './sentinel-lib.ts';
import { at, type Property, type RunResult } from './property.ts';

/** The first partition that puts M on the clients' side, and the first Sentinel promotion after it. */
export function splitBrain(r: RunResult): { p: { at: number }; promoted: { at: number; node: string } } | null {
  const p = traceEventsOf(r, 'partition').find((e) => e.groups!.some((g) => g.includes('M') && g.includes('client')));
  if (!p) return null;
  const promoted = promotionsOf(r).find((x) => x.by === 'sentinel' && x.at > p.at);
  return promoted ? { p, promoted } : null;
}

export function oldMasterLosesWrites(r: RunResult): string | null {
  if (r.error) return null;
  const s = splitBrain(r);
  if (!s) return null;
  const lost = lostBy(r, 'M', s.p.at);
  if (lost.length === 0) return null;
  const ackedAfter = r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === 'M' && w.repliedAt >= s.p.at).length;
  const last = Math.max(...lost.map((l) => l.ackedAt));
  return at(r, s.promoted.at, `M, partitioned with the clients at T+${s.p.at}, kept acking; ${s.promoted.node} was promoted at T+${s.promoted.at}; ${lost.length} of the ${ackedAfter} writes M acked since the partition are lost (the last acked at T+${last})`);
}

export const property: Property = {
  name: 'sentinel-partitioned-old-master-loses-acked-writes',
  claim: 'An old master partitioned with its clients away from a majority of Sentinels keeps acknowledging writes after the others promote a replica, and the writes it acked since the partition are lost when it rejoins.',
  expectation: 'sometimes',
  scope: 'sentinel, any persistence, quorum = majority, min-replicas 0; M, the client, maybe a minority of Sentinels and a replica on one side',
  source: 'sentinel.md §4 H1, Jepsen 2013 (LAB E4a, E11a), 2.14, 2.15b, 2.16 (sentinel.c sentinelRefreshInstanceInfo +convert-to-slave; replication.c replicationSetMaster)',
  arbitrary: trimmable(standaloneTraces(sentinelFamilies.oldMasterPartitioned({ space: { minReplicas: [0], quorum: (n) => [majority(n)] } }))),
  watch: watchPromotions,
  check: oldMasterLosesWrites,
};
