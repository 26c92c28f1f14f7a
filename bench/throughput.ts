// The throughput benchmark: random 60-simulated-second traces of 6 nodes with writes every 100 ms
// and mixed faults, simulated in this thread, then on one worker thread per core at once.
import fc from 'fast-check';
import { parseTrace, simulate } from '../model/index.ts';
import { families, traces } from '../properties/generators.ts';
import { runPool } from '../cli/pool.ts';

/** Random 60 s traces: 3 masters × 1 replica, writes every 100 ms, mixed faults, until 60 s. */
const sixNode = traces(families.mixed({ space: { masters: [3], replicas: [1] } })).map(({ trace }) => {
  const events = trace.events.filter((e) => e.type !== 'writes' && e.at < 55_000);
  return parseTrace({ ...trace, events: [{ at: 0, type: 'writes', every: 100, until: 60_000 }, ...events], until: 60_000 });
});

/** One timed batch: absolute start and end (ms since the epoch, comparable across threads) and steps. */
interface Batch { start: number; end: number; steps: number; traces: number }

function timed(samples: Parameters<typeof simulate>[0][]): Batch {
  const start = performance.timeOrigin + performance.now();
  let steps = 0;
  for (const t of samples) simulate(t, { observe: () => { steps++; } });
  return { start, end: performance.timeOrigin + performance.now(), steps, traces: samples.length };
}

/**
 * Cold: the first N traces of a fresh thread (one trace of warm-up), JIT compilation included.
 * Steady: N more fresh traces right after, once V8 has optimised the hot paths (what a long
 * property run sees). `barrier` lines the worker threads up so they start the clock together.
 */
function coldAndSteady(n: number, seed: number, barrier?: { sab: SharedArrayBuffer; parties: number }): Batch[] {
  const cold = fc.sample(sixNode, { numRuns: n, seed });
  const steady = fc.sample(sixNode, { numRuns: n, seed: seed + 1 });
  simulate(cold[0]); // warm up
  if (barrier) {
    const count = new Int32Array(barrier.sab);
    Atomics.add(count, 0, 1);
    while (Atomics.load(count, 0) < barrier.parties) Atomics.wait(count, 0, Atomics.load(count, 0), 10);
  }
  return [timed(cold), timed(steady)];
}

interface Job { n: number; seed: number; sab: SharedArrayBuffer; parties: number }

/** A worker thread's batch (cli/pool.ts). */
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
  out(`  one thread, ${n} traces:`);
  out(line('  cold  ', [cold]));
  out(line('  steady', [steady]));
  if (workers > 1) {
    const sab = new SharedArrayBuffer(4);
    const jobs = Array.from({ length: workers }, (_, k) => ({ n, seed: seed + 2 * (k + 1), sab, parties: workers }));
    const answers = await runPool<Job, Batch[]>(import.meta.url, jobs, workers);
    out(`  ${workers} worker threads at once (one per core), ${n} traces each:`);
    out(line('  cold  ', answers.map((a) => a[0])));
    out(line('  steady', answers.map((a) => a[1])));
  }
  out('');
}
