// npm run conformance [-- --only <substring>]... [--jobs N] [--generated N] [--repeat R] [--seeds K] [--out <file.md>]: runs
// scenarios/*.json and the generated traces against real Redis 7.0 clusters and writes the report
// atomically — reports/conformance.md for the full catalog, a file of its own for a subset — only when
// every selected trace was run and compared. Each trace runs R times on real clusters and K times in the
// model (seeds), and its timing fields' ranges are compared (ranges.ts). Exit 0 all agree, 1 a class
// disagreement or timing ranges apart without an explanation in conformance/explained.json, 2 bad input
// or a trace that could not be run (no report written then).
import { join, relative, resolve } from 'node:path';
import { EXIT, intValue, parseCli, runMain, UsageError } from '../cli/args.ts';
import { printable } from '../lib/text.ts';
import type { Trace } from '../model/kernel/trace.ts';
import { cleanupAll, partitionsSupported } from './cluster.ts';
import { unsupported } from './play.ts';
import { unsupportedStandalone } from './standalone-play.ts';
import { conformanceTraces, DEFAULT_GENERATED, DEFAULT_GENERATED_STANDALONE, type Source } from './catalog.ts';
import { DEFAULT_SEEDS, runTrace, type TraceResult } from './harness.ts';
import { loadExplanations, traceKey, type Explanations } from './ranges.ts';
import { agreementLine, render, tally, timingTallyAll, writeAtomic } from './report.ts';
import { describeReap, prepare } from './runstate.ts';
import { loadRuns, saveRuns, SAVED_DIR, slug } from './saved.ts';

const root = new URL('..', import.meta.url).pathname;
const FULL_REPORT = join(root, 'reports', 'conformance.md');
const DEFAULT_REPEAT = 2;
const EXPLAINED = join(root, 'conformance', 'explained.json');

const TOPOLOGIES = ['cluster', 'sentinel', 'replication'] as const;

const spec = {
  usage: 'npm run conformance -- [--only <substring>]... [--topology cluster|sentinel|replication]... [--jobs N] [--generated N] [--generated-standalone N] [--repeat R] [--seeds K] [--reuse] [--out <file.md>]',
  about: 'Plays scenarios/*.json and N traces from the property generators on real redis-server 7.0 clusters\n' +
    '(sentinel and replication traces: standalone nodes, Sentinels as redis-server --sentinel)\n' +
    '(127.0.x.y, iptables for partitions), compares each with the model — outcome classes, and timing ranges\n' +
    '(model over K seeds, real over R runs) — and writes the report. Exit 0: every trace agrees; 1: a\n' +
    'disagreement (timing ranges apart count unless conformance/explained.json explains them); 2: bad input,\n' +
    'or a trace that could not be run (no report is written).\n' +
    'Leftovers of an interrupted run (redis-servers, iptables chains, temp dirs) are cleaned up first.\n' +
    `Every trace's real runs are saved in ${relative(process.cwd(), SAVED_DIR) || SAVED_DIR}/; --reuse compares those with the model again`,
  options: {
    only: { type: 'string', multiple: true, arg: 'substring', help: 'run only traces whose name or source contains it (repeatable); the report goes to reports/conformance-<slug>.md' },
    jobs: { type: 'string', arg: 'N', help: 'clusters run in parallel, 1–8 (default 2; traces with partitions run one at a time)' },
    topology: { type: 'string', multiple: true, arg: 'kind', help: 'run only traces of this deployment kind: cluster, sentinel or replication (repeatable; a subset run)' },
    generated: { type: 'string', arg: 'N', help: `traces drawn from the property generators (default ${DEFAULT_GENERATED}; another number is a subset run)` },
    'generated-standalone': { type: 'string', arg: 'N', help: `generated sentinel and replication traces (conformance/generate-standalone.ts; default ${DEFAULT_GENERATED_STANDALONE}; another number is a subset run)` },
    repeat: { type: 'string', arg: 'R', help: `real runs of each trace, 1–10, each on a fresh cluster and port block (default ${DEFAULT_REPEAT})` },
    seeds: { type: 'string', arg: 'K', help: `model runs of each trace, seeds trace.seed … trace.seed + K − 1, 1–64 (default ${DEFAULT_SEEDS})` },
    out: { type: 'string', arg: 'file.md', help: 'where to write the report (a subset run may not write reports/conformance.md)' },
    reuse: { type: 'boolean', help: 'play nothing: compare the real runs the last run saved (same traces) with the model again — after a model change or a new explanation' },
  },
} as const;



