// sentinel.md §4 G2, 2.8 and SENT §Quorum (hazard on availability): a quorum below the majority lets
// few Sentinels agree the master is down (ODOWN) and start a failover, but the leader still needs
// max(maj, q) votes of the N Sentinels it knows, dead ones included: with fewer than maj alive it is
// never elected and aborts (-failover-abort-not-elected), so the master is never failed over (LAB E9a).
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { promotionsOf, sentinelEntries, watchPromotions } from './sentinel-lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function odownWithoutAuthorisation(r: RunResult): string | null {
  if (r.error) return null;
  const { quorum, sentinels } = r.trace.config;
  const maj = Math.floor(sentinels / 2) + 1;
  if (quorum >= maj) return null;
  const abort = sentinelEntries(r, 'failover-abort').find((e) => e.detail === 'not-elected'
    && sentinelEntries(r, 'odown').some((o) => o.node === e.node && o.i < e.i));
  if (!abort) return null;
  if (promotionsOf(r).some((p) => p.by === 'sentinel' && p.at <= abort.at)) return null;
  const started = sentinelEntries(r, 'try-failover').filter((e) => e.at <= abort.at).length;
  return at(r, abort.at, `quorum ${quorum} < majority ${maj} of ${sentinels}: ${abort.node} saw the master ODOWN and started a failover (${started} attempt(s) so far), but was not elected and aborted; no replica promoted`);
}

export const property: Property = {
  name: 'sentinel-quorum-below-majority-cannot-authorise',
  claim: 'With a quorum below the majority, the Sentinels left alive can agree the master is down (ODOWN) and start a failover, yet cannot authorise it: fewer than a majority of known Sentinels never elect a leader, and no replica is promoted.',
  expectation: 'sometimes',
  scope: 'sentinel, 3 or 5 Sentinels, quorum below the majority; Sentinels killed until fewer than a majority (at least q) are left, then the master killed',
  source: 'sentinel.md §4 G2, 2.5, 2.8, LAB E9a, SENT §Quorum (sentinel.c sentinelGetLeader voters ≥ max(maj, quorum); sentinelFailoverWaitStart -failover-abort-not-elected)',
  arbitrary: trimmable(standaloneTraces(sentinelFamilies.sentinelsDownThenMasterCrash())),
  watch: watchPromotions,
  check: odownWithoutAuthorisation,
};
