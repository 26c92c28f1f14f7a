// The throughput benchmark: random 60-simulated-second traces of 6 nodes with writes every 100 ms
// and mixed faults, simulated in this thread, then on one worker thread per core at once.
import fc from 'fast-check';
import { parseTrace, simulate } from '../model/index.ts';
import { readdirSync, readFileSync } from 'node:fs';
import type { Trace } from '../model/kernel/trace.ts';
import { families, traces, type Plan } from '../properties/generators.ts';
import { runPool } from '../lib/pool.ts';

const SIX_NODES = { space: { masters: [3], replicas: [1] } };

/** A family's traces as 60 s runs of 3 masters × 1 replica with writes every 100 ms throughout. */
function sixNodes(plans: fc.Arbitrary<Plan>): fc.Arbitrary<Trace> {
  return traces(plans).map(({ trace }) => {
    const events = trace.events.filter((e) => e.type !== 'writes' && e.at < 55_000);
    return parseTrace({ ...trace, events: [{ at: 0, type: 'writes', every: 100, until: 60_000 }, ...events], until: 60_000 });
  });
}

/** The headline mix: each run draws its own fault weights (generators.ts `mixed`). */
const sixNode = sixNodes(families.mixed(SIX_NODES));

/** Every fault family of the generators, one line each. */
const perFamily: Array<[string, fc.Arbitrary<Trace>]> = [
  ['master crash', sixNodes(families.masterCrash(SIX_NODES))],
  ['master crash, power loss', sixNodes(families.masterCrash({ ...SIX_NODES, power: true }))],
  ['replica crash', sixNodes(families.replicaCrash(SIX_NODES))],
  ['master and its replica', sixNodes(families.masterAndReplica(SIX_NODES))],
  ['two masters', sixNodes(families.twoMasters(SIX_NODES))],
  ['minority partition', sixNodes(families.minorityPartition(SIX_NODES))],
  ['replicas cut off', sixNodes(families.replicasCutOff(SIX_NODES))],
  ['pause / resume', sixNodes(families.pauseResume(SIX_NODES))],
  ['power loss', sixNodes(families.powerLoss(SIX_NODES))],
  ['restart soon', sixNodes(families.restartSoon(SIX_NODES))],
  ['manual failover (default)', sixNodes(families.manualFailover('default', SIX_NODES))],
  ['manual failover (force)', sixNodes(families.manualFailover('force', SIX_NODES))],
  ['manual failover (takeover)', sixNodes(families.manualFailover('takeover', SIX_NODES))],
  ['rolling restarts', sixNodes(families.rollingRestarts(SIX_NODES))],
  ['WAIT and crash', sixNodes(families.waitAndCrash(SIX_NODES))],
  ['mixed', sixNode],
];

/** One timed batch: absolute start and end (ms since the epoch, comparable across threads) and steps. */
interface Batch { start: number; end: number; steps: number; traces: number }

function timed(samples: Trace[]): Batch {
  const start = performance.timeOrigin + performance.now();
  for (const t of samples) simulate(t);
  const end = performance.timeOrigin + performance.now();
  return { start, end, steps: 0, traces: samples.length };
}

/** The steps of a batch, counted after its clock stopped (an observer on every step would be timed too). */
function counted(b: Batch, samples: Trace[]): Batch {
  let steps = 0;
  for (const t of samples) simulate(t, { observe: () => { steps++; } });
  return { ...b, steps };
}

/** Steady batches are this many times N traces: one batch of N right after the cold one still catches V8 optimising. */
const STEADY_BATCHES = 3;

/**
 * Cold: the first N traces of a fresh thread (one trace of warm-up), JIT compilation included.
 * Steady: 3·N more fresh traces right after, timed as one batch, once V8 has optimised the hot
 * paths (what a long property run sees). `barrier` lines the worker threads up so they start the
 * clock together.
 */
