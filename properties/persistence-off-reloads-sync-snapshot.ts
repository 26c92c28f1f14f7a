// protocol.md §5.10 (hazard): "persistence off" still leaves the dump.rdb a disk-based full sync
// wrote (repl-diskless-load disabled, rdb-del-sync-files no), and a restart reloads it.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
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
  scope: 'appendonly no, save "", repl-diskless-load disabled; replica crash, rolling restarts',
  source: 'protocol.md §5.10, §3.3 (replication.c readSyncBulkPayload, server.c loadDataFromDisk)',
  arbitrary: traces(fc.oneof(families.replicaCrash({ space: { persistence: ['none'] } }), families.rollingRestarts({ space: { persistence: ['none'] } }))),
  check: reloadedSnapshot,
  needs: ['snapshot-reloaded-without-persistence'],
};
