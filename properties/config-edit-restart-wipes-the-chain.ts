// REPL §"Safety of replication when master has persistence turned off", protocol.md §3.4, issue 12
// item 2 (hazard): an operator edits a node's redis.conf (turns AOF on, drops its replicaof line) and
// restarts it; it comes back with less than it had (empty, with no persistence or with an AOF it never
// wrote) and a new replid, and the nodes that replicate from it full-sync that dataset: the chain is
// wiped, on nodes nobody touched.
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { traceEventsOf } from './sentinel-lib.ts';
import { events } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

export function chainWiped(r: RunResult): string | null {
  if (r.error) return null;
  const edit = traceEventsOf(r, 'edit-config')[0];
  if (!edit) return null;
  const touched = new Set(r.trace.events.filter((e) => 'node' in e && e.node !== undefined && e.type !== 'writes' && e.type !== 'write').map((e) => (e as { node: string }).node));
  const w = events(r, 'wiped').find((e) => e.at > edit.at && !touched.has(e.node) && (e.dropped as number) > 0);
  if (!w) return null;
  return at(r, w.at, `${edit.node}'s config was edited at T+${edit.at} and it was restarted; ${w.node}, never touched, full-synced from ${w.from} and dropped ${w.dropped} keys (${w.keysBefore} → ${w.keysAfter}); ${r.outcome.writes.lost} acked writes lost`);
}

export const property: Property = {
  name: 'config-edit-restart-wipes-the-chain',
  claim: 'A config edit and restart of one node can wipe the data of replicas downstream of it that nobody touched.',
  expectation: 'sometimes',
  scope: 'replication, 2–3 replicas in chains, any persistence; one node\'s redis.conf edited (appendonly, replicaof), then kill -9 and restart',
  source: 'protocol.md §3.4, §2.9; REPL §Safety of replication when master has persistence turned off (server.c loadDataFromDisk; replication.c readSyncBulkPayload emptyData)',
  arbitrary: trimmable(standaloneTraces(replicationFamilies.editConfigRestart())),
  check: chainWiped,
};
