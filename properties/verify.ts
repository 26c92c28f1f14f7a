// npm run verify: the whole catalog at depth (--runs / VERIFY_RUNS, default 200 per property; a fixed
// default seed, --seed / VERIFY_SEED or --fresh; --jobs / VERIFY_JOBS worker threads, default one per
// core), with progress output and coverage statistics. Stores every witness and counterexample
// (shrunk) in counterexamples/, regenerates reports/, then runs the audit and the matrix. Exit 1 if a
// guarantee failed, a hazard's witness was not found, or a situation some property needs was never
// reached; 2 on bad input or a tool error. `--shard i/n` runs one n-th of the work and writes its
// answers to a file; `--merge` turns the shards' files into the same reports as one machine's run.
import { spawnSync } from 'node:child_process';
import { readdirSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, intValue, parseCli, runMain, UsageError, type CommandSpec } from '../cli/args.ts';
import { runPool } from '../lib/pool.ts';
import { progress, type Progress } from '../lib/progress.ts';
import { SEED_OPTIONS, seedOf } from '../cli/seed.ts';
import { renderCounterexample } from '../render/counterexample.ts';
import { asExpected, type CheckResult } from './check.ts';
import { COUNTEREXAMPLES_DIR, loadAll, store, writeAtomic } from './counterexamples.ts';
import { SITUATIONS } from './coverage.ts';
import { catalog } from './index.ts';
import { combine, handle, shardIndices, units, type VerifyAnswer, type VerifyJob } from './verify-job.ts';
import { loadShards, selected, writeShard, type Settings } from './verify-shard.ts';

const ROOT = join(COUNTEREXAMPLES_DIR, '..');
const REPORTS_DIR = join(ROOT, 'reports');
export interface Dirs { reports: string; counterexamples: string }
const DIRS: Dirs = { reports: REPORTS_DIR, counterexamples: COUNTEREXAMPLES_DIR };
export const VERIFY_SEED = 1;

const SPEC: CommandSpec = {
  usage: 'npm run verify -- [filter] [--runs N] [--seed N | --fresh] [--seeds K] [--jobs N] [--shard i/n [--out DIR]] [--merge DIR…] [--no-audit]',
  about: 'Checks every property of the catalog (or those whose name contains filter) at depth, stores counterexamples and witnesses, '
    + 'regenerates reports/, then runs `npm run audit` and `npm run matrix`. Environment: VERIFY_RUNS, VERIFY_SEED, VERIFY_JOBS (a flag wins). '
    + 'Exit 0 all as expected, 1 a property not as expected or a needed situation never reached, 2 bad input or a tool error.',
  options: {
    runs: { type: 'string', arg: 'n', help: 'generated traces per property and seed (default 200; ×3 for hazards)' },
    ...SEED_OPTIONS,
    seeds: { type: 'string', arg: 'k', help: 'check each property with k seeds: seed … seed+k−1 (default 1): deeper runs to split over shards' },
    jobs: { type: 'string', arg: 'n', help: 'worker threads (default one per core; 1 = in-process); answers do not depend on it' },
    shard: { type: 'string', arg: 'i/n', help: 'run only shard i of n (properties × seeds dealt round-robin) and write its answers to --out; no reports' },
    out: { type: 'string', arg: 'dir', help: 'where --shard writes verify-shard-<i>-of-<n>.json (default verify-shards)' },
    merge: { type: 'string', multiple: true, arg: 'dir|file', help: 'merge every shard file found there (all n shards of one run) and write the reports as one run would' },
    'no-audit': { type: 'boolean', help: 'do not run the audit and the matrix afterwards' },
  },
  positionals: [0, 1],
};

