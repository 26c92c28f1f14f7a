// protocol.md §2.9 (P §2.9), issue 12 item 2: a replica propagates its master's stream, replid and
// replid2 to its own sub-replicas, and a node that fully resyncs drops its sub-replicas so they resync
// from it too (replicationAttachToNewMaster → disconnectSlaves). So once every fault is healed and the
// chain has settled, every replica whose link is up shares its master's replid and holds its data.
import fc from 'fast-check';
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function chainConverged(r: RunResult): string | null {
  const nodes = r.outcome.nodes;
  for (const [name, n] of Object.entries(nodes)) {
    if (!n.up || n.role !== 'replica' || n.linkStatus !== 'up' || n.replicaOf === null) continue;
    const m = nodes[n.replicaOf];
    if (!m?.up) continue;
    const t = r.trace.until;
    if (n.replid !== m.replid) return at(r, t, `${name} is linked to ${n.replicaOf} but has replid ${n.replid}, not its master's ${m.replid}`);
    if (n.offset > m.offset) return at(r, t, `${name} is at offset ${n.offset}, ahead of its master ${n.replicaOf} (${m.offset})`);
    if (n.keys !== m.keys) return at(r, t, `${name} holds ${n.keys} keys, its master ${n.replicaOf} ${m.keys}`);
  }
  return null;
}

export const property: Property = {
  name: 'chained-replicas-converge-to-their-master',
  claim: 'After every fault is healed and a REPLICAOF chain settles, every replica whose link is up has its master\'s replid, an offset no greater than its master\'s, and its master\'s keys.',
  expectation: 'eventually',
  scope: 'replication, 2–3 replicas in chains, any persistence; crashes, restarts, pauses, partitions, REPLICAOF, edit-config + restart; 20 s to settle',
  source: 'protocol.md §2.9, §2.11 (replication.c replicationAttachToNewMaster/disconnectSlaves, replicationFeedStreamFromMasterStream, PSYNC replid/replid2)',
  arbitrary: standaloneTraces(fc.oneof(replicationFamilies.editConfigRestart(), replicationFamilies.replicaof(), replicationFamilies.swarm())),
  check: (r) => crashed(r) ?? chainConverged(r),
};
