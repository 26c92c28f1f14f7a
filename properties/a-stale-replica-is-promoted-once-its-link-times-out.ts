// protocol.md §2.5 (hazard): the validity factor protects only while the replica's link is up. When
// repl-timeout closes a link that has been silent for a minute, replicationHandleMasterDisconnection
// sets repl_down_since to now, so clusterHandleSlaveFailover sees fresh data, and a replica that
// missed everything its master acked in that minute takes over: those writes are lost.
import { shardOfName } from '../model/cluster/names.ts';
import { families, traces, trimmable } from './generators.ts';
import { promotions, shardOfNode, traceEvents } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function staleReplicaPromotedAfterTimeout(r: RunResult): string | null {
  if (r.error) return null;
  const crash = traceEvents(r, 'crash')[0];
  const silent = traceEvents(r, 'delay')[0];
  if (!crash || !silent) return null;
  const p = promotions(r).find((x) => x.at > crash.at && shardOfName(x.node) === crash.node);
  if (!p || p.at < silent.at + r.state.nodes[p.node].config.replTimeout * 1000) return null;
  const lost = r.outcome.lost.filter((l) => { const by = l.key ? r.state.writes[Number(l.id.slice(1)) - 1].appliedBy : null; return by !== null && shardOfNode(by) === crash.node; }).length;
  return lost ? at(r, p.at, `${p.node} had heard nothing from ${crash.node} since ${silent.at}, its link timed out, and it was promoted at ${p.at}: ${lost} acked writes of the shard lost`) : null;
}

export const property: Property = {
  name: 'a-stale-replica-is-promoted-once-its-link-times-out',
  claim: 'With cluster-replica-validity-factor 10, a replica that has heard nothing from its master for a minute can still be promoted once repl-timeout has closed its link (its data age restarts from the disconnection), losing what the master acked meanwhile.',
  expectation: 'sometimes',
  scope: 'validity factor 10; one master\'s messages to its replicas held back, then the master killed before repl-timeout',
  source: 'protocol.md §2.5 (cluster.c clusterHandleSlaveFailover: data_age from repl_down_since; replication.c replicationCron: MASTER timeout → replicationHandleMasterDisconnection)',
  arbitrary: trimmable(traces(families.staleReplicas({ space: { validityFactor: [10] }, healGap: [10_000, 15_000] }))),
  check: staleReplicaPromotedAfterTimeout,
};
