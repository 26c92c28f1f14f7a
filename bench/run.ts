// npm run bench: simulator throughput on random 60-simulated-second, 6-node traces with writes
// (traces/s and simulated seconds per wall second), the time to catch a broken voter, then per
// hazard the median time to a witness and the shrunk witness's length against a hand-written one.
// Targets (issue): ≥ 180 traces/s; broken voter ≤ 5 s; witness median ≤ 0.33 s; shrunk length ≤
// hand-written + 1. Printed, never asserted: the figures depend on the machine and its load.
import { availableParallelism } from 'node:os';
import { EXIT, intValue, parseCli, runMain, UsageError, type CommandSpec } from '../cli/args.ts';
import { printable } from '../lib/text.ts';
import { mutations, resetMutations } from '../model/kernel/mutations.ts';
import { checkProperty } from '../properties/check.ts';
import { byName, catalog } from '../properties/index.ts';
import { breakers } from '../properties/nonvacuity.ts';
import { runTrace, type Property } from '../properties/property.ts';
import { minimalWitness } from './minimal.ts';
import { SIZES, sizeSweep } from './size.ts';
import { perScenario, throughput } from './throughput.ts';

const spec: CommandSpec = {
  usage: 'npm run bench -- [throughput|voter|hazards|size]',
  about: 'Speed figures: traces/s (one thread, then one worker per core) and simulated seconds per wall second, '
    + 'the time to catch a broken voter, and per hazard the time to a witness and the shrunk witness\'s length. '
    + 'With a part, runs that part only. Settings (environment): BENCH_TRACES (100), BENCH_SEED (1), '
    + 'BENCH_WITNESS_SEEDS (5), BENCH_JOBS (one per core), BENCH_SIZE_REPS (5: timed repetitions per size in the size sweep). Exit codes: 0 done, 2 bad input.',
  options: {},
  positionals: [0, 1],
};
const PARTS = ['throughput', 'voter', 'hazards', 'size'];
const { positionals } = parseCli(spec);
const part = positionals[0];

const N = setting(() => intValue(process.env.BENCH_TRACES, 'BENCH_TRACES', 100));
const seed = setting(() => intValue(process.env.BENCH_SEED, 'BENCH_SEED', 1, 0));
/** Seeds per hazard for the median time to witness. */
const SEEDS = setting(() => intValue(process.env.BENCH_WITNESS_SEEDS, 'BENCH_WITNESS_SEEDS', 5));
/** Timed repetitions per size in the size sweep (the row is their median). */
const sizeReps = setting(() => intValue(process.env.BENCH_SIZE_REPS, 'BENCH_SIZE_REPS', 5));
/** Worker threads for the all-cores throughput figure (1: one thread only). */
const workers = setting(() => intValue(process.env.BENCH_JOBS, 'BENCH_JOBS', availableParallelism()));

/** An environment setting, or its problem and exit 2 (before any part starts). */
function setting(read: () => number): number {
  try {
    return read();
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(EXIT.error);
  }
}
const out = (line: string) => process.stdout.write(`${line}\n`);

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
    out(`  ${p.name.padEnd(50)} ${time.padEnd(30)} shrunk ${shrunk ?? '-'} vs hand-written ${handText} ${ok ? '' : '  ✗'}`);
  }
}

// `npm run bench -- throughput` (or voter, hazards, size) runs one part only.
await runMain(async () => {
  if (part !== undefined && !PARTS.includes(part)) {
    throw new UsageError(`unknown part "${printable(part)}": expected throughput, voter, hazards or size (or nothing for all four)\nusage: ${spec.usage}`);
  }
  if (!part || part === 'throughput') { await throughput(N, seed, workers, out); perScenario(seed, out); }
  if (!part || part === 'voter') brokenVoter();
  if (!part || part === 'hazards') hazards();
  if (!part || part === 'size') sizeSweep(seed, out, SIZES, sizeReps);
  return EXIT.ok;
});
