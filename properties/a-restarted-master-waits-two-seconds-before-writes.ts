// protocol.md §2.6: a master that boots starts with cluster_state fail and clusterUpdateState keeps
// it so for CLUSTER_WRITABLE_DELAY (2 s) after its first call, giving the cluster a chance to
// reconfigure it (to demote it, if its replica took over) before it takes writes again.
import fc from 'fast-check';
import { CLUSTER_WRITABLE_DELAY } from '../model/kernel/config.ts';
import { families, traces } from './generators.ts';
import { traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function noWriteDuringWritableDelay(r: RunResult, delay = CLUSTER_WRITABLE_DELAY): string | null {
  for (const back of traceEvents(r, 'restart')) {
    const w = r.state.writes.find((x) => x.result === 'acked' && x.appliedBy === back.node && x.appliedAt >= back.at && x.appliedAt < back.at + delay);
    if (w) return at(r, w.appliedAt, `${back.node}, restarted at ${back.at}, acked ${w.id} ${w.appliedAt - back.at} ms later (writable delay ${delay} ms)`);
  }
  return null;
}

export const property: Property = {
  name: 'a-restarted-master-waits-two-seconds-before-writes',
  claim: 'A restarted node acks no write applied within 2 s (CLUSTER_WRITABLE_DELAY) of its restart.',
  expectation: 'always',
  scope: 'all configs; a master killed (or powered off) and restarted before or after its failover, rolling restarts',
  source: 'protocol.md §2.6 (cluster.c clusterUpdateState: CLUSTER_WRITABLE_DELAY after first_call_time)',
  arbitrary: fc.oneof(traces(families.restartSoon()), traces(families.restartSoon({ power: true })), traces(families.rollingRestarts())),
  check: (r) => crashed(r) ?? noWriteDuringWritableDelay(r),
};
