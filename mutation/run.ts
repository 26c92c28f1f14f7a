// npm run mutation -- [--mutate <files> | --sample N] [--force] [--report-only]: StrykerJS over model/ with the fast property
// subset as its test command (stryker.config.mjs), incremental, then reports/mutation.md from its
// report and the committed verdicts (mutation/triage.json).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXIT, parseCli, runMain, UsageError } from '../cli/args.ts';
import { writeFileAtomic } from '../lib/files.ts';
import { addedByTriage } from './added.ts';
import { render, type StrykerReport, type Verdict } from './report.ts';
import { allMutants, draw, keyOf, nodeOf, nodesOf, rangePattern, SAMPLE_SEED, type Sample } from './sample.ts';

const ROOT = join(import.meta.dirname, '..');
const INCREMENTAL = join(ROOT, 'mutation', 'stryker-incremental.json');
const TRIAGE = join(ROOT, 'mutation', 'triage.json');
const REPORT = join(ROOT, 'reports', 'mutation.md');
const SAMPLE = join(ROOT, 'mutation', 'sample.json');
const THRESHOLD = 85;

const spec = {
  usage: 'npm run mutation -- [--mutate <files> | --sample N] [--force] [--report-only] [--from-events <dir>]',
  about: `Mutates model/ with StrykerJS and runs the fast property subset (mutation/fast-properties.ts) against each mutant, reusing every earlier result (incremental: mutation/stryker-incremental.json), then writes reports/mutation.md. A run over the whole of model/ takes hours on two cores; --mutate runs some files now (their results join the earlier ones). Exit 0: score ≥ ${THRESHOLD}% and every survivor judged equivalent in mutation/triage.json; 1: not so (a survivor untriaged or open); 2: Stryker or input failed.`,
  options: {
    mutate: { type: 'string', arg: 'files', help: 'comma-separated files (or globs) of model/ to mutate this time (default: the mutate set of stryker.config.mjs)' },
    sample: { type: 'string', arg: 'n', help: `test the mutants of n nodes drawn at random among those whose mutants have no result yet (drawn once, seed ${SAMPLE_SEED}, kept in mutation/sample.json; a larger n keeps the earlier draw), and estimate the score of all of model/ from it` },
    force: { type: 'boolean', help: 'test every mutant of the files mutated this time again, even those with a recorded result (after properties were added: incremental mode re-tests only changed code)' },
    'report-only': { type: 'boolean', help: 'do not run Stryker: render reports/mutation.md from the results already recorded' },
    'from-events': { type: 'string', arg: 'dir', help: 'do not run Stryker: add the results of an interrupted run (Stryker --reporters progress,event-recorder, eventReporter.baseDir) to the recorded ones, then render' },
  },
} as const;

/** Stryker's mutate set: every .ts file under model/ but the config's exclusions. */
async function mutateSet(): Promise<string[]> {
  const config = (await import(join(ROOT, 'stryker.config.mjs'))).default as { mutate: string[] };
  const excluded = new Set(config.mutate.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  return walk(join(ROOT, 'model')).map((f) => relative(ROOT, f)).filter((f) => !excluded.has(f)).sort();
}

function readJson<T>(file: string, what: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new UsageError(`${relative(ROOT, file)} (${what}): ${(e as Error).message}`);
  }
}

function readTriage(): Verdict[] {
  if (!existsSync(TRIAGE)) return [];
  const t = readJson<unknown>(TRIAGE, 'triage verdicts');
  if (!Array.isArray(t)) throw new UsageError('mutation/triage.json: expected an array of verdicts');
  t.forEach((v, i) => {
    for (const k of ['file', 'mutator', 'original', 'replacement', 'why']) if (typeof v?.[k] !== 'string') throw new UsageError(`mutation/triage.json[${i}].${k}: expected a string`);
    if (!Number.isInteger(v.line)) throw new UsageError(`mutation/triage.json[${i}].line: expected an integer`);
    if (!['equivalent', 'open', 'killed'].includes(v.verdict)) throw new UsageError(`mutation/triage.json[${i}].verdict: expected "equivalent", "open" or "killed"`);
  });
  return t as Verdict[];
}

