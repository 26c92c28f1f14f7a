// design §5 'eventually': after faults stop and time passes the cluster converges — every slot
// served, one master per slot, every node cluster_state ok, replicas connected and caught up.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { ownershipConverged } from './slot-ownership-converges-to-highest-config-epoch.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/**
 * The master at the top of `name`'s chain, one hop up: in 7.0 a replica that restarts from a
 * nodes.conf naming its old master, and reads that master's PING (now a replica: clusterProcessPacket
 * deletes its slots) before the new owner's claim, finds no slot of its master in the claim
 * (clusterUpdateSlotsConfigWith sets newmaster only for slots its master still holds), so it stays a
 * replica of the replica — fed by it, which is a sub-replica as plain replication has them.
 */
function chainedTop(r: RunResult, name: string): string | null {
  const up = r.outcome.nodes[name]?.replicaOf;
  return up && r.outcome.nodes[up]?.role === 'master' ? up : null;
}

export function converged(r: RunResult): string | null {
  const end = r.trace.until;
  const own = ownershipConverged(r);
  if (own) return own;
  for (const [name, n] of Object.entries(r.outcome.nodes)) {
    if (!n.up) return at(r, end, `${name} is not running`);
    if (n.clusterState !== 'ok') return at(r, end, `${name} has cluster_state ${n.clusterState}`);
    if (n.role === 'replica') {
      const m = n.replicaOf ? r.outcome.nodes[n.replicaOf] : undefined;
      // 7.0 can leave a replica chained behind its old master turned replica (see chainedTop): still converged.
      if (!m || (m.role !== 'master' && chainedTop(r, n.replicaOf!) === null)) return at(r, end, `${name} replicates ${n.replicaOf}, which is not a master (nor a replica of one)`);
      if (n.linkStatus !== 'up') return at(r, end, `${name}'s link to ${n.replicaOf} is down`);
      if (Math.abs(m.offset - n.offset) > 64 || m.keys !== n.keys) return at(r, end, `${name} is at offset ${n.offset} / ${n.keys} keys, its master ${n.replicaOf} at ${m.offset} / ${m.keys}`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'cluster-converges-after-heal',
  claim: 'After every fault is healed and the cluster settles, every node runs with cluster_state ok and every replica is connected to a master (or, as 7.0 can leave it, to that master\'s replica) and holds its dataset.',
  expectation: 'eventually',
  scope: 'all configs; any fault family, then restart all / heal / resume and settle 8·NT + 12 s, plus the longest partition (TCP\'s retransmission backoff)',
  source: 'design.md §5 (eventually), protocol.md §2.6, §2.11–2.12 (clusterUpdateState, syncWithMaster)',
  arbitrary: traces(fc.oneof(families.mixed(), families.masterAndReplica(), families.twoMasters(), families.minorityPartition(), families.rollingRestarts())),
  check: (r) => crashed(r) ?? converged(r),
};
