// protocol.md §5.12: a default CLUSTER FAILOVER pauses the master's clients until the replica has its
// offset, so it loses no acked write and the old master continues with +CONTINUE.
import { families, traces } from './generators.ts';
import { events } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function manualFailoverLossless(r: RunResult): string | null {
  if (!events(r, 'promoted').length) return null;
  const l = r.outcome.lost[0];
  if (l) return at(r, l.fault?.at ?? l.ackedAt, `${r.outcome.lost.length} acked writes lost after a manual failover, first ${l.id} acked by ${l.appliedBy} at ${l.ackedAt}`);
  // The old master continues with a partial sync: no demoted node rejoins with a full sync.
  return fullRejoin(r);
}

function fullRejoin(r: RunResult): string | null {
  const d = events(r, 'demoted')[0];
  if (!d) return null;
  const sync = r.state.timeline.find((e) => e.node === d.node && e.at >= d.at && (e.event === 'full-sync' || e.event === 'psync-continue'));
  return sync?.event === 'full-sync' ? at(r, sync.at, `old master ${d.node} rejoined with a full sync after a default manual failover`) : null;
}

export const property: Property = {
  name: 'default-manual-failover-is-lossless',
  claim: 'A default CLUSTER FAILOVER loses no acknowledged write and the old master rejoins with a partial sync.',
  expectation: 'always',
  scope: 'all configs; CLUSTER FAILOVER (default mode) on one or two replicas, no other fault',
  source: 'protocol.md §5.12, §2.16 (cluster.c clusterCommand "failover", clusterHandleManualFailover)',
  arbitrary: traces(families.manualFailover('default')),
  check: (r) => crashed(r) ?? manualFailoverLossless(r),
  needs: ['manual-failover-default'],
};