/**
 * Stryker keeps only what it mutated this time: put back the earlier results of the other files, and
 * of the other mutants of a file it mutated only in part (ranges), while that file is unchanged.
 */
function keepEarlier(before: StrykerReport | null): void {
  if (!before || !existsSync(INCREMENTAL)) return;
  const now = readJson<StrykerReport>(INCREMENTAL, 'Stryker report');
  mergeEarlier(now, before);
  for (const [f, v] of Object.entries(before.testFiles ?? {})) if (!(f in (now.testFiles ?? {}))) (now.testFiles ??= {})[f] = v;
  writeFileAtomic(INCREMENTAL, `${JSON.stringify(now)}\n`);
}

/** Into `now`, the results of `before` that `now` lacks: whole files, or single mutants of an unchanged file. */
function mergeEarlier(now: StrykerReport, before: StrykerReport): void {
  const key = (f: string, m: StrykerReport['files'][string]['mutants'][number]) => keyOf({ file: f, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: m.replacement ?? '' });
  for (const [f, v] of Object.entries(before.files)) {
    const cur = now.files[f];
    if (!cur) { now.files[f] = v; continue; }
    if (cur.source !== v.source) continue;
    const have = new Set(cur.mutants.map((m) => key(f, m)));
    let id = cur.mutants.reduce((mx, m) => Math.max(mx, Number(m.id) || 0), 0);
    for (const m of v.mutants) if (!have.has(key(f, m))) cur.mutants.push({ ...m, id: String(++id) });
  }
}

/**
 * An interrupted run leaves no report, but the event recorder wrote every mutant's result as it
 * came: add those (and the tests of the dry run) to the recorded results, file by file.
 */
function fromEvents(dir: string): void {
  if (!existsSync(dir)) throw new UsageError(`--from-events: no directory ${dir}`);
  const names = readdirSync(dir).sort();
  const dry = names.find((f) => f.endsWith('-onDryRunCompleted.json'));
  if (!dry) throw new UsageError(`--from-events: ${dir} holds no onDryRunCompleted event`);
  const tests = readJson<{ result: { tests: Array<{ id: string; name: string; fileName: string }> } }>(join(dir, dry), 'dry run').result.tests;
  const report: StrykerReport & Record<string, unknown> = existsSync(INCREMENTAL) ? readJson(INCREMENTAL, 'Stryker report') : { schemaVersion: '2', thresholds: { high: 90, low: 85 }, files: {}, testFiles: {} };
  const testFiles = (report.testFiles ??= {}) as Record<string, { source?: string; tests: Array<{ id: string; name: string }> }>;
  for (const t of tests) {
    const f = relative(ROOT, t.fileName);
    testFiles[f] ??= { source: readFileSync(t.fileName, 'utf8'), tests: [] };
    if (!testFiles[f].tests.some((x) => x.id === t.id)) testFiles[f].tests.push({ id: t.id, name: t.name });
  }
  const fresh = new Map<string, StrykerReport['files'][string]>();
  for (const n of names.filter((f) => f.endsWith('-onMutantTested.json'))) {
    const { fileName, ...m } = readJson<{ fileName: string } & StrykerReport['files'][string]['mutants'][number]>(join(dir, n), 'mutant result');
    const f = relative(ROOT, fileName);
    if (!fresh.has(f)) fresh.set(f, { language: 'typescript', source: readFileSync(fileName, 'utf8'), mutants: [] } as StrykerReport['files'][string]);
    fresh.get(f)!.mutants.push(m);
  }
  const before: StrykerReport = { files: { ...report.files } };
  for (const [f, v] of fresh) report.files[f] = v;
  mergeEarlier(report, before);
  // What the interrupted run planned, per file, so the report can say how much of it was tested.
  const plan = names.find((f) => f.endsWith('-onMutationTestingPlanReady.json'));
  if (plan) {
    const planned = (report.planned ??= {}) as Record<string, number>;
    for (const x of readJson<{ mutantPlans: Array<{ mutant: { fileName: string } }> }>(join(dir, plan), 'plan').mutantPlans) {
      const f = relative(ROOT, x.mutant.fileName);
      if (fresh.has(f)) planned[f] = 0;
    }
    for (const x of readJson<{ mutantPlans: Array<{ mutant: { fileName: string } }> }>(join(dir, plan), 'plan').mutantPlans) {
      const f = relative(ROOT, x.mutant.fileName);
      if (fresh.has(f)) planned[f]++;
    }
  }
  writeFileAtomic(INCREMENTAL, `${JSON.stringify(report)}\n`);
}

