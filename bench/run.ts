// npm run bench: simulator throughput on random 60-simulated-second, 6-node traces with writes
// (traces/s and simulated seconds per wall second), then the time to a witness for each hazard.
import fc from 'fast-check';
import { parseTrace, simulate } from '../model/index.ts';
import { families, traces } from '../properties/generators.ts';
import { checkProperty } from '../properties/check.ts';
import { catalog } from '../properties/index.ts';

const N = Number(process.env.BENCH_TRACES ?? 100);
const seed = Number(process.env.BENCH_SEED ?? 1);

/** Random 60 s traces: 3 masters × 1 replica, writes every 100 ms, mixed faults, until 60 s. */
const sixNode = traces(families.mixed({ space: { masters: [3], replicas: [1] } })).map(({ trace }) => {
  const events = trace.events.filter((e) => e.type !== 'writes' && e.at < 55_000);
  return parseTrace({ ...trace, events: [{ at: 0, type: 'writes', every: 100, until: 60_000 }, ...events], until: 60_000 });
});

const samples = fc.sample(sixNode, { numRuns: N, seed });
simulate(samples[0]); // warm up
const t0 = performance.now();
let steps = 0;
for (const t of samples) simulate(t, { observe: () => { steps++; } });
const sec = (performance.now() - t0) / 1000;
process.stdout.write(`throughput: ${N} random 60 s traces (6 nodes, writes every 100 ms, mixed faults)\n`);
process.stdout.write(`  ${(N / sec).toFixed(1)} traces/s, ${((N * 60) / sec).toFixed(0)} simulated s per wall s, ${(steps / sec / 1000).toFixed(0)}k steps/s\n\n`);

process.stdout.write('time to witness (no shrinking), per hazard:\n');
for (const p of catalog.filter((x) => x.expectation === 'sometimes')) {
  const c = checkProperty(p, { numRuns: 2000, seed });
  process.stdout.write(`  ${p.name.padEnd(48)} ${c.status === 'witnessed' ? `${String(c.ms).padStart(6)} ms, ${c.runs} runs` : `not found in ${c.runs} runs`}\n`);
}
