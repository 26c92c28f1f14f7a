// processCommand: a replica refuses a write (replica-read-only yes, the default: READONLY; in a
// cluster, MOVED to the slot's master), so every write a node executes — and may acknowledge — is
// executed while that node is a master. Checked at the step that applies each write: a demoted
// master, an old master a Sentinel repointed, a replica the client still writes to.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { replicationFamilies, sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** Each write once, at the step that executes it (writes are listed in the order they were issued). */
export const watchExecutors: Watch = (s, _a, t, scratch) => {
  if (scratch.bad) return;
  const ws = s.writes;
  let lo = (scratch.lo as number | undefined) ?? 0;
  while (lo < ws.length && (ws[lo].appliedBy !== null || ws[lo].result !== 'pending')) lo++;
  scratch.lo = lo;
  const seen = (scratch.seen ??= new Set<string>()) as Set<string>;
  for (let i = (scratch.from as number | undefined) ?? 0; i < ws.length; i++) {
    const w = ws[i];
    if (w.appliedBy === null || w.appliedAt !== t || seen.has(w.id)) continue;
    seen.add(w.id);
    const n = s.nodes[w.appliedBy];
    if (n.role !== 'master') { scratch.bad = { at: t, msg: `${w.appliedBy} executed ${w.id} at ${t} as a ${n.role} of ${n.repl.master}` } as Noted; return; }
  }
  // Writes before lo are all settled: the next step starts there.
  scratch.from = lo;
};

export const property: Property = {
  name: 'only-a-master-executes-writes',
  claim: 'Every write a node executes (and so every write it acknowledges) is executed while that node is a master: replicas refuse writes.',
  expectation: 'always',
  scope: 'cluster (mixed faults, master pauses, forced manual failovers), sentinel (the old master cut off with its clients, or back after the failover) and a manual switchover (REPLICAOF NO ONE on a replica, then REPLICAOF on M while the clients still write to M)',
  source: 'server.c processCommand (repl_slave_ro: READONLY), cluster.c getNodeByQuery (MOVED); sentinel.md §2 (the client follows +switch-master)',
  arbitrary: fc.oneof(
    traces(families.mixed()),
    traces(families.masterPause()),
    traces(families.manualFailover('force')),
    standaloneTraces(sentinelFamilies.oldMasterPartitioned()),
    standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'] })),
    standaloneTraces(replicationFamilies.switchover()),
  ),
  watch: watchExecutors,
  check: (r) => crashed(r) ?? noted(r),
};