/** The sample to test: the stored draw if it holds n mutants, else a new draw of n from the mutants without a result. */
async function sampleOf(n: number): Promise<Sample> {
  const stored = existsSync(SAMPLE) ? readJson<Sample>(SAMPLE, 'mutant sample') : null;
  if (stored && nodesOf(stored.mutants).length >= n) {
    const keep = new Set(nodesOf(stored.mutants).slice(0, n));
    return { ...stored, mutants: stored.mutants.filter((m) => keep.has(nodeOf(m))) };
  }
  const report = existsSync(INCREMENTAL) ? readJson<StrykerReport>(INCREMENTAL, 'Stryker report') : { files: {} };
  const drawnBefore = new Set((stored?.mutants ?? []).map(keyOf));
  const done = new Set<string>();
  for (const [f, v] of Object.entries(report.files)) {
    for (const m of v.mutants) {
      const k = keyOf({ file: f, line: m.location.start.line, column: m.location.start.column, mutator: m.mutatorName, replacement: m.replacement ?? '' });
      if (!drawnBefore.has(k)) done.add(k);
    }
  }
  const population = (await allMutants(ROOT, await mutateSet())).filter((m) => !done.has(keyOf(m)));
  const fullFiles = stored?.fullFiles ?? Object.keys(report.files).sort();
  const sample: Sample = { seed: SAMPLE_SEED, population: population.length, nodes: nodesOf(population).length, fullFiles, mutants: draw(population, n, SAMPLE_SEED) };
  writeFileAtomic(SAMPLE, `${JSON.stringify(sample, null, 1)}\n`);
  return sample;
}

async function main(): Promise<number> {
  const { values } = parseCli(spec);
  const scope = await mutateSet();
  let mutate = values.mutate as string | undefined;
  if (values.sample !== undefined) {
    const n = Number(values.sample);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--sample: expected a whole number of mutants ≥ 1, got "${values.sample}"`);
    if (mutate) throw new UsageError('--sample and --mutate choose the mutants both: give one of them');
    mutate = (await sampleOf(n)).mutants.map(rangePattern).join(',');
  }
  if (values['from-events']) fromEvents(values['from-events'] as string);
  else if (!values['report-only']) {
    const before = existsSync(INCREMENTAL) ? readJson<StrykerReport>(INCREMENTAL, 'Stryker report') : null;
    const args = ['stryker', 'run', ...(mutate ? ['--mutate', mutate] : []), ...(values.force ? ['--force'] : [])];
    const env = values.sample !== undefined ? { ...process.env, STRYKER_SAMPLE: SAMPLE } : process.env;
    const r = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit', env });
    if (r.status !== 0) {
      process.stderr.write(`error: stryker exited with ${r.status ?? r.signal}\n`);
      return EXIT.error;
    }
    keepEarlier(before);
  }
  if (!existsSync(INCREMENTAL)) throw new UsageError('mutation/stryker-incremental.json: no results yet (run without --report-only)');
  const report = readJson<StrykerReport>(INCREMENTAL, 'Stryker report');
  const changed = Object.entries(report.files).filter(([f, v]) => !existsSync(join(ROOT, f)) || readFileSync(join(ROOT, f), 'utf8') !== v.source).map(([f]) => f);
  const sample = existsSync(SAMPLE) ? readJson<Sample>(SAMPLE, 'mutant sample') : null;
  const out = render(report, readTriage(), scope, addedByTriage, THRESHOLD, changed, sample);
  writeFileAtomic(REPORT, out.text);
  process.stdout.write(`reports/mutation.md: score ${out.score.toFixed(1)}%, ${out.untriaged} survivor(s) untriaged, ${out.open} open${out.wrongKills ? `, ${out.wrongKills} "killed" verdict(s) not borne out` : ''}\n`);
  return out.score >= THRESHOLD && out.untriaged === 0 && out.open === 0 && out.wrongKills === 0 ? EXIT.ok : EXIT.failed;
}

void runMain(main);
