// protocol.md §5.10 (hazard): "persistence off" still leaves the dump.rdb a disk-based full sync
// wrote (repl-diskless-load disabled, rdb-del-sync-files no), and a restart reloads it.
import { families, traces, trimmable } from './generators.ts';
import { events } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function reloadedSnapshot(r: RunResult): string | null {
  if (r.error || r.trace.config.appendonly || r.trace.config.save.length) return null;
  const e = events(r, 'restart').find((x) => (x.keys as number) > 0);
  return e ? at(r, e.at, `${e.node} restarted with persistence off and loaded ${e.keys} keys from a sync's dump.rdb`) : null;
}

export const property: Property = {
  name: 'persistence-off-reloads-sync-snapshot',
  claim: 'A node with appendonly no and save "" can restart with data: the dump.rdb of its last disk-based full sync.',
  expectation: 'sometimes',
  scope: 'appendonly no, save "", repl-diskless-load disabled; 3 masters × 1 replica, rolling restarts',
  source: 'protocol.md §5.10, §3.3 (replication.c readSyncBulkPayload, server.c loadDataFromDisk)',
  // Rolling restarts of a 3×1 cluster: a single replica crash cannot show it (a replica restarts from
  // the initial sync's empty dump.rdb, then resumes with PSYNC), and the small cluster makes each run
  // short (0.05 s median to a witness instead of 1.9 s). Any event may shrink away (trimmable).
  arbitrary: trimmable(traces(families.rollingRestarts({ space: { persistence: ['none'], masters: [3], replicas: [1] } }))),
  check: reloadedSnapshot,
  needs: ['snapshot-reloaded-without-persistence'],
};
