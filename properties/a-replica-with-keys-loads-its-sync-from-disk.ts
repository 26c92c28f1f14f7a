// repl-diskless-load on-empty-db loads a full sync straight from the socket only into an empty
// dataset (useDisklessLoad: dbTotalServerKeyCount() == 0); a replica that still has keys receives it
// into a file that becomes its dump.rdb. So such a replica, without persistence, restarted after the
// sync, reloads that snapshot instead of an older file or nothing.
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { events } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `extra`: keys required beyond the sync's (the claim: 0). */
export function replicaKeepsDiskSync(r: RunResult, extra = 0): string | null {
  for (const restart of events(r, 'restart').filter((e) => e.node === 'R1')) {
    const crash = [...events(r, 'crash')].reverse().find((e) => e.node === 'R1' && e.at < restart.at);
    if (!crash) continue;
    const sync = [...events(r, 'full-sync')].reverse().find((e) => e.node === 'R1' && e.at < crash.at);
    if (!sync || !((sync.keysBefore as number) > 0)) continue;
    if ((restart.keys as number) < (sync.keysAfter as number) + extra) return at(r, restart.at, `R1 restarted at ${restart.at} with ${restart.keys} keys; the full sync it loaded at ${sync.at} with ${sync.keysBefore} keys in place held ${sync.keysAfter}`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-with-keys-loads-its-sync-from-disk',
  claim: 'With repl-diskless-load on-empty-db, a replica that had keys when a full sync came keeps that sync as its dump.rdb: restarted without persistence, it comes back with at least that sync\'s keys.',
  expectation: 'always',
  scope: 'standalone replication, no persistence, repl-diskless-load on-empty-db: R1 detached and re-attached with its keys (a full sync), then killed and restarted',
  source: 'replication.c useDisklessLoad (on-empty-db: diskless only when dbTotalServerKeyCount() == 0), readSyncBulkPayload (the disk path renames the transfer file to dump.rdb)',
  arbitrary: standaloneTraces(replicationFamilies.diskLoadThenReplicaRestart()),
  check: (r) => crashed(r) ?? replicaKeepsDiskSync(r),
};
