// sentinel.md §4 H5, 2.9 (hazard; differs from Cluster): a replica that restarted and has not synced
// since reports master_link_down_since_seconds:-1, which passes sentinelSelectSlave's link-down rule,
// so Sentinel may promote it with whatever it loaded (nothing, with persistence off); the old master,
// when it returns, is demoted and full-synced to that data (LAB E5). Cluster refuses such a replica.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { promotionsOf, syncedAfter, watchPromotions } from './sentinel-lib.ts';
import { events } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function restartedReplicaPromoted(r: RunResult): string | null {
  if (r.error) return null;
  for (const p of promotionsOf(r).filter((x) => x.by === 'sentinel')) {
    const restart = [...events(r, 'restart')].reverse().find((e) => e.node === p.node && e.at <= p.at);
    if (!restart || syncedAfter(r, p.node, restart.at, p.at)) continue;
    const lostM = r.outcome.lost.filter((l) => l.appliedBy === 'M').length;
    if (lostM === 0) continue;
    return at(r, p.at, `${p.node} restarted at T+${restart.at} with ${restart.keys} keys, never synced, and was promoted at T+${p.at} holding ${p.keys} keys; ${lostM} writes M had acked are lost`);
  }
  return null;
}

export const property: Property = {
  name: 'sentinel-promotes-restarted-empty-replica',
  claim: 'Sentinel can promote a replica that restarted and never synced since (link down reported as -1), so the real data of the old master is lost.',
  expectation: 'sometimes',
  scope: 'sentinel, persistence off, 1–2 replicas; every replica killed and restarted at once, then the master killed before they resync',
  source: 'sentinel.md §4 H5, 2.9, LAB E5 (sentinel.c sentinelSelectSlave master_link_down_time rule; server.c genRedisInfoString "-1")',
  arbitrary: trimmable(standaloneTraces(sentinelFamilies.replicaRestartThenMasterCrash({ masterToo: true, allReplicas: true, space: { persistence: ['none'], replicas: [1, 2] } }))),
  watch: watchPromotions,
  check: restartedReplicaPromoted,
};
