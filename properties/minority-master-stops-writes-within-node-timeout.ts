// protocol.md §5.7: a master cut off from the majority refuses writes from its own PFAIL detection
// on (≤ 1.5·NT + 100 ms after the cut); if the partition heals before a promotion, nothing is lost.
import { families, traces } from './generators.ts';
import { events, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The isolated master and the isolation interval: a partition (or, out of scope, a pause). */
function isolation(r: RunResult): { m: string; from: number; to: number } | null {
  const p = traceEvents(r, 'partition')[0] ?? traceEvents(r, 'pause')[0];
  if (!p) return null;
  const m = p.type === 'pause' ? p.node! : p.groups![0][0];
  const end = traceEvents(r, p.type === 'pause' ? 'resume' : 'heal').find((e) => e.at >= p.at);
  return { m, from: p.at, to: end ? end.at : r.trace.until };
}

export function minorityWriteWindow(r: RunResult): string | null {
  const iso = isolation(r);
  if (!iso) return null;
  const nt = r.trace.config.nodeTimeout;
  // protocol.md says 1.5·NT + 100 ms; both the PING (pong older than NT/2) and the PFAIL check
  // (ping older than NT, strictly) run on 100 ms clusterCron ticks, so the worst case is 1.5·NT + 200 ms.
  const bound = iso.from + 1.5 * nt + 200 + 2 * r.trace.config.latency;
  const late = r.state.writes.find((w) => w.result === 'acked' && w.appliedBy === iso.m && w.appliedAt > bound && w.appliedAt <= iso.to);
  if (late) return at(r, late.appliedAt, `${iso.m}, cut off at ${iso.from}, acked ${late.id} at ${late.appliedAt} (${late.appliedAt - iso.from} ms after the cut, bound ${bound - iso.from} ms)`);
  const promoted = events(r, 'promoted').some((e) => e.at >= iso.from);
  const l = r.outcome.lost[0];
  if (!promoted && l) return at(r, l.ackedAt, `no promotion, yet ${r.outcome.lost.length} acked writes were lost (first ${l.id} by ${l.appliedBy})`);
  return null;
}

export const property: Property = {
  name: 'minority-master-stops-writes-within-node-timeout',
  claim: 'A master partitioned into a minority acks no write applied later than 1.5·NT + 200 ms (two cron ticks) after the cut, and if no replica was promoted no acked write is lost.',
  expectation: 'always',
  scope: 'all configs; one master (with or without its replicas) partitioned away, client on either side or pinned to it',
  source: 'protocol.md §5.7, §2.14 (cluster.c clusterUpdateState minority rule, getNodeByQuery CLUSTERDOWN)',
  arbitrary: traces(families.minorityPartition()),
  check: (r) => crashed(r) ?? minorityWriteWindow(r),
  needs: ['partition-client-minority', 'partition-client-majority'],
};
