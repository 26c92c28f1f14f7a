// With every Sentinel and replica running, a master's crash is failed over in one attempt: SDOWN
// after down-after-milliseconds, ODOWN and the vote within about a second, SLAVEOF NO ONE to a replica
// that answered PINGs within 5 s and INFO within 5 s (sentinelSelectSlave), and its role change seen
// at the next INFO, every second while the master is down. A selection that finds no good replica
// aborts, and the retry waits twice the failover timeout: far past this bound. So does a split first
// vote (several candidates in one epoch, none with max(quorum, majority) votes): outside the claim.
import { sentinelFailoverDoneBy, sentinelFamilies, standaloneTraces, type StandaloneConfigInput } from './sentinel-generators.ts';
import { promotionsOf, sentinelEntries, watchPromotions } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/**
 * The first failover epoch after `from` had several candidates and no leader: with quorum above the
 * majority (or five Sentinels split three ways) nobody reaches max(quorum, majority), and the next try
 * waits 2 × failover-timeout (sentinel-split-vote-delays-failover): outside this claim.
 */
function splitFirstVote(r: RunResult, from: number): boolean {
  const tries = sentinelEntries(r, 'try-failover').filter((e) => e.at >= from);
  if (tries.length === 0) return false;
  const epoch = tries[0].epoch;
  const candidates = new Set(tries.filter((e) => e.epoch === epoch).map((e) => e.node));
  return candidates.size > 1 && !sentinelEntries(r, 'elected-leader').some((e) => e.epoch === epoch);
}

/** `bound`: ms after the crash (the claim: down-after + 4 s, sentinelFailoverDoneBy). */
export function promotedInTime(r: RunResult, bound = sentinelFailoverDoneBy(r.trace.config as StandaloneConfigInput)): string | null {
  const crash = r.trace.events.find((e) => e.type === 'crash' && e.node === 'M');
  if (!crash) return null;
  const back = r.trace.events.find((e) => e.type === 'restart' && e.node === 'M' && e.at > crash.at)?.at ?? Infinity;
  if (back <= crash.at + bound) return null;
  const p = promotionsOf(r).find((x) => x.by === 'sentinel' && x.at >= crash.at);
  if (p && p.at <= crash.at + bound) return null;
  if (splitFirstVote(r, crash.at)) return null;
  return at(r, crash.at + bound, `M crashed at ${crash.at} and stayed down; ${p ? `${p.node} was promoted only at ${p.at}` : 'no replica was promoted'} (bound ${bound} ms)`);
}

export const property: Property = {
  name: 'a-sentinel-failover-promotes-within-down-after-plus-four-seconds',
  claim: 'When the master crashes and stays down while every Sentinel and replica runs, a Sentinel promotes a replica within down-after-milliseconds plus 4 s, unless the first vote splits.',
  expectation: 'always',
  scope: 'sentinel: kill -9 or power loss of the master, restarted only after the failover; 1–3 replicas, 3 or 5 Sentinels',
  source: 'sentinel.md §3 (the failover timeline); sentinel.c sentinelSelectSlave (PING within 5 s, INFO within 5 s while SDOWN), sentinelSendPeriodicCommands (INFO every second to a down master\'s replicas)',
  arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'], power: 'either' })),
  watch: watchPromotions,
  check: (r) => crashed(r) ?? promotedInTime(r),
};