const reportSlug = (s: string) => slug(s) || 'subset';

/** The report's path and, for a subset, how it was selected (null for the full catalog). */
function reportTarget(only: string[], nGen: number, out: string | undefined, topologies: string[] = [], nStd = DEFAULT_GENERATED_STANDALONE): { path: string; subset: string | null } {
  const parts = [...only.map((o) => `--only ${JSON.stringify(o)}`), ...topologies.map((k) => `--topology ${k}`), ...(nGen !== DEFAULT_GENERATED ? [`--generated ${nGen}`] : []),
    ...(nStd !== DEFAULT_GENERATED_STANDALONE ? [`--generated-standalone ${nStd}`] : [])];
  const subset = parts.length ? parts.join(' ') : null;
  const name = [...only, ...topologies, ...(nGen !== DEFAULT_GENERATED ? [`generated-${nGen}`] : []), ...(nStd !== DEFAULT_GENERATED_STANDALONE ? [`standalone-${nStd}`] : [])].map(reportSlug).join('+');
  const path = out !== undefined ? resolve(out) : subset ? join(root, 'reports', `conformance-${name}.md`) : FULL_REPORT;
  if (subset && path === FULL_REPORT) throw new UsageError(`--out: a subset run (${subset}) may not overwrite reports/conformance.md`);
  return { path, subset };
}

function line(r: TraceResult, i: number, n: number): string {
  const bad = r.fields.filter((f) => !f.agree).map((f) => f.field);
  const what = r.skipped ? `NOT RUN: ${r.skipped}` : r.error ? `ERROR ${r.error.split('\n')[0]}` : r.modelError ? `real run done; model not available (${r.modelError})` : bad.length ? `disagree: ${bad.join(', ')}` : 'agree';
  const compared = r.timings.filter((x) => x.overlap !== null);
  const apart = compared.filter((x) => x.overlap === false && !x.explained).map((x) => x.field);
  const timing = r.skipped || r.error || r.modelError ? '' : `; timings ${compared.length - compared.filter((x) => x.overlap === false).length}/${compared.length} overlap${apart.length ? `, apart: ${apart.join('; ')}` : ''}`;
  return `[${i + 1}/${n}] ${what}${timing} (${r.seconds}s)\n`;
}

/** Explanations naming a trace that was run but a field that is not apart (stale, or never matched). */
function unusedExplanations(ex: Explanations, results: TraceResult[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    const mine = ex[traceKey(r.trace.name)] ?? {};
    for (const field of Object.keys(mine)) {
      const row = r.timings.find((x) => x.field === field);
      if (!row || row.overlap !== false) out.push(`${traceKey(r.trace.name)} → ${field}: ${row ? (row.overlap ? 'the ranges overlap' : 'n/a') : 'no such timing field'}`);
    }
  }
  return out;
}

