// protocol.md §2.6: a master that saw itself in the minority (cluster_state fail) does not turn
// ok again until the rejoin delay — node timeout clamped to 500 ms..5 s — has passed since it last
// was in the minority, so a partition that heals does not let it take writes at once.
import { families, traces } from './generators.ts';
import { traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The rejoin delay of clusterUpdateState (CLUSTER_MAX_REJOIN_DELAY 5000, CLUSTER_MIN_REJOIN_DELAY 500). */
export const rejoinDelay = (nt: number): number => Math.min(5000, Math.max(500, nt));

/** `extra`: the breaker's stretched claim. The last minority check runs on a cron tick (100 ms) before the heal is seen. */
export function noWriteDuringRejoinDelay(r: RunResult, extra = 0): string | null {
  const cut = traceEvents(r, 'partition')[0];
  const heal = traceEvents(r, 'heal').find((e) => e.at >= (cut?.at ?? Infinity));
  if (!cut || !heal) return null;
  const m = cut.groups![0][0];
  const failed = r.state.timeline.some((e) => e.node === m && e.event === 'cluster-state' && e.detail === 'fail' && e.at >= cut.at && e.at <= heal.at);
  if (!failed) return null;
  const until = heal.at - 100 + rejoinDelay(r.trace.config.nodeTimeout) + extra;
  const w = r.state.writes.find((x) => x.result === 'acked' && x.appliedBy === m && x.appliedAt >= heal.at && x.appliedAt < until);
  return w ? at(r, w.appliedAt, `${m}, in the minority until the heal at ${heal.at}, acked ${w.id} ${w.appliedAt - heal.at} ms after it (rejoin delay ${rejoinDelay(r.trace.config.nodeTimeout)} ms)`) : null;
}

export const property: Property = {
  name: 'a-master-back-from-a-minority-waits-before-writes',
  claim: 'A master that went cluster_state fail in a minority acks no write applied within the rejoin delay (node timeout, clamped to 0.5–5 s, less one cron tick) after the partition heals.',
  expectation: 'always',
  scope: 'all configs; one master cut off with a minority (alone or with its replicas), the client on either side or pinned to it, then healed',
  source: 'protocol.md §2.6 (cluster.c clusterUpdateState: rejoin_delay, among_minority_time)',
  arbitrary: traces(families.minorityPartition()),
  check: (r) => crashed(r) ?? noWriteDuringRejoinDelay(r),
};
