// protocol.md §5.9: with validity factor > 0, a replica whose process restarted and that has not
// synced since never requests votes (its repl_down_since is 0: data age "since EVER").
import { families, traces } from './generators.ts';
import { firstSyncAfter } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function noElectionBeforeSync(r: RunResult): string | null {
  for (const rs of r.state.timeline.filter((e) => e.event === 'restart')) {
    const sync = firstSyncAfter(r, rs.node, rs.at);
    const nextRestart = r.state.timeline.find((e) => e.node === rs.node && e.event === 'restart' && e.at > rs.at);
    const end = Math.min(sync?.at ?? Infinity, nextRestart?.at ?? Infinity);
    const el = r.state.timeline.find((e) => e.node === rs.node && e.event === 'election' && e.at > rs.at && e.at < end);
    if (el) return at(r, el.at, `${rs.node} restarted at ${rs.at} and requested votes (epoch ${el.epoch}) before any sync`);
  }
  return null;
}

export const property: Property = {
  name: 'restarted-replica-never-auto-promotes',
  claim: 'With replica-validity-factor > 0, a replica that restarted and has not completed a sync since never requests votes.',
  expectation: 'always',
  scope: 'validity factor 10; a master and its replicas die, the replica comes back first (and mixed faults)',
  source: 'protocol.md §5.9, §2.7 (cluster.c clusterHandleSlaveFailover data_age, replication.c repl_down_since)',
  arbitrary: traces(families.masterAndReplica({ replicaFirst: true, space: { validityFactor: [10] } })),
  check: (r) => crashed(r) ?? noElectionBeforeSync(r),
};