async function main(): Promise<number> {
  const { values } = parseCli(spec);
  const only = (values.only as string[] | undefined) ?? [];
  if (only.some((o) => o === '')) throw new UsageError('--only: expected a non-empty substring');
  const jobs = intValue(values.jobs as string | undefined, '--jobs', 2);
  // Slot k uses 127.0.<k+1>.x; test/conformance.test.ts uses slots 10–12.
  if (jobs > 8) throw new UsageError(`--jobs: expected at most 8 parallel clusters, got ${jobs}`);
  const nGen = intValue(values.generated as string | undefined, '--generated', DEFAULT_GENERATED, 0);
  if (values.out === '') throw new UsageError('--out: expected a file path');
  const topologies = (values.topology as string[] | undefined) ?? [];
  for (const k of topologies) if (!(TOPOLOGIES as readonly string[]).includes(k)) throw new UsageError(`--topology: expected one of ${TOPOLOGIES.join(', ')}, got "${printable(k)}"`);
  const nStd = intValue(values['generated-standalone'] as string | undefined, '--generated-standalone', DEFAULT_GENERATED_STANDALONE, 0);
  const target = reportTarget(only, nGen, values.out as string | undefined, topologies, nStd);
  const reuse = values.reuse === true;
  if (reuse && values.repeat !== undefined) throw new UsageError('--repeat: not with --reuse (the saved runs are what is compared)');
  const repeat = intValue(values.repeat as string | undefined, '--repeat', DEFAULT_REPEAT);
  if (repeat > 10) throw new UsageError(`--repeat: expected at most 10 real runs per trace, got ${repeat}`);
  const seeds = intValue(values.seeds as string | undefined, '--seeds', DEFAULT_SEEDS);
  if (seeds > 64) throw new UsageError(`--seeds: expected at most 64 model seeds, got ${seeds}`);
  let explained: Explanations;
  try { explained = loadExplanations(EXPLAINED); } catch (e) { throw new UsageError(printable((e as Error).message)); }

  const kindOk = (x: Source) => !topologies.length || ('t' in x ? topologies.includes(x.t.config.topology) : true);
  const pick = (x: Source) => kindOk(x) && (!only.length || only.some((o) => ('t' in x && x.t.name.includes(o)) || x.source.includes(o)));
  const all = conformanceTraces(nGen, nStd);
  const chosen = all.filter(pick);
  const invalid = chosen.filter((x): x is { error: string; source: string } => 'error' in x);
  if (invalid.length) throw new UsageError(`invalid trace file(s): ${invalid.map((x) => `${x.source}: ${printable(x.error)}`).join('; ')}`);
  const todo = chosen.filter((x): x is { t: Trace; source: string } => 't' in x);
  if (!todo.length) throw new UsageError(`no trace selected${only.length || topologies.length ? `: ${[...only.map((o) => `--only ${JSON.stringify(printable(o))}`), ...topologies.map((k) => `--topology ${k}`)].join(', ')} matches no trace` : ''}`);

  // What the harness can never play (a finite slow link, a clock jump, a slow disk, WAIT: the same on
  // every machine) is left out and listed in the report; a trace this machine cannot play (no
  // iptables) means no report: say so before an hour of runs, not after.
  const net = partitionsSupported();
  const anywhere = { ok: true, reason: '' };
  const whyNot = (t: Trace, n: typeof net) => (t.config.topology === 'cluster' ? unsupported(t, n) : unsupportedStandalone(t, n));
  const notPlayed: NotPlayed = todo.map((x) => ({ name: x.t.name, source: x.source, why: whyNot(x.t, anywhere) })).filter((c): c is { name: string; source: string; why: string } => c.why !== null);
  for (const c of notPlayed) process.stdout.write(`not played (the harness cannot play it anywhere): ${printable(c.name)}: ${c.why}\n`);
  todo.splice(0, todo.length, ...todo.filter((x) => whyNot(x.t, anywhere) === null));
  if (reuse) return reuseSaved(todo, seeds, explained, target, notPlayed);
  const cannot = todo.map((x) => ({ x, why: whyNot(x.t, net) })).filter((c) => c.why);
  if (cannot.length) {
    process.stderr.write(`error: ${cannot.length} selected trace(s) not runnable here, so no report could be written; select the others (--only, --topology):\n${cannot.map((c) => `  ${c.x.source}: ${printable(c.x.t.name.split(' [')[0])}: ${c.why}`).join('\n')}\n`);
    return EXIT.error;
  }

  const reap = describeReap(prepare({ legacy: true }));
  if (reap) process.stdout.write(`${reap}\n`);

  // Traces with partitions (or delays played as one-way cuts) use iptables: they run alone (slot 0) after the others.
  const results: TraceResult[] = new Array(todo.length);
  const hasNet = (t: Trace) => t.events.some((e) => e.type === 'partition' || e.type === 'heal' || e.type === 'delay');
  const items = todo.map((x, i) => ({ ...x, i }));
  const queue = items.filter((x) => !hasNet(x.t));
  const netQueue = items.filter((x) => hasNet(x.t));
  const worker = async (slot: number, q: typeof queue) => {
    for (let item = q.shift(); item; item = q.shift()) {
      process.stdout.write(`[${item.i + 1}/${todo.length}] ${item.t.name} …\n`);
      const r = await runTrace(item.t, item.source, slot, { repeat, seeds, explained: explained[traceKey(item.t.name)] ?? {} });
      results[item.i] = r;
      if (r.reals.length) saveRuns(r.trace, r.reals);
      process.stdout.write(line(r, item.i, todo.length));
    }
  };
  await Promise.all(Array.from({ length: jobs }, (_, k) => worker(k, queue)));
  await worker(0, netQueue);
  return finish(results, explained, target, notPlayed);
}

