// protocol.md §2.5: clusterHandleSlaveFailover schedules a new election only when the previous one's
// start time (failover_auth_time, after its delay) is more than auth_retry_time = 2·auth_timeout =
// 2·max(2·NT, 2 s) in the past, so a lost or split election is retried no sooner than that.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export const authRetryTime = (nt: number): number => 2 * Math.max(2 * nt, 2000);

/** Two elections scheduled by one replica (one process: a restart forgets the last) closer than auth_retry_time. */
export function retriesWaitTheRetryTime(r: RunResult, retryTime = authRetryTime): string | null {
  const last = new Map<string, number>(); // node → failover_auth_time of its last scheduled election
  for (const e of r.state.timeline) {
    if (e.event === 'restart') last.delete(e.node);
    if (e.event !== 'election-scheduled') continue;
    const startAt = last.get(e.node);
    const retry = retryTime(r.state.nodes[e.node].config.nodeTimeout);
    if (startAt !== undefined && e.at - startAt <= retry) {
      return at(r, e.at, `${e.node} scheduled an election ${e.at - startAt} ms after the start time of its previous one (auth_retry_time ${retry} ms)`);
    }
    last.set(e.node, e.at + Number(e.delay));
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-waits-the-retry-time-between-elections',
  claim: 'A replica schedules a new election only after the start time of its previous one plus auth_retry_time (2·max(2·NT, 2 s)): a lost or split election is not retried sooner.',
  expectation: 'always',
  scope: 'all configs; two masters killed together (some replica-to-master links slow, so votes split), or a master and its replica killed and restarted',
  source: 'protocol.md §2.5 (cluster.c clusterHandleSlaveFailover: auth_timeout, auth_retry_time = auth_timeout·2)',
  arbitrary: fc.oneof(traces(families.twoMasters({ space: { masters: [5], replicas: [1, 2], latency: [20, 80, 150] }, slowLinks: true, healGap: [20_000, 20_000], settle: false })), traces(families.masterAndReplica())),
  check: (r) => crashed(r) ?? retriesWaitTheRetryTime(r),
};
