// design §5 'eventually': after faults stop and time passes the cluster converges — every slot
// served, one master per slot, every node cluster_state ok, replicas connected and caught up.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { ownershipConverged } from './slot-ownership-converges-to-highest-config-epoch.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function converged(r: RunResult): string | null {
  const end = r.trace.until;
  const own = ownershipConverged(r);
  if (own) return own;
  for (const [name, n] of Object.entries(r.outcome.nodes)) {
    if (!n.up) return at(r, end, `${name} is not running`);
    if (n.clusterState !== 'ok') return at(r, end, `${name} has cluster_state ${n.clusterState}`);
    if (n.role === 'replica') {
      const m = n.replicaOf ? r.outcome.nodes[n.replicaOf] : undefined;
      if (!m || m.role !== 'master') return at(r, end, `${name} replicates ${n.replicaOf}, which is not a master`);
      if (n.linkStatus !== 'up') return at(r, end, `${name}'s link to ${n.replicaOf} is down`);
      if (Math.abs(m.offset - n.offset) > 64 || m.keys !== n.keys) return at(r, end, `${name} is at offset ${n.offset} / ${n.keys} keys, its master ${n.replicaOf} at ${m.offset} / ${m.keys}`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'cluster-converges-after-heal',
  claim: 'After every fault is healed and the cluster settles, every node runs with cluster_state ok and every replica is connected to a master and holds its dataset.',
  expectation: 'eventually',
  scope: 'all configs; any fault family, then restart all / heal / resume and settle 8·NT + 12 s, plus the longest partition (TCP\'s retransmission backoff)',
  source: 'design.md §5 (eventually), protocol.md §2.6, §2.11–2.12 (clusterUpdateState, syncWithMaster)',
  arbitrary: traces(fc.oneof(families.mixed(), families.masterAndReplica(), families.twoMasters(), families.minorityPartition(), families.rollingRestarts())),
  check: (r) => crashed(r) ?? converged(r),
};
