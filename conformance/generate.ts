// The generated conformance cases: traces drawn from the property suite's own generators
// (properties/generators.ts), one family after another with fixed fast-check seeds, keeping only
// traces the harness can play (no slow links, slow disks, WAIT writes or power losses: see play.ts
// `unsupported`; a power loss would be played as kill -9 and keep the page cache).
import fc from 'fast-check';
import { parseTrace, type Trace } from '../model/kernel/trace.ts';
import { families, traces, type ConfigSpace, type Plan } from '../properties/generators.ts';
import { unplayableWrite } from './play.ts';

/** The sentinel and replication traces (12, their own families and seeds) live beside this file. */
export { generatedStandalone } from './generate-standalone.ts';

/** The harness runs every node at cluster-node-timeout 2000 ms; 3–4 masters keep cluster creation short. */
const space: ConfigSpace = { nodeTimeout: [2000, 2000], masters: [3, 4] };

/** Families in the order they are drawn; the list is cycled until `count` traces are taken. */
const plan: Array<[string, fc.Arbitrary<Plan>]> = [
  ['master-crash', families.masterCrash({ space })],
  ['restart-soon', families.restartSoon({ space })],
  ['replica-crash', families.replicaCrash({ space })],
  ['master-and-replica', families.masterAndReplica({ space })],
  ['two-masters', families.twoMasters({ space })],
  ['minority-partition, client on the minority', families.minorityPartition({ space, clientSide: 'minority' })],
  ['minority-partition, client on the majority', families.minorityPartition({ space, clientSide: 'majority' })],
  ['replicas-cut-off', families.replicasCutOff({ space })],
  ['pause-resume', families.pauseResume({ space })],
  ['manual-failover default', families.manualFailover('default', { space })],
  ['manual-failover force', families.manualFailover('force', { space })],
  ['manual-failover takeover', families.manualFailover('takeover', { space })],
  ['rolling-restarts', families.rollingRestarts({ space })],
  ['restart-late', families.restartLate({ space })],
  ['mixed', families.mixed({ space })],
];

/** What the harness cannot play; the same rules as play.ts `unsupported`, plus power loss. */
function playable(t: Trace): boolean {
  return t.events.every((e) => e.type !== 'delay' && e.type !== 'disk' && unplayableWrite(e) === null && !(e.type === 'crash' && e.power));
}

/** `count` traces; trace k comes from family k mod |families|, sampled with seed 1000 + k. */
export function generated(count = 20): Trace[] {
  const out: Trace[] = [];
  for (let k = 0; k < count; k++) {
    const [label, arb] = plan[k % plan.length];
    const seed = 1000 + k;
    const runnable = fc.sample(traces(arb), { numRuns: 50, seed }).map(({ trace }) => parseTrace(trace)).find(playable);
    if (!runnable) throw new Error(`conformance generator: no playable ${label} trace in 50 samples of seed ${seed}`);
    out.push({ ...runnable, name: `gen-${String(k + 1).padStart(2, '0')}: ${label} (fast-check seed ${seed}; ${describe(runnable)})` });
  }
  return out;
}

/** A one-line summary of a generated trace's configuration. */
function describe(t: Trace): string {
  const c = t.config;
  const persistence = c.appendonly ? `AOF ${c.appendfsync}` : c.save.length ? 'RDB' : 'no persistence';
  return `${c.masters}×${c.replicasPerMaster}, ${persistence}, full coverage ${c.requireFullCoverage ? 'yes' : 'no'}, min-replicas ${c.minReplicasToWrite}, validity ${c.replicaValidityFactor}`;
}
