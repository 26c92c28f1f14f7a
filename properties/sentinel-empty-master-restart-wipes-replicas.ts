// sentinel.md §4 H4 (hazard; REPL "Safety of replication when master has persistence turned off"):
// a master with persistence off restarted inside down-after-milliseconds comes back empty with a new
// replid; its replicas' PSYNC fails and they full-sync the empty dataset, and Sentinel, which only
// logs +reboot at its next INFO, fails nothing over (LAB E3a/b). master-reboot-down-after-period does
// not help (2.20, LAB E3c).
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { promotionsOf, traceEventsOf, watchPromotions } from './sentinel-lib.ts';
import { events } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function replicasWipedWithoutFailover(r: RunResult): string | null {
  if (r.error) return null;
  const restart = traceEventsOf(r, 'restart').find((e) => e.node === 'M');
  if (!restart) return null;
  const w = events(r, 'wiped').find((e) => e.at >= restart.at && e.node !== 'M' && (e.dropped as number) > 0 && e.dropped === e.keysBefore);
  if (!w) return null;
  if (promotionsOf(r).some((p) => p.by === 'sentinel' && p.at <= w.at)) return null; // a failover came first: that is H5's shape
  return at(r, w.at, `M restarted empty at T+${restart.at}; ${w.node}'s full sync from ${w.from} dropped all its ${w.dropped} keys with no failover; ${r.outcome.writes.lost} acked writes lost`);
}

export const property: Property = {
  name: 'sentinel-empty-master-restart-wipes-replicas',
  claim: 'Under Sentinel, a master with persistence off that restarts inside down-after-milliseconds wipes its replicas\' data (they full-sync its empty dataset) and no failover happens.',
  expectation: 'sometimes',
  scope: 'sentinel, appendonly no and save "", any quorum, dam 1–5 s; master kill -9, restarted after 50–500 ms or inside dam',
  source: 'sentinel.md §4 H4, 2.4, 2.20, LAB E3a–c (replication.c replicationCron / PSYNC replid mismatch → full sync; sentinel.c sentinelRefreshInstanceInfo +reboot)',
  arbitrary: trimmable(standaloneTraces(sentinelFamilies.masterCrash({ when: ['soon', 'within-dam'], space: { persistence: ['none'] } }))),
  watch: watchPromotions,
  check: replicasWipedWithoutFailover,
};
