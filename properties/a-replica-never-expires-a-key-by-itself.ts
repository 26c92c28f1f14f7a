// A replica does not expire keys: databasesCron runs the active expire cycle only on a master, and a
// replica waits for its master's DEL (it only hides an expired key from reads). So a replica's
// dataset never changes in its own cron tick, even when it holds keys past their expiry (its master
// paused or cut off, the DEL not arrived yet); it changes only by what its master sends.
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** Each data node's dataset after the last step, and whether it was a replica then. */
type Seen = Record<string, { hist: number; pos: number; replica: boolean }>;

/** The first serverCron tick that changed a replica's dataset, noted in scratch.bad. */
export const watchReplicaTicks: Watch = (s, a, t, scratch) => {
  if (scratch.bad) return;
  const seen = (scratch.seen ??= {}) as Seen;
  if (a.type === 'ServerCron') {
    const node = (a as unknown as { node: string }).node;
    const before = seen[node];
    const n = s.nodes[node];
    if (before?.replica && (before.hist !== n.data.hist || before.pos !== n.data.pos)) {
      scratch.bad = { at: t, msg: `replica ${node}'s dataset changed in its own serverCron tick at ${t} (replica of ${n.repl.master})` } as Noted;
      return;
    }
  }
  for (const n of Object.values(s.nodes)) seen[n.name] = { hist: n.data.hist, pos: n.data.pos, replica: n.repl.master !== null };
};

export const property: Property = {
  name: 'a-replica-never-expires-a-key-by-itself',
  claim: 'A replica never deletes an expired key by itself: its dataset never changes in its own serverCron tick, only through what its master sends (the DEL of an expired key included).',
  expectation: 'always',
  scope: 'standalone replication (M stays the only master: replicas killed, restarted or re-pointed, pauses, partitions), every write with a TTL of 0.2–3 s',
  source: 'server.c databasesCron (activeExpireCycle only if iAmMaster); db.c expireIfNeeded (a replica returns "expired" without deleting)',
  arbitrary: standaloneTraces(replicationFamilies.withTtl()),
  watch: watchReplicaTicks,
  check: (r) => crashed(r) ?? noted(r),
};
