// clusterHandleSlaveFailover schedules a new election only when `auth_age > auth_retry_time`
// (auth_retry_time = 2 · max(2·NT, 2000 ms)), so exactly auth_retry_time after the last one it still
// waits, and a millisecond later it may go. Random schedules almost never run the check at that
// millisecond, so each replica's election is probed there on a copy of the state.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe } from './lib.ts';
import { authRetryTime } from './a-replica-waits-the-retry-time-between-elections.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { handleSlaveFailover } from '../model/cluster/election.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; node: string; authTime: number; retry: number; atRetry: boolean; after: boolean }

/** Whether clusterHandleSlaveFailover on n at `when` schedules an election, on a copy of the state. */
const schedulesAt = (s: State, n: string, when: number) =>
  probe(s, (d) => {
    d.now = when;
    const before = d.timeline.length;
    handleSlaveFailover(d, d.nodes[n]);
    return d.timeline.slice(before).some((e) => e.event === 'election-scheduled');
  });

/** Each replica that scheduled an election is probed once per failover_auth_time. */
export const watchElectionRetry: Watch = (s, a, t, scratch) => {
  if (a.type !== 'ServerCron') return;
  const n = s.nodes[(a as unknown as { node: string }).node];
  const e = n.cluster.election;
  if (n.proc !== 'up' || n.role !== 'replica' || e.authTime <= 0) return;
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  const key = `${n.name}@${e.authTime}`;
  if (done.has(key)) return;
  done.add(key);
  const retry = authRetryTime(n.config.nodeTimeout);
  ((scratch.probes ??= []) as Probe[]).push({
    at: t, node: n.name, authTime: e.authTime, retry,
    atRetry: schedulesAt(s, n.name, e.authTime + retry),
    after: schedulesAt(s, n.name, e.authTime + retry + 1),
  });
};

/** `inclusive`: the claim misread for the breaker (a new election allowed at exactly the retry time). */
export function electionWaitsPastRetry(r: RunResult, inclusive = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    // Nothing to tell where even a millisecond later no election would be scheduled (its master is fine again).
    if (!p.after) continue;
    if (p.atRetry === inclusive) continue;
    return at(r, p.at, `${p.node} (last election at ${p.authTime}) ${p.atRetry ? 'scheduled' : 'did not schedule'} a new one exactly ${p.retry} ms later, the retry time`);
  }
  return null;
}

export const property: Property = {
  name: 'a-new-election-waits-strictly-longer-than-the-retry-time',
  claim: 'A replica whose last election started at T schedules no new one at exactly T + 2·max(2·NT, 2 s), and may at the next millisecond.',
  expectation: 'always',
  scope: 'cluster: two masters failing (5 masters, slow links) and a master with a replica failing; every replica\'s election probed at both instants',
  source: 'cluster.c clusterHandleSlaveFailover (`auth_age > auth_retry_time`)',
  arbitrary: fc.oneof(traces(families.twoMasters({ space: { masters: [5], replicas: [1, 2], latency: [20, 80, 150] }, slowLinks: true, healGap: [20_000, 20_000], settle: false })), traces(families.masterAndReplica())),
  check: (r) => crashed(r) ?? electionWaitsPastRetry(r),
  watch: watchElectionRetry,
};
