// npm run model-range -- --trace <substring> [--field <substring>] [--seeds N]: the model's range of
// each timing field of one conformance trace over many seeds (the report uses 32). A field the model
// shows in one seed of 32, or whose spread is wide, is compared with the real runs over a few seeds
// only; this gives its range over hundreds, to tell sampling from a disagreement (explained.json).
import { EXIT, intValue, parseCli, runMain, UsageError } from '../cli/args.ts';
import { printable } from '../lib/text.ts';
import { conformanceTraces } from './catalog.ts';
import { modelTimings } from './harness.ts';
import { simulateStandalone } from './standalone-run.ts';
import { standaloneModelTimings } from './standalone-timing.ts';
import type { Trace } from '../model/kernel/trace.ts';

const spec = {
  usage: 'npm run model-range -- --trace <substring> [--field <substring>] [--seeds N]',
  about: 'Runs the model on one conformance trace (as the harness plays it) with seeds trace.seed … trace.seed + N − 1 and prints, per timing field, how many runs show it and its range; nothing real is started.',
  options: {
    trace: { type: 'string', arg: 'substring', help: 'the trace whose name contains it (exactly one must match)' },
    field: { type: 'string', arg: 'substring', help: 'only the timing fields whose name contains it' },
    seeds: { type: 'string', arg: 'N', help: 'model runs, 1–4096 (default 256)' },
  },
} as const;

/** Each seed's timing fields, as the harness derives them for the trace's deployment kind. */
function timingsOver(t: Trace, seeds: number): Array<Map<string, number>> {
  if (t.config.topology === 'cluster') return modelTimings(t, seeds);
  return Array.from({ length: seeds }, (_, k) => {
    const run = simulateStandalone({ ...t, seed: t.seed + k });
    if ('error' in run) throw new Error(`model run with seed ${t.seed + k}: ${run.error}`);
    return standaloneModelTimings({ ...t, seed: t.seed + k }, run.outcome, run.writes);
  });
}

async function main(): Promise<number> {
  const { values } = parseCli(spec);
  const want = values.trace as string | undefined;
  if (!want) throw new UsageError('--trace: expected a substring of a conformance trace\'s name');
  const seeds = intValue(values.seeds as string | undefined, '--seeds', 256);
  if (seeds > 4096) throw new UsageError(`--seeds: expected at most 4096 model runs, got ${seeds}`);
  const matches = conformanceTraces().flatMap((x) => ('t' in x && x.t.name.includes(want) ? [x.t] : []));
  if (matches.length !== 1) throw new UsageError(`--trace ${JSON.stringify(printable(want))}: expected one trace, ${matches.length ? `matched ${matches.length}: ${matches.slice(0, 5).map((t) => t.name.split(' [')[0]).join('; ')}${matches.length > 5 ? '; …' : ''}` : 'matched none'}`);
  const field = (values.field as string | undefined) ?? '';
  const values_ = new Map<string, number[]>();
  for (const m of timingsOver(matches[0], seeds)) {
    for (const [k, v] of m) if (k.includes(field)) (values_.get(k) ?? values_.set(k, []).get(k)!).push(v);
  }
  process.stdout.write(`${matches[0].name}: ${seeds} model seeds from ${matches[0].seed}\n`);
  for (const [k, vs] of [...values_].sort(([a], [b]) => a.localeCompare(b))) {
    vs.sort((a, b) => a - b);
    const q = (p: number) => vs[Math.min(vs.length - 1, Math.floor(p * vs.length))];
    process.stdout.write(`${k}: ${vs.length}/${seeds} runs, ${vs[0]}–${vs[vs.length - 1]} (median ${q(0.5)}, 5% ${q(0.05)}, 95% ${q(0.95)})\n`);
  }
  return EXIT.ok;
}

await runMain(main);
