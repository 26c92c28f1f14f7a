// protocol.md §5.9 (hazard): with replica-validity-factor 0 a replica that restarted (here without
// persistence, so empty) is promoted when its master is gone, and the shard's acked writes are lost.
import { families, traces, trimmable } from './generators.ts';
import { firstSyncAfter, promotions, shardOfNode } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function staleReplicaPromoted(r: RunResult): string | null {
  if (r.error) return null;
  for (const p of promotions(r)) {
    const rs = r.state.timeline.filter((e) => e.node === p.node && e.event === 'restart' && e.at < p.at).pop();
    if (!rs) continue;
    const sync = firstSyncAfter(r, p.node, rs.at);
    if (sync && sync.at < p.at) continue;
    const shard = shardOfNode(p.node);
    const lostN = r.outcome.lost.filter((l) => { const by = l.key ? r.state.writes[Number(l.id.slice(1)) - 1].appliedBy : null; return by !== null && shardOfNode(by) === shard; }).length;
    return at(r, p.at, `${p.node} restarted at ${rs.at} with ${rs.keys} keys and was promoted at ${p.at} without syncing; ${lostN} acked writes of its shard lost`);
  }
  return null;
}

export const property: Property = {
  name: 'validity-zero-promotes-restarted-replica',
  claim: 'With replica-validity-factor 0, a replica that restarted and never synced can be promoted with stale or empty data.',
  expectation: 'sometimes',
  scope: 'validity factor 0; a master and its replicas die and the replica returns first',
  source: 'protocol.md §5.9, §2.7 (cluster.c clusterHandleSlaveFailover: data_age check skipped when factor is 0)',
  arbitrary: trimmable(traces(families.masterAndReplica({ replicaFirst: true, space: { validityFactor: [0] } }))),
  check: staleReplicaPromoted,
};
