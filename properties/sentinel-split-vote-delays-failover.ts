// sentinel.md 2.8, 2.13, §4 H7 carve-out (hazard on availability): when several Sentinels start a
// failover in the same epoch and each votes for itself, nobody reaches max(maj, q), everyone aborts,
// and neither a candidate nor a Sentinel that voted tries again before 2·failover-timeout
// (failover_start_time + 2·fto, sentinelStartFailoverIfNeeded): the master stays down that long
// (LAB E9c: 21.8 s at fto 10 s; 6 min at the default).
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { promotionsOf, sentinelEntries, watchPromotions } from './sentinel-lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function splitVoteDelay(r: RunResult): string | null {
  if (r.error) return null;
  const fto = r.trace.config.failoverTimeout;
  const tries = sentinelEntries(r, 'try-failover');
  const won = new Set(sentinelEntries(r, 'elected-leader').map((e) => e.epoch));
  for (const epoch of new Set(tries.map((t) => t.epoch))) {
    if (epoch === undefined || won.has(epoch)) continue;
    const inEpoch = tries.filter((t) => t.epoch === epoch);
    const candidates = new Set(inEpoch.map((t) => t.node));
    if (candidates.size < 2) continue;
    const first = inEpoch[0].at;
    const p = promotionsOf(r).find((x) => x.by === 'sentinel' && x.at > first);
    if (!p || p.at - first < 2 * fto) continue;
    return at(r, p.at, `epoch ${epoch}: ${[...candidates].join(', ')} each started a failover at T+${first}… and none was elected; the promotion of ${p.node} came ${p.at - first} ms after the first attempt (2·failover-timeout = ${2 * fto} ms)`);
  }
  return null;
}

export const property: Property = {
  name: 'sentinel-split-vote-delays-failover',
  claim: 'A split vote (several Sentinels start a failover in the same epoch and none is elected) delays the failover by at least 2·failover-timeout after the first attempt.',
  expectation: 'sometimes',
  scope: 'sentinel, quorum 1, fto 3–6 s; the Sentinels partitioned from each other while the master is killed, healed later',
  source: 'sentinel.md 2.7, 2.8, 2.13, §4 H7, LAB E9c (sentinel.c sentinelStartFailoverIfNeeded 2·failover_timeout; sentinelVoteLeader failover_start_time)',
  arbitrary: trimmable(standaloneTraces(sentinelFamilies.splitVote())),
  watch: watchPromotions,
  check: splitVoteDelay,
  needs: ['sentinel-split-vote'],
};