/** --reuse: every selected trace's saved real runs compared with the model again; nothing is played. */
async function reuseSaved(todo: Array<{ t: Trace; source: string }>, seeds: number, explained: Explanations, target: { path: string; subset: string | null }, notPlayed: NotPlayed): Promise<number> {
  const saved = todo.map((x) => ({ ...x, s: loadRuns(x.t) }));
  const missing = saved.filter((x) => 'error' in x.s).map((x) => `${printable(x.t.name.split(' [')[0])}: ${'error' in x.s ? x.s.error : ''}`);
  if (missing.length) throw new UsageError(`--reuse: ${missing.length} selected trace(s) have no saved real runs to reuse; run them without --reuse (or select others):\n  ${missing.join('\n  ')}`);
  const results: TraceResult[] = [];
  for (const [i, x] of saved.entries()) {
    const reals = 'reals' in x.s ? x.s.reals : [];
    const r = await runTrace(x.t, x.source, 0, { repeat: reals.length, seeds, explained: explained[traceKey(x.t.name)] ?? {}, saved: reals });
    results.push(r);
    process.stdout.write(line(r, i, saved.length));
  }
  return finish(results, explained, { ...target, reused: true }, notPlayed);
}

type NotPlayed = Array<{ name: string; source: string; why: string }>;

/** Tally, write the report (only when every trace was compared) and choose the exit code. */
function finish(results: TraceResult[], explained: Explanations, target: { path: string; subset: string | null; reused?: boolean }, notPlayed: NotPlayed): number {
  const notRun = results.filter((r) => r.skipped || r.error);
  if (notRun.length) {
    process.stderr.write(`error: ${notRun.length} of ${results.length} trace(s) could not be run (${notRun.map((r) => printable(r.trace.name.split(' [')[0])).join('; ')}); no report written\n`);
    return EXIT.error;
  }
  const t = tally(results);
  const noModel = results.filter((r) => r.modelError);
  if (!t.fields && !noModel.length) {
    process.stderr.write('error: nothing was compared (agreement 0/0); no report written\n');
    return EXIT.error;
  }
  const unused = unusedExplanations(explained, results);
  writeAtomic(target.path, render(results, target.subset, unused, notPlayed, target.reused ?? false));
  for (const u of unused) process.stdout.write(`note: explanation not used: ${u}\n`);
  process.stdout.write(`agreement: ${agreementLine(results)}; report: ${relative(process.cwd(), target.path) || target.path}\n`);
  if (noModel.length) process.stdout.write(`note: model not available for ${noModel.length} trace(s) (real runs reported, not compared; outcomes in ${relative(process.cwd(), SAVED_DIR)}/)\n`);
  if (!t.fields) {
    process.stderr.write('error: nothing was compared: the model is not available for any selected trace (the report shows the real runs only)\n');
    return EXIT.error;
  }
  return t.agree === t.traces && timingTallyAll(results).unexplained === 0 ? EXIT.ok : EXIT.failed;
}

// An error thrown outside main's await (a socket callback…) still ends our redis-servers and chains.
process.on('uncaughtException', (e) => {
  process.stderr.write(`internal error: ${e?.message ?? String(e)}${process.env.DEBUG ? `\n${e?.stack}` : ' (DEBUG=1 for the stack)'}\n`);
  cleanupAll();
  process.exit(EXIT.error);
});

await runMain(main);
cleanupAll();