function coldAndSteady(n: number, seed: number, barrier?: { sab: SharedArrayBuffer; parties: number }): Batch[] {
  const cold = fc.sample(sixNode, { numRuns: n, seed });
  const steady = fc.sample(sixNode, { numRuns: STEADY_BATCHES * n, seed: seed + 1 });
  simulate(cold[0]); // warm up
  if (barrier) {
    const count = new Int32Array(barrier.sab);
    Atomics.add(count, 0, 1);
    while (Atomics.load(count, 0) < barrier.parties) Atomics.wait(count, 0, Atomics.load(count, 0), 10);
  }
  const batches = [timed(cold), timed(steady)];
  return [counted(batches[0], cold), counted(batches[1], steady)];
}

interface Job { n: number; seed: number; sab: SharedArrayBuffer; parties: number }

/** A worker thread's batch (lib/pool.ts). */
export function handle(job: Job): Batch[] {
  return coldAndSteady(job.n, job.seed, { sab: job.sab, parties: job.parties });
}

function line(label: string, batches: Batch[]): string {
  const sec = (Math.max(...batches.map((b) => b.end)) - Math.min(...batches.map((b) => b.start))) / 1000;
  const n = batches.reduce((a, b) => a + b.traces, 0);
  const steps = batches.reduce((a, b) => a + b.steps, 0);
  return `  ${label} ${(n / sec).toFixed(1).padStart(6)} traces/s, ${((n * 60) / sec).toFixed(0).padStart(6)} simulated s per wall s, ${(steps / sec / 1000).toFixed(0)}k steps/s, ${(steps / n).toFixed(0)} steps per trace`;
}

/** Print the single-thread figures, then (on a machine with several cores) all cores at once. */
export async function throughput(n: number, seed: number, workers: number, out: (s: string) => void): Promise<void> {
  out(`throughput: random 60 s traces (6 nodes, writes every 100 ms, mixed faults)  [target ≥ 180 traces/s]`);
  const [cold, steady] = coldAndSteady(n, seed);
  out(`  one thread, ${n} traces cold, then ${STEADY_BATCHES * n} steady:`);
  out(line('  cold  ', [cold]));
  out(line('  steady', [steady]));
  if (workers > 1) {
    const sab = new SharedArrayBuffer(4);
    const jobs = Array.from({ length: workers }, (_, k) => ({ n, seed: seed + 2 * (k + 1), sab, parties: workers }));
    const answers = await runPool<Job, Batch[]>(import.meta.url, jobs, workers);
    out(`  ${workers} worker threads at once (one per core), ${n} cold and ${STEADY_BATCHES * n} steady traces each:`);
    out(line('  cold  ', answers.map((a) => a[0])));
    out(line('  steady', answers.map((a) => a[1])));
  }
  out('');
}

/** Simulated seconds per wall second of `samples`, once warm (each run at least once, ~0.3 s in all). */
function rate(samples: Trace[]): { simPerWall: number; nodes: number } {
  for (const t of samples.slice(0, 3)) simulate(t);
  const start = performance.now();
  let sim = 0;
  do for (const t of samples) { simulate(t); sim += t.until / 1000; } while (performance.now() - start < 300);
  const t0 = samples[0].config;
  return { simPerWall: sim / ((performance.now() - start) / 1000), nodes: t0.masters * (1 + t0.replicasPerMaster) };
}

/** Per fault family (20 random 6-node 60 s traces each) and per runbook scenario file, in one thread, warm. */
export function perScenario(seed: number, out: (s: string) => void): void {
  out('simulated seconds per wall second, one thread, warm  [target ≥ 10,000]');
  out('  by fault family (20 random traces each: 6 nodes, 60 s, writes every 100 ms):');
  for (const [name, arb] of perFamily) {
    const r = rate(fc.sample(arb, { numRuns: 20, seed }));
    out(`    ${name.padEnd(30)} ${r.simPerWall.toFixed(0).padStart(7)}`);
  }
  out('  runbook scenarios (scenarios/*.json, each as written):');
  const dir = new URL('../scenarios/', import.meta.url);
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    const t = parseTrace(JSON.parse(readFileSync(new URL(f, dir), 'utf8')));
    const r = rate([t]);
    out(`    ${f.replace(/\.json$/, '').padEnd(38)} ${r.simPerWall.toFixed(0).padStart(7)}  (${r.nodes} nodes, ${t.until / 1000} s)`);
  }
  out('');
}
