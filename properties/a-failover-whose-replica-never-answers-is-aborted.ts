// After SLAVEOF NO ONE the leader waits for the chosen replica's INFO to say role:master
// (sentinelFailoverWaitPromotion). If none comes within failover-timeout — the replica crashed, or
// was cut off with the command — it gives up (-failover-abort-slave-timeout), so a later attempt
// can choose again; it never waits for that replica for ever.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { sentinelEntries } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `slack`: ms past failover-timeout allowed for the abort (the claim: 1500, a tick and the SLAVEOF's way). */
export function unansweredFailoversAbort(r: RunResult, slack = 1500): string | null {
  const fto = r.trace.config.failoverTimeout;
  for (const sel of sentinelEntries(r, 'selected-slave')) {
    const by = sel.at + fto + slack;
    if (by > r.trace.until) continue;
    const mine = (event: string) => sentinelEntries(r, event).find((e) => e.node === sel.node && e.at >= sel.at && e.at <= by);
    if (mine('promoted-slave') || r.trace.events.some((e) => (e as { node?: string }).node === sel.node && e.at >= sel.at && e.at <= by)) continue;
    if (!mine('failover-abort')) return at(r, by, `${sel.node} chose ${sel.about} at ${sel.at} (epoch ${sel.epoch}); by ${by} it saw no promotion and had not aborted (failover-timeout ${fto} ms)`);
  }
  return null;
}

export const property: Property = {
  name: 'a-failover-whose-replica-never-answers-is-aborted',
  claim: 'A Sentinel leading a failover whose chosen replica is not seen as master within failover-timeout aborts that failover (by failover-timeout plus 1.5 s), instead of waiting for it.',
  expectation: 'always',
  scope: 'sentinel: the master killed and, about when a replica is chosen, one replica cut off from everything for longer than failover-timeout',
  source: 'sentinel.c sentinelFailoverWaitPromotion (-failover-abort-slave-timeout), sentinelAbortFailover',
  arbitrary: standaloneTraces(sentinelFamilies.replicaCutAtPromotion()),
  check: (r) => crashed(r) ?? unansweredFailoversAbort(r),
};