/** Shard "i/n" with 1 ≤ i ≤ n. */
export function parseShardArg(s: string): { i: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const i = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || i < 1 || i > n) throw new UsageError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 1/2), got "${s}"`);
  return { i, n };
}

async function main(): Promise<number> {
  const { values, positionals } = parseCli(SPEC);
  const merge = values.merge as string[] | undefined;
  if (merge) {
    for (const k of ['runs', 'seed', 'fresh', 'seeds', 'shard', 'jobs'] as const) {
      if (values[k] !== undefined) throw new UsageError(`--merge takes the settings from the shard files: --${k} is not allowed with it`);
    }
    if (positionals.length) throw new UsageError('--merge takes the filter from the shard files: no filter argument with it');
    const { settings, answers } = loadShards(merge);
    process.stdout.write(`verify: merging ${plural(settings.shards, 'shard')}: ${describe(settings)}\n`);
    const bar = progress(false);
    for (const a of answers) printAnswer(bar, a);
    return afterProperties(finish(settings, answers), values);
  }
  const s = seedOf(values, 'VERIFY_SEED', VERIFY_SEED);
  const settings: Settings = {
    runs: intValue(values.runs as string | undefined ?? process.env.VERIFY_RUNS, values.runs !== undefined ? '--runs' : 'VERIFY_RUNS', 200),
    seed: s.seed,
    seeds: intValue(values.seeds as string | undefined, '--seeds', 1),
    filter: positionals[0] ?? null,
    shards: 1,
  };
  const workers = intValue(values.jobs as string | undefined ?? process.env.VERIFY_JOBS, values.jobs !== undefined ? '--jobs' : 'VERIFY_JOBS', availableParallelism());
  const all = units(selected(settings.filter), settings.runs, settings.seed, settings.seeds);
  if (values.shard === undefined && values.out !== undefined) throw new UsageError('--out is for --shard');
  if (values.shard !== undefined) {
    if (s.fresh) throw new UsageError('--fresh with --shard: every shard would pick its own seed; give them one --seed');
    const { i, n } = parseShardArg(values.shard as string);
    const idx = shardIndices(all.length, i, n);
    process.stdout.write(`verify: shard ${i}/${n}: ${idx.length} of ${all.length} units, ${describe(settings, s.note)}, ${plural(Math.min(workers, idx.length), 'worker')}\n`);
    const answers = await compute(idx.map((k) => all[k]), workers);
    const file = writeShard((values.out as string | undefined) ?? 'verify-shards', { ...settings, shards: n }, i, all, idx, answers);
    process.stdout.write(`shard ${i}/${n} → ${file} (merge all ${n} with npm run verify -- --merge <dir>)\n`);
    return EXIT.ok;
  }
  process.stdout.write(`verify: ${describe(settings, s.note)}, ${plural(Math.min(workers, all.length), 'worker')}\n`);
  const answers = await compute(all, workers);
  return afterProperties(finish(settings, answers), values);
}

/** The run's settings for a terminal line; `seedNote` (how the seed was chosen) replaces the plain seed. */
const describe = (s: Settings, seedNote = `seed ${s.seed}`): string =>
  `${s.runs} runs per property${s.seeds > 1 ? ` and seed, seeds ${s.seed}…${s.seed + s.seeds - 1}` : `, ${seedNote}`}${s.filter ? `, properties matching "${s.filter}"` : ''}`;
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Every job's answer, in job order, whatever the number of workers; a line per job as it finishes. */
async function compute(jobs: VerifyJob[], workers: number): Promise<VerifyAnswer[]> {
  const bar = progress();
  let done = 0;
  let runs = 0;
  const draw = () => bar.update(`verify: property ${Math.min(done + 1, jobs.length)} of ${jobs.length}, ${runs} runs, ${bar.elapsed()}`);
  const onDone = (a: VerifyAnswer) => { done++; runs += a.total; printAnswer(bar, a); draw(); };
  draw();
  const timer = bar.live ? setInterval(draw, 1000) : undefined;
  try {
    if (workers === 1) return jobs.map((j) => { const a = handle(j); onDone(a); return a; });
    return await runPool<VerifyJob, VerifyAnswer>(new URL('./verify-job.ts', import.meta.url).href, jobs, workers, onDone);
  } finally {
    clearInterval(timer);
    bar.done();
  }
}

/** One finished unit's terminal line (wall time shown here only, never in a file). */
function printAnswer(bar: Progress, { result: c }: VerifyAnswer): void {
  const mark = asExpected(c) ? 'ok ' : 'BAD';
  bar.line(`${mark} ${c.expectation.padEnd(10)} ${c.property.padEnd(52)} ${c.status.padEnd(10)} ${String(c.runs).padStart(5)} runs ${(c.ms / 1000).toFixed(1).padStart(6)} s  max loss window ${c.lossMax} ms`);
  if (c.finding) bar.line(`      ${c.finding.message}`);
}

/**
 * From the answers of every unit (in unit order) to counterexamples/, reports/ and the exit code: the
 * same code for one machine's run and for merged shards, so both write the same files.
 */
export function finish(settings: Settings, answers: VerifyAnswer[], dirs: Dirs = DIRS, quiet = false): number {
  const say = (t: string) => { if (!quiet) process.stdout.write(t); };
  const names = selected(settings.filter);
  const perProperty = names.map((_, p) => combine(answers.slice(p * settings.seeds, (p + 1) * settings.seeds)));
  const results = perProperty.map((a) => a.result);
  const reached = new Map<string, number>();
  let total = 0;
  for (const a of perProperty) {
    total += a.total;
    for (const [sit, k] of Object.entries(a.reached)) reached.set(sit, (reached.get(sit) ?? 0) + k);
  }
  for (const c of results) if (c.finding) say(`stored ${c.property}: ${store(c.finding, dirs.counterexamples)}\n`);
  // Reports for every stored counterexample / witness.
  const stored = loadAll(dirs.counterexamples);
  for (const { c } of stored) writeAtomic(join(dirs.reports, `${c.property}.md`), renderCounterexample(c));
  // A property's report without a stored counterexample is stale; other reports (audit, matrix,
  // conformance) belong to other scripts.
  for (const f of readdirSync(dirs.reports).sort()) {
    const name = f.replace(/\.md$/, '');
    if (f.endsWith('.md') && catalog.some((p) => p.name === name) && !stored.some((x) => x.c.property === name)) unlinkSync(join(dirs.reports, f));
  }
  writeAtomic(join(dirs.reports, 'README.md'), summary(settings, results, reached, total, stored.map((x) => x.c.property)));
  say(`\ncoverage over ${total} runs:\n`);
  const needed = new Set(catalog.filter((p) => names.includes(p.name)).flatMap((p) => p.needs ?? []));
  let missing = 0;
  for (const [sit, what] of Object.entries(SITUATIONS)) {
    const k = reached.get(sit) ?? 0;
    if (k === 0 && needed.has(sit)) missing++;
    say(`  ${String(k).padStart(6)}  ${sit.padEnd(40)} ${what}${k === 0 && needed.has(sit) ? '   ← NEVER REACHED (needed)' : ''}\n`);
  }
  const bad = results.filter((c) => !asExpected(c));
  say(`\n${results.length - bad.length}/${results.length} properties as expected; ${missing} needed situations never reached\n`);
  return bad.length || missing ? EXIT.failed : EXIT.ok;
}

function summary(s: Settings, results: Array<CheckResult & { lossMax: number }>, reached: Map<string, number>, total: number, stored: string[]): string {
  const seeds = s.seeds > 1 ? `seeds ${s.seed}…${s.seed + s.seeds - 1}` : `seed ${s.seed}`;
  const L = ['# Verification summary', '', 'Generated by `npm run verify`; never hand-edited.', '',
    `Runs: ${total} traces, ${s.runs} per property (×3 for hazards), ${seeds}${s.filter ? `, properties matching "${s.filter}"` : ''}.`, '',
    '| property | expectation | result | runs | largest loss window (ms) | evidence |', '|---|---|---|---|---|---|'];
  for (const c of results) {
    L.push(`| ${c.property} | ${c.expectation} | ${c.status}${asExpected(c) ? '' : ' ⚠'} | ${c.runs} | ${c.lossMax} | ${stored.includes(c.property) ? `[${c.property}.md](${c.property}.md)` : '-'} |`);
  }
  L.push('', '## Situations reached', '', '| situation | runs |', '|---|---|');
  for (const sit of Object.keys(SITUATIONS)) L.push(`| ${sit} | ${reached.get(sit) ?? 0} |`);
  return `${L.join('\n')}\n`;
}

/**
 * Then the audit and the matrix, each in its own process (so the peak memory is the largest of the
 * three, not their sum), with their own default seeds. The worst exit code wins (2 over 1 over 0).
 * Their live data is under 300 MB; without a cap V8 lets the audit's short-lived runs pile up to
 * 0.6–0.75 GB before collecting, so the heap is capped at CHILD_HEAP_MB (outputs are unchanged).
 */
const CHILD_HEAP_MB = 512;
function afterProperties(code: number, values: Record<string, unknown>): number {
  if (values['no-audit']) return code;
  let worst = code;
  for (const script of ['audit/run.ts', 'audit/matrix.ts']) {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MB}`, ...process.execArgv, join(ROOT, script)], { stdio: 'inherit' });
    const rc = r.status ?? EXIT.error;
    if (rc !== EXIT.ok) process.stderr.write(`${script} exited ${rc}\n`);
    worst = Math.max(worst, Math.min(rc, EXIT.error));
  }
  return worst;
}


if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runMain(main);
