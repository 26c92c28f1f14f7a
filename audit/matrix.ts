// npm run matrix: reports/matrix.md — configurations × fault families, measured by running the
// model (issue 4), with runbook 000's tables 5.1 and 5.2 beside the measurements, the Sentinel
// deployments' rows after the Cluster ones (issue 12), and one evidence trace + report per cell in
// reports/matrix/. Nothing in the output is typed by hand, and nothing in
// it depends on the machine: --runs / MATRIX_RUNS (default 8), --seed / MATRIX_SEED (default 1).
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, intValue, parseCli, runMain, UsageError, type CommandSpec } from '../cli/args.ts';
import { progress } from '../lib/progress.ts';
import { SEED_OPTIONS, seedOf } from '../cli/seed.ts';
import { configId, familyById, type Family, type MatrixConfig } from './matrix-families.ts';
import { layout } from './matrix-layout.ts';
import { runCell, runSeeds, type AnyMatrixConfig, type Cell } from './matrix-measure.ts';
import { renderEvidence, renderMatrix } from './matrix-render.ts';
import { sentinelConfigId, sentinelLayout, type SentinelMatrixConfig } from './matrix-sentinel.ts';
import { renderSentinelPart } from './matrix-sentinel-render.ts';
import { loadTables, requiredTargets, runbookAvailable, runbookPath, targetId, unfaithfulQuotes } from './matrix-tables.ts';

const ROOT = join(import.meta.dirname, '..');
const REPORTS = join(ROOT, 'reports');
const DIR = join(REPORTS, 'matrix');

export const MATRIX_SEED = 1;

const SPEC: CommandSpec = {
  usage: 'npm run matrix -- [--runs N] [--seed N | --fresh]',
  about: 'Runs every configuration × fault family cell of audit/matrix-layout.ts (Cluster) and audit/matrix-sentinel.ts (Sentinel) and writes reports/matrix.md and reports/matrix/. '
    + 'Environment: MATRIX_RUNS, MATRIX_SEED (a flag wins). Exit 0 when written, 1 when a quote of audit/tables-5.json is not the runbook\'s text, 2 on bad input.',
  options: {
    runs: { type: 'string', arg: 'n', help: 'seeded runs per cell (default 8)' },
    ...SEED_OPTIONS,
  },
};

/** Write via a temporary file and a rename, so a reader never sees half a file. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const idOf = (family: string, c: MatrixConfig) => `${family}--${configId(c)}`;
const sentinelIdOf = (family: string, c: SentinelMatrixConfig) => `${family}--${sentinelConfigId(c)}`;

function main(): number {
  const { values } = parseCli(SPEC);
  const runs = intValue(values.runs as string | undefined ?? process.env.MATRIX_RUNS, values.runs !== undefined ? '--runs' : 'MATRIX_RUNS', 8);
  const s = seedOf(values, 'MATRIX_SEED', MATRIX_SEED);
  const seed = s.seed;
  const seeds = runSeeds(seed, runs);
  process.stdout.write(`matrix: ${runs} runs per cell, ${s.note}\n`);
  const tables = loadTables();
  // The runbook is in the repository (seeds/): a missing file is an error, not a skipped check.
  if (!runbookAvailable(tables)) throw new UsageError(`audit/tables-5.json: source ${tables.source} not found in the repository`);
  const bad = unfaithfulQuotes(tables, runbookPath(tables));
  if (bad.length) { process.stderr.write(`audit/tables-5.json: quotes not found in the runbook:\n${bad.map((b) => `  ${b}`).join('\n')}\n`); return EXIT.failed; }

  const layouts = layout();
  const specs = new Map<string, { family: Family<AnyMatrixConfig>; config: AnyMatrixConfig }>();
  for (const l of layouts) for (const c of [...l.main, ...l.other]) specs.set(idOf(l.family.id, c), { family: l.family as Family<AnyMatrixConfig>, config: c });
  for (const t of requiredTargets(tables)) specs.set(targetId(t), { family: familyById(t.family) as Family<AnyMatrixConfig>, config: t.config });
  const sentinelLayouts = sentinelLayout();
  for (const l of sentinelLayouts) for (const c of [...l.main, ...l.other]) specs.set(sentinelIdOf(l.family.id, c), { family: l.family as Family<AnyMatrixConfig>, config: c });

  mkdirSync(DIR, { recursive: true });
  const written = new Set<string>();
  const cells = new Map<string, Cell<AnyMatrixConfig>>();
  let n = 0;
  const bar = progress();
  for (const [id, { family: f, config }] of specs) {
    bar.update(`matrix: cell ${n + 1} of ${specs.size}, ${bar.elapsed()}`);
    const { cell, worst } = runCell(f, config, seeds, id);
    writeAtomic(join(DIR, `${id}.json`), `${JSON.stringify({ ...worst.built.trace, description: `${f.title}. ${f.schedule} Worst of ${runs} runs of matrix cell ${id}.` }, null, 2)}\n`);
    writeAtomic(join(DIR, `${id}.md`), renderEvidence(cell, worst, seeds.map((s) => ({ seed: s, trace: f.build(config, s).trace }))));
    written.add(`${id}.json`).add(`${id}.md`);
    cells.set(id, cell);
    n++;
    if (n % 20 === 0 && !bar.live) process.stdout.write(`${n}/${specs.size} cells, ${bar.elapsed()}\n`);
  }
  bar.done();
  for (const f of readdirSync(DIR).sort()) if (!written.has(f)) rmSync(join(DIR, f), { force: true });

  const cellOf = (id: string): Cell<AnyMatrixConfig> => {
    const c = cells.get(id);
    if (!c) throw new Error(`no matrix cell ${id}`);
    return c;
  };
  const meta = { runs, seed, cells: cells.size, traces: cells.size * runs };
  const sentinel = renderSentinelPart(sentinelLayouts, (id) => cellOf(id) as Cell<SentinelMatrixConfig>, sentinelIdOf, meta);
  writeAtomic(join(REPORTS, 'matrix.md'), renderMatrix(layouts, (id) => cellOf(id) as Cell, idOf, tables, meta, sentinel));
  process.stdout.write(`reports/matrix.md: ${cells.size} cells × ${runs} runs (${bar.elapsed()})\n`);
  return EXIT.ok;
}

await runMain(main);
