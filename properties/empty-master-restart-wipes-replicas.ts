// protocol.md §5.2 (hazard): with persistence off, a master restarted before its failover comes
// back empty (nodes.conf still says it owns the slots) and its replica's full sync wipes the shard.
import { families, traces, trimmable } from './generators.ts';
import { events } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function replicaWiped(r: RunResult): string | null {
  if (r.error) return null;
  const w = events(r, 'wiped').find((e) => e.keysAfter === 0 && (e.dropped as number) > 0);
  if (!w || r.outcome.writes.lost === 0) return null;
  return at(r, w.at, `${w.node}'s full sync from ${w.from} dropped ${w.dropped} keys (${w.keysBefore} → 0); ${r.outcome.writes.lost} acked writes lost`);
}

export const property: Property = {
  name: 'empty-master-restart-wipes-replicas',
  claim: 'With persistence off, a master restarted before failover wipes its replica\'s dataset and every acked write of the shard is lost.',
  expectation: 'sometimes',
  scope: 'appendonly no, save ""; one master kill -9, restart before node timeout',
  source: 'protocol.md §5.2, §3.4 (server.c loadDataFromDisk, replication.c readSyncBulkPayload emptyData)',
  arbitrary: trimmable(traces(families.restartSoon({ space: { persistence: ['none'] } }))),
  check: replicaWiped,
  needs: ['restart-before-failover', 'dataset-wiped'],
};
