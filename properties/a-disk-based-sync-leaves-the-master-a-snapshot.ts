// With repl-diskless-sync no, a full sync is served from a BGSAVE to the master's own dump.rdb
// (startBgsaveForReplication → rdbSaveBackground(server.rdb_filename)), even with save "" and no AOF.
// So a master without persistence that served one and then restarts reloads that snapshot: it comes
// back with the keys it sent, not empty (and does not wipe its replicas with an empty dataset).
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { events } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `extra`: keys required beyond the snapshot's (the claim: 0). */
export function restartKeepsSyncSnapshot(r: RunResult, extra = 0): string | null {
  for (const restart of events(r, 'restart').filter((e) => e.node === 'M')) {
    const crash = [...events(r, 'crash')].reverse().find((e) => e.node === 'M' && e.at < restart.at);
    if (!crash) continue;
    const sync = [...events(r, 'full-sync')].reverse().find((e) => e.from === 'M' && e.at < crash.at);
    if (!sync) continue;
    const want = (sync.keysAfter as number) + extra;
    if ((restart.keys as number) < want) return at(r, restart.at, `M restarted at ${restart.at} with ${restart.keys} keys; the full sync ${sync.node} loaded from it at ${sync.at} held ${sync.keysAfter}`);
  }
  return null;
}

export const property: Property = {
  name: 'a-disk-based-sync-leaves-the-master-a-snapshot',
  claim: 'With repl-diskless-sync no, a master without persistence that served a full sync and then restarts comes back with at least the keys that sync carried (its BGSAVE wrote dump.rdb).',
  expectation: 'always',
  scope: 'standalone replication, no persistence, repl-diskless-sync no: R1 killed and restarted empty (a full sync), then M killed and restarted',
  source: 'replication.c startBgsaveForReplication (disk target: rdbSaveBackground to server.rdb_filename); rdb.c rdbLoad at startup',
  arbitrary: standaloneTraces(replicationFamilies.diskSyncThenMasterRestart()),
  check: (r) => crashed(r) ?? restartKeepsSyncSnapshot(r),
};
