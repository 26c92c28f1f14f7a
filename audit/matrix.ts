// npm run matrix: reports/matrix.md — configurations × fault families, measured by running the
// model (issue 4), with runbook 000's tables 5.1 and 5.2 beside the measurements, and one evidence
// trace + report per cell in reports/matrix/. Nothing in the output is typed by hand.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configId, familyById, type MatrixConfig } from './matrix-families.ts';
import { layout } from './matrix-layout.ts';
import { runCell, runSeeds, type Cell } from './matrix-measure.ts';
import { renderEvidence, renderMatrix } from './matrix-render.ts';
import { loadTables, requiredTargets, runbookAvailable, runbookPath, targetId, unfaithfulQuotes } from './matrix-tables.ts';

const ROOT = join(import.meta.dirname, '..');
const REPORTS = join(ROOT, 'reports');
const DIR = join(REPORTS, 'matrix');

/** Write via a temporary file and a rename, so a reader never sees half a file. */
function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const idOf = (family: string, c: MatrixConfig) => `${family}--${configId(c)}`;

function envInt(name: string, dflt: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${v}"`);
  return n;
}

function main(): number {
  const started = Date.now();
  const runs = envInt('MATRIX_RUNS', 8);
  const seed = envInt('MATRIX_SEED', 1);
  const seeds = runSeeds(seed, runs);
  const tables = loadTables();
  if (runbookAvailable(tables)) {
    const bad = unfaithfulQuotes(tables, runbookPath(tables));
    if (bad.length) { process.stderr.write(`audit/tables-5.json: quotes not found in the runbook:\n${bad.map((b) => `  ${b}`).join('\n')}\n`); return 1; }
  } else process.stderr.write(`note: ${tables.source} not found; quotes not checked against the runbook\n`);

  const layouts = layout();
  const specs = new Map<string, { family: string; config: MatrixConfig }>();
  for (const l of layouts) for (const c of [...l.main, ...l.other]) specs.set(idOf(l.family.id, c), { family: l.family.id, config: c });
  for (const t of requiredTargets(tables)) specs.set(targetId(t), t);

  mkdirSync(DIR, { recursive: true });
  const written = new Set<string>();
  const cells = new Map<string, Cell>();
  let n = 0;
  for (const [id, { family, config }] of specs) {
    const f = familyById(family);
    const { cell, worst } = runCell(f, config, seeds, id);
    writeAtomic(join(DIR, `${id}.json`), `${JSON.stringify({ ...worst.built.trace, description: `${f.title}. ${f.schedule} Worst of ${runs} runs of matrix cell ${id}.` }, null, 2)}\n`);
    writeAtomic(join(DIR, `${id}.md`), renderEvidence(cell, worst, seeds.map((s) => ({ seed: s, trace: f.build(config, s).trace }))));
    written.add(`${id}.json`).add(`${id}.md`);
    cells.set(id, cell);
    n++;
    if (n % 20 === 0) process.stderr.write(`${n}/${specs.size} cells, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  for (const f of readdirSync(DIR)) if (!written.has(f)) rmSync(join(DIR, f), { force: true });

  const cellOf = (id: string): Cell => {
    const c = cells.get(id);
    if (!c) throw new Error(`no matrix cell ${id}`);
    return c;
  };
  const seconds = Math.round((Date.now() - started) / 1000);
  writeAtomic(join(REPORTS, 'matrix.md'), renderMatrix(layouts, cellOf, idOf, tables, { runs, seed, cells: cells.size, traces: cells.size * runs }));
  process.stdout.write(`reports/matrix.md: ${cells.size} cells × ${runs} runs in ${seconds} s\n`);
  return 0;
}

process.exitCode = main();
