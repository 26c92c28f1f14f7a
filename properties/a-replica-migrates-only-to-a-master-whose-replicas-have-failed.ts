// clusterHandleSlaveMigration: a master is orphaned when none of its replicas is free of the FAIL
// flag (clusterCountNonFailingSlaves: a PFAIL replica still counts), and a replica of the best-served
// master moves to it only once it has been orphaned for more than CLUSTER_SLAVE_MIGRATION_DELAY
// (5 s), leaving its own master more than migration-barrier replicas neither PFAIL nor FAIL.
import { families, traces } from './generators.ts';
import { newEntries } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { TimelineEntry } from '../model/kernel/state.ts';

/** CLUSTER_SLAVE_MIGRATION_DELAY (cluster.h). */
const MIGRATION_DELAY = 5000;

interface Moved { at: number; node: string; from: string; to: string; replicas: string[]; notFailed: string[]; left: number; barrier: number }

/** At each migration, what the migrating node saw: the target's replicas not flagged FAIL, its old master's good replicas. */
export const watchMigrations: Watch = (s, _a, t, scratch) => {
  for (const e of newEntries(s, scratch)) {
    if (e.event !== 'replica-migration' || e.about === undefined) continue;
    const n = s.nodes[e.node];
    const peers = n.cluster.peers;
    const of = (m: string) => Object.entries(peers).filter(([x, p]) => x !== e.node && p.role === 'replica' && p.master === m);
    ((scratch.moves ??= []) as Moved[]).push({
      at: t, node: e.node, from: e.from!, to: e.about,
      replicas: of(e.about).map(([x]) => x),
      notFailed: of(e.about).filter(([, p]) => !p.fail).map(([x]) => x),
      // Its old master keeps these, the migrating node gone: more than the barrier was needed with it counted.
      left: of(e.from!).filter(([, p]) => !p.fail && !p.pfail).length,
      barrier: n.config.migrationBarrier,
    });
  }
};

/** When `node` last saw `about` flagged FAIL (its own decision or a FAIL message), at or before `t`. */
function failedSince(r: RunResult, node: string, about: string, t: number): number | null {
  const flags = r.state.timeline.filter((e: TimelineEntry) => e.node === node && e.about === about && (e.event === 'fail' || e.event === 'fail-cleared') && e.at <= t);
  const last = flags[flags.length - 1];
  return last?.event === 'fail' ? last.at : null;
}

export function migratesOnlyToOrphans(r: RunResult): string | null {
  for (const m of (r.scratch.moves ?? []) as Moved[]) {
    if (m.notFailed.length) return at(r, m.at, `${m.node} migrated from ${m.from} to ${m.to}, whose replica(s) ${m.notFailed.join(', ')} it did not hold FAIL`);
    if (m.left + 1 <= m.barrier) return at(r, m.at, `${m.node} migrated from ${m.from}, leaving it ${m.left} good replica(s), with migration-barrier ${m.barrier}`);
    // The target was orphaned since the last of its replicas was flagged FAIL; more than 5 s must have passed.
    const since = Math.max(...m.replicas.map((x) => failedSince(r, m.node, x, m.at) ?? Number.NEGATIVE_INFINITY));
    if (Number.isFinite(since) && m.at - since <= MIGRATION_DELAY) return at(r, m.at, `${m.node} migrated to ${m.to} ${m.at - since} ms after the last of its replicas was flagged FAIL (at ${since}), not more than ${MIGRATION_DELAY} ms`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-migrates-only-to-a-master-whose-replicas-have-failed',
  claim: 'A replica moves to an orphaned master only when it holds every other replica of that master FAIL (PFAIL is not enough), more than 5 s after the last of them was flagged, and only if its own master keeps more than migration-barrier good replicas.',
  expectation: 'always',
  scope: 'cluster, two replicas per master: every replica of one master killed and restarted 8–14 s after two node timeouts',
  source: 'cluster.c clusterHandleSlaveMigration, clusterCountNonFailingSlaves (nodeFailed: FAIL only), CLUSTER_SLAVE_MIGRATION_DELAY',
  arbitrary: traces(families.replicasDie({ space: { replicas: [2] } })),
  check: (r) => crashed(r) ?? migratesOnlyToOrphans(r),
  watch: watchMigrations,
};
