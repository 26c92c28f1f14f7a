// protocol.md §5.12 (hazard): CLUSTER FAILOVER FORCE / TAKEOVER do not wait for the replica to catch
// up and the old master keeps writing until it is demoted, so acked writes can be lost.
import fc from 'fast-check';
import { families, traces, trimmable } from './generators.ts';
import { at, type Property, type RunResult } from './property.ts';

export function forcedLoss(r: RunResult): string | null {
  if (r.error) return null;
  const l = r.outcome.lost[0];
  return l ? at(r, l.fault?.at ?? l.ackedAt, `${r.outcome.lost.length} acked writes lost after a ${l.fault?.event} (first ${l.id}, acked by ${l.appliedBy} ${l.windowMs} ms before it)`) : null;
}

export const property: Property = {
  name: 'forced-failover-can-lose-writes',
  claim: 'A CLUSTER FAILOVER FORCE or TAKEOVER can lose acknowledged writes.',
  expectation: 'sometimes',
  scope: 'all configs; CLUSTER FAILOVER FORCE or TAKEOVER on one or two replicas under writes',
  source: 'protocol.md §5.12, §2.16 (cluster.c clusterCommand "failover" force/takeover, clusterBumpConfigEpochWithoutConsensus)',
  arbitrary: trimmable(traces(fc.oneof(families.manualFailover('takeover'), families.manualFailover('force')))),
  check: forcedLoss,
  needs: ['manual-failover-takeover'],
};
