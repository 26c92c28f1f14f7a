// npm run mutation -- [--mutate <files>] [--force] [--report-only]: StrykerJS over model/ with the fast property
// subset as its test command (stryker.config.mjs), incremental, then reports/mutation.md from its
// report and the committed verdicts (mutation/triage.json).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXIT, parseCli, runMain, UsageError } from '../cli/args.ts';
import { writeFileAtomic } from '../lib/files.ts';
import { addedByTriage } from './added.ts';
import { render, type StrykerReport, type Verdict } from './report.ts';

const ROOT = join(import.meta.dirname, '..');
const INCREMENTAL = join(ROOT, 'mutation', 'stryker-incremental.json');
const TRIAGE = join(ROOT, 'mutation', 'triage.json');
const REPORT = join(ROOT, 'reports', 'mutation.md');
const THRESHOLD = 85;

const spec = {
  usage: 'npm run mutation -- [--mutate <files>] [--force] [--report-only] [--from-events <dir>]',
  about: `Mutates model/ with StrykerJS and runs the fast property subset (mutation/fast-properties.ts) against each mutant, reusing every earlier result (incremental: mutation/stryker-incremental.json), then writes reports/mutation.md. A run over the whole of model/ takes hours on two cores; --mutate runs some files now (their results join the earlier ones). Exit 0: score ≥ ${THRESHOLD}% and every survivor judged equivalent in mutation/triage.json; 1: not so (a survivor untriaged or open); 2: Stryker or input failed.`,
  options: {
    mutate: { type: 'string', arg: 'files', help: 'comma-separated files (or globs) of model/ to mutate this time (default: the mutate set of stryker.config.mjs)' },
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

/** Stryker keeps only the files it mutated this time: put back the earlier results of the others. */
function keepEarlier(before: StrykerReport | null): void {
  if (!before || !existsSync(INCREMENTAL)) return;
  const now = readJson<StrykerReport>(INCREMENTAL, 'Stryker report');
  for (const [f, v] of Object.entries(before.files)) if (!(f in now.files)) now.files[f] = v;
  for (const [f, v] of Object.entries(before.testFiles ?? {})) if (!(f in (now.testFiles ?? {}))) (now.testFiles ??= {})[f] = v;
  writeFileAtomic(INCREMENTAL, `${JSON.stringify(now)}\n`);
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
  for (const [f, v] of fresh) report.files[f] = v;
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

async function main(): Promise<number> {
  const { values } = parseCli(spec);
  const scope = await mutateSet();
  if (values['from-events']) fromEvents(values['from-events'] as string);
  else if (!values['report-only']) {
    const before = existsSync(INCREMENTAL) ? readJson<StrykerReport>(INCREMENTAL, 'Stryker report') : null;
    const args = ['stryker', 'run', ...(values.mutate ? ['--mutate', values.mutate as string] : []), ...(values.force ? ['--force'] : [])];
    const r = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) {
      process.stderr.write(`error: stryker exited with ${r.status ?? r.signal}\n`);
      return EXIT.error;
    }
    keepEarlier(before);
  }
  if (!existsSync(INCREMENTAL)) throw new UsageError('mutation/stryker-incremental.json: no results yet (run without --report-only)');
  const report = readJson<StrykerReport>(INCREMENTAL, 'Stryker report');
  const changed = Object.entries(report.files).filter(([f, v]) => !existsSync(join(ROOT, f)) || readFileSync(join(ROOT, f), 'utf8') !== v.source).map(([f]) => f);
  const out = render(report, readTriage(), scope, addedByTriage, THRESHOLD, changed);
  writeFileAtomic(REPORT, out.text);
  process.stdout.write(`reports/mutation.md: score ${out.score.toFixed(1)}%, ${out.untriaged} survivor(s) untriaged, ${out.open} open${out.wrongKills ? `, ${out.wrongKills} "killed" verdict(s) not borne out` : ''}\n`);
  return out.score >= THRESHOLD && out.untriaged === 0 && out.open === 0 && out.wrongKills === 0 ? EXIT.ok : EXIT.failed;
}

void runMain(main);
