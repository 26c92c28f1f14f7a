// clusterHandleSlaveFailover: a manual failover's election starts at once, with rank 0 and without the
// random 0.5–1 s delay; and the later re-check that adds a second per sibling with a greater offset is
// "not performed if this is a manual failover". So CLUSTER FAILOVER FORCE on a replica that lags its
// siblings still asks for votes at the first clusterCron after the command.
import { families, traces } from './generators.ts';
import { events } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** One clusterCron period (100 ms, re-armed after it runs) plus margin. */
const ASKS_WITHIN_MS = 250;

/** `mode`: the CLUSTER FAILOVER option the claim is about (the breaker tries the default one). */
export function asksAtOnce(r: RunResult, mode = 'force'): string | null {
  const first = events(r, 'manual-failover').find((e) => e.detail === mode);
  if (!first) return null;
  // A replica that ran an election shortly before waits the retry time first: outside the claim.
  if (events(r, 'election').some((e) => e.node === first.node && e.at <= first.at)) return null;
  const by = first.at + ASKS_WITHIN_MS;
  // A second CLUSTER FAILOVER meanwhile (a sibling promoted first moves this replica to it): outside the claim.
  if (events(r, 'manual-failover').some((e) => e !== first && e.at <= by)) return null;
  const asked = events(r, 'election').find((e) => e.node === first.node && e.at >= first.at);
  if (!asked || asked.at > by) return at(r, by, `${first.node} got CLUSTER FAILOVER ${mode.toUpperCase()} at ${first.at} and had not asked for votes by ${by}${asked ? ` (it asked at ${asked.at})` : ''}`);
  return null;
}

export const property: Property = {
  name: 'a-forced-failover-asks-for-votes-at-once',
  claim: 'A replica given CLUSTER FAILOVER FORCE asks for votes within 250 ms, even when its siblings have greater offsets (no rank delay in a manual election).',
  expectation: 'always',
  scope: 'cluster, two replicas per master, writes going on: the first CLUSTER FAILOVER FORCE of the run, on a replica that has not run an election before, with no other CLUSTER FAILOVER within 250 ms',
  source: 'cluster.c clusterHandleSlaveFailover (manual failover: failover_auth_time = now, rank 0; the rank re-check skipped when mf_end is set)',
  arbitrary: traces(families.manualFailover('force', { space: { replicas: [2] } })),
  check: (r) => crashed(r) ?? asksAtOnce(r),
};
