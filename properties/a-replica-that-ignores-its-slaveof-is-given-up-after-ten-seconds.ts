// sentinelFailoverReconfNextSlave: a replica sent SLAVEOF that has not moved on to RECONF_INPROG
// within SENTINEL_SLAVE_RECONF_TIMEOUT (10 s) is counted as reconfigured (-slave-reconf-sent-timeout),
// so a replica cut off at the promotion does not hold the failover until failover-timeout — but only
// when the loop reaches it (fewer than parallel-syncs replicas in progress), and only while the leader
// does not see it SDOWN (sentinelFailoverDetectEnd skips SDOWN replicas anyway).
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { sentinelEntries } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** SENTINEL_SLAVE_RECONF_TIMEOUT, then the timer tick that notices it (100 ms and up to 19 Hz jitter), plus margin. */
const GIVEN_UP_WITHIN_MS = 10_000 + 500;

export function givenUpAfterTenSeconds(r: RunResult): string | null {
  const entries = sentinelEntries(r);
  for (const sent of entries.filter((e) => e.event === 'slave-reconf-sent' && e.detail !== 'best-effort')) {
    const mine = entries.filter((e) => e.node === sent.node && e.epoch === sent.epoch && e.at >= sent.at);
    const movedOn = mine.find((e) => e.about === sent.about && (e.event === 'slave-reconf-inprog' || e.event === 'slave-reconf-done'));
    const by = sent.at + GIVEN_UP_WITHIN_MS;
    if (movedOn && movedOn.at <= by) continue;
    const end = mine.find((e) => e.event === 'failover-end' || e.event === 'failover-abort');
    if (end && end.at <= by) continue;
    const gaveUp = mine.find((e) => e.event === 'slave-reconf-sent-timeout' && e.about === sent.about);
    if (!gaveUp || gaveUp.at > by) return at(r, by, `${sent.node} sent SLAVEOF to ${sent.about} at ${sent.at}, which never took it, and had not given it up by ${by} (parallel-syncs ${r.trace.config.parallelSyncs ?? 1})`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-that-ignores-its-slaveof-is-given-up-after-ten-seconds',
  claim: 'With parallel-syncs above the other replicas in progress, a replica that does not take the SLAVEOF the failover leader sent it is given up (-slave-reconf-sent-timeout) within 10.5 s, not held until failover-timeout.',
  expectation: 'always',
  scope: 'sentinel, 2–3 replicas, parallel-syncs = replicas (the loop always reaches each), down-after 12–15 s (the cut replica is not SDOWN before 10 s), failover-timeout 20–30 s: the master killed and one replica cut off about when the leader picks one',
  source: 'sentinel.c sentinelFailoverReconfNextSlave (SENTINEL_SLAVE_RECONF_TIMEOUT, the loop bounded by parallel_syncs)',
  arbitrary: standaloneTraces(sentinelFamilies.replicaCutAtPromotionParallel()),
  check: (r) => crashed(r) ?? givenUpAfterTenSeconds(r),
};
