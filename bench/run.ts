// npm run bench: simulator throughput on random 60-simulated-second, 6-node traces with writes
// (traces/s and simulated seconds per wall second), the time to catch a broken voter, then per
// hazard the median time to a witness and the shrunk witness's length against a hand-written one.
// Targets (issue): ≥ 180 traces/s; broken voter ≤ 5 s; witness median ≤ 0.33 s; shrunk length ≤
// hand-written + 1. Printed, never asserted: the figures depend on the machine and its load.
import fc from 'fast-check';
import { parseTrace, simulate } from '../model/index.ts';
import { mutations, resetMutations } from '../model/mutations.ts';
import { families, traces } from '../properties/generators.ts';
import { checkProperty } from '../properties/check.ts';
import { byName, catalog } from '../properties/index.ts';
import { breakers } from '../properties/nonvacuity.ts';
import { runTrace, type Property } from '../properties/property.ts';
import { minimalWitness } from './minimal.ts';

const N = Number(process.env.BENCH_TRACES ?? 100);
const seed = Number(process.env.BENCH_SEED ?? 1);
/** Seeds per hazard for the median time to witness. */
const SEEDS = Number(process.env.BENCH_WITNESS_SEEDS ?? 5);
const out = (line: string) => process.stdout.write(`${line}\n`);

/** Random 60 s traces: 3 masters × 1 replica, writes every 100 ms, mixed faults, until 60 s. */
const sixNode = traces(families.mixed({ space: { masters: [3], replicas: [1] } })).map(({ trace }) => {
  const events = trace.events.filter((e) => e.type !== 'writes' && e.at < 55_000);
  return parseTrace({ ...trace, events: [{ at: 0, type: 'writes', every: 100, until: 60_000 }, ...events], until: 60_000 });
});

/** Simulate the traces; returns wall seconds and steps. */
function timed(samples: Parameters<typeof simulate>[0][]): { sec: number; steps: number } {
  const t0 = performance.now();
  let steps = 0;
  for (const t of samples) simulate(t, { observe: () => { steps++; } });
  return { sec: (performance.now() - t0) / 1000, steps };
}

/**
 * Cold: the first N traces of the process (one trace of warm-up), JIT compilation included, as the
 * issue measures it. Steady: N more fresh traces right after, once V8 has optimised the hot paths
 * (what a long property run sees).
 */
function throughput(): void {
  const cold = fc.sample(sixNode, { numRuns: N, seed });
  const steady = fc.sample(sixNode, { numRuns: N, seed: seed + 1 });
  simulate(cold[0]); // warm up
  out(`throughput: ${N} random 60 s traces (6 nodes, writes every 100 ms, mixed faults)  [target ≥ 180 traces/s]`);
  for (const [label, samples] of [['cold  ', cold], ['steady', steady]] as const) {
    const { sec, steps } = timed(samples);
    out(`  ${label} ${(N / sec).toFixed(1)} traces/s, ${((N * 60) / sec).toFixed(0)} simulated s per wall s, ${(steps / sec / 1000).toFixed(0)}k steps/s, ${(steps / N).toFixed(0)} steps per trace`);
  }
  out('');
}

/** The broken voter (mutation doubleVote): how long until the always-property sees two winners in one epoch. */
function brokenVoter(): void {
  const b = breakers.find((x) => x.mutation === 'doubleVote')!;
  mutations.doubleVote = true;
  try {
    const c = checkProperty(byName(b.property), { numRuns: 2000, seed, arbitrary: b.arbitrary, check: b.check });
    const found = c.status === 'violated';
    out(`broken voter (mutation doubleVote) caught by ${b.property}  [target ≤ 5 s]`);
    out(`  ${found ? `${(c.ms / 1000).toFixed(2)} s, ${c.runs} runs` : `NOT caught in ${c.runs} runs (${(c.ms / 1000).toFixed(1)} s)`}\n`);
  } finally {
    resetMutations();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Median ms to a witness over SEEDS seeds (a seed without a witness counts as its full time). */
function timeToWitness(p: Property): { ms: number; runs: number; missed: number } {
  const ms: number[] = [];
  const runs: number[] = [];
  let missed = 0;
  for (let k = 0; k < SEEDS; k++) {
    const c = checkProperty(p, { numRuns: 2000, seed: seed + k });
    if (c.status !== 'witnessed') missed++;
    ms.push(c.ms);
    runs.push(c.runs);
  }
  return { ms: median(ms), runs: median(runs), missed };
}

/** The shrunk witness's length in events (first seed), or null when none was found. */
function shrunkLength(p: Property): number | null {
  const c = checkProperty(p, { numRuns: 2000, seed, shrink: true, timeLimitMs: 60_000 });
  return c.finding ? c.finding.trace.events.length : null;
}

/** The hand-written trace's length, if it really shows the hazard. */
function handWritten(p: Property): { events: number; shows: boolean } | null {
  const t = minimalWitness[p.name];
  if (!t) return null;
  return { events: t.events.length, shows: p.check(runTrace(t, p.watch)) !== null };
}

function hazards(): void {
  out(`hazards: median time to witness over ${SEEDS} seeds (no shrinking) [target ≤ 330 ms], shrunk witness vs hand-written (events) [target ≤ +1]`);
  for (const p of catalog.filter((x) => x.expectation === 'sometimes')) {
    const w = timeToWitness(p);
    const shrunk = shrunkLength(p);
    const hand = handWritten(p);
    const time = `${String(Math.round(w.ms)).padStart(6)} ms (${w.runs} runs${w.missed ? `, ${w.missed}/${SEEDS} seeds without a witness` : ''})`;
    const handText = hand === null ? 'no hand-written trace' : `${hand.events}${hand.shows ? '' : ' (DOES NOT SHOW THE HAZARD)'}`;
    const ok = shrunk !== null && hand !== null && hand.shows && shrunk <= hand.events + 1;
    out(`  ${p.name.padEnd(46)} ${time.padEnd(30)} shrunk ${shrunk ?? '-'} vs hand-written ${handText} ${ok ? '' : '  ✗'}`);
  }
}

throughput();
brokenVoter();
hazards();
