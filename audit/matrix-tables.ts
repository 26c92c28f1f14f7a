// Runbook 000's tables 5.1 and 5.2 (audit/tables-5.json): the transcription's schema, a check that
// every quote is the runbook's own text, and the computed agreement of each claim with the measured
// matrix cells. The reading of each cell is data (a predicate over one measure), so agreement is
// computed from the model's runs, never typed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configId, familyById, type MatrixConfig } from './matrix-families.ts';
import type { Cell, Recovery, RunMeasure } from './matrix-measure.ts';
import { isEmptying, RECOVERY_RANK } from './matrix-measure.ts';

const ROOT = join(import.meta.dirname, '..');
export const TABLES_FILE = join(ROOT, 'audit', 'tables-5.json');

const recovery = z.enum(['auto', 'after-restart', 'operator']);
const config = z.strictObject({
  persistence: z.enum(['none', 'aof-everysec', 'aof-always', 'rdb']),
  replicas: z.union([z.literal(1), z.literal(2)]),
  masters: z.union([z.literal(3), z.literal(5)]),
  fullCoverage: z.boolean(),
  minReplicas: z.union([z.literal(0), z.literal(1)]),
});

export const MEASURES = {
  lostCount: 'acked writes lost, worst run',
  lostWindowMs: 'largest loss window (ms), worst run',
  lossRanges: 'slot ranges that lost an acked write, over all runs',
  preFaultLoss: 'fraction of the faulted ranges\' pre-fault acked writes lost, best run',
  replicaEmptied: 'a full sync emptied a dataset, in every run',
  recovery: 'recovery, worst run',
  promotions: 'promotions, most in a run',
  promotionsMin: 'promotions, fewest in a run',
  unavailFaultedMs: 'longest unavailability of a faulted range (ms), worst run',
  unavailOtherMs: 'longest unavailability of another range (ms), worst run',
  faultedUntilOperator: 'faulted ranges down until the operator, in every run',
  otherUntilOperator: 'other ranges down until the operator, in every run',
} as const;
export type MeasureName = keyof typeof MEASURES;

const claim = z.strictObject({
  quote: z.string().min(1),
  gloss: z.string().min(1),
  reading: z.string().min(1),
  measure: z.enum(Object.keys(MEASURES) as [MeasureName, ...MeasureName[]]),
  min: z.number().optional(),
  max: z.number().optional(),
  equals: z.union([z.number(), z.boolean(), recovery]).optional(),
  oneOf: z.array(recovery).min(1).optional(),
  /** Strictly less than the same measure of the same family on a configuration changed by these fields. */
  less: config.partial().optional(),
}).refine((c) => [c.min !== undefined || c.max !== undefined, c.equals !== undefined, c.oneOf !== undefined, c.less !== undefined].filter(Boolean).length === 1,
  { message: 'a claim needs exactly one predicate: min/max, equals, oneOf or less' });

const target = z.strictObject({ family: z.string(), config });

const cell = z.strictObject({
  row: z.string(), column: z.string(), quote: z.string().min(1), gloss: z.string().min(1),
  against: z.array(target).min(1), claims: z.array(claim).min(1),
});

const table = z.strictObject({
  id: z.string(), quote: z.string(), gloss: z.string(),
  rows: z.array(z.strictObject({ id: z.string(), quote: z.string(), gloss: z.string() })),
  columns: z.array(z.strictObject({ id: z.string(), quote: z.string(), gloss: z.string() })),
  cells: z.array(cell),
});

const file = z.strictObject({ source: z.string(), note: z.string(), tables: z.array(table).min(1) });

export type Tables = z.infer<typeof file>;
export type TableClaim = z.infer<typeof claim>;
export type Target = z.infer<typeof target>;

/** Parses the transcription; throws with every problem named (unknown family, dangling row/column). */
export function loadTables(path = TABLES_FILE): Tables {
  const r = file.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`${path}:\n${r.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  for (const t of r.data.tables) {
    for (const c of t.cells) {
      if (!t.rows.some((x) => x.id === c.row)) throw new Error(`${path}: table ${t.id} cell ${c.row}/${c.column}: no such row`);
      if (!t.columns.some((x) => x.id === c.column)) throw new Error(`${path}: table ${t.id} cell ${c.row}/${c.column}: no such column`);
      for (const a of c.against) familyById(a.family);
      for (const cl of c.claims) {
        if (!c.quote.replace(/\s+/g, '').includes(cl.quote.replace(/\s+/g, ''))) throw new Error(`${path}: table ${t.id} cell ${c.row}/${c.column}: claim quote "${cl.quote}" is not part of the cell's quote`);
      }
    }
  }
  return r.data;
}

/** The texts of the runbook's box-drawn table cells (each cell's lines joined), whitespace removed. */
export function runbookCellTexts(runbook: string): string[] {
  const out: string[] = [];
  let cols: string[] = [];
  const flush = () => { for (const c of cols) if (c) out.push(c); cols = []; };
  for (const line of runbook.split('\n')) {
    const t = line.trim();
    if (t.startsWith('│') && t.endsWith('│')) {
      const parts = t.slice(1, -1).split('│').map((x) => x.replace(/\s+/g, ''));
      if (cols.length !== parts.length) { flush(); cols = parts.map(() => ''); }
      parts.forEach((p, i) => { cols[i] += p; });
    } else flush();
  }
  flush();
  return out;
}

/** Quotes of the transcription that are not the runbook's text (empty: faithful). */
export function unfaithfulQuotes(tables: Tables, runbookPath: string): string[] {
  const cells = runbookCellTexts(readFileSync(runbookPath, 'utf8'));
  const found = (q: string) => cells.some((c) => c.includes(q.replace(/\s+/g, '')));
  const bad: string[] = [];
  for (const t of tables.tables) {
    for (const q of [t.quote, ...t.rows.map((r) => r.quote), ...t.columns.map((c) => c.quote), ...t.cells.map((c) => c.quote)]) if (!found(q)) bad.push(`${t.id}: ${q}`);
  }
  return bad;
}

export const runbookPath = (tables: Tables): string => join(ROOT, tables.source);
export const runbookAvailable = (tables: Tables): boolean => existsSync(runbookPath(tables));

// ---------- measures over a cell ----------

const faultedMax = (m: RunMeasure, faulted: string[], inFaulted: boolean) =>
  Math.max(0, ...Object.entries(m.unavail).filter(([s]) => faulted.includes(s) === inFaulted).map(([, u]) => u.ms));

const untilOperator = (m: RunMeasure, faulted: string[], inFaulted: boolean) =>
  Object.entries(m.unavail).filter(([s]) => faulted.includes(s) === inFaulted).every(([, u]) => u.open || u.untilOperator);

export function measureOf(c: Cell, name: MeasureName): number | boolean | Recovery {
  const runs = c.runs;
  switch (name) {
    case 'lostCount': return c.agg.lost.max;
    case 'lostWindowMs': return c.agg.lostWindowMs.max;
    case 'lossRanges': return c.agg.lossRanges.length;
    case 'preFaultLoss': return c.agg.preFaultLoss.min;
    case 'replicaEmptied': return runs.every((m) => m.wipes.some(isEmptying));
    case 'recovery': return c.agg.worstRecovery;
    case 'promotions': return c.agg.promotions.max;
    case 'promotionsMin': return c.agg.promotions.min;
    case 'unavailFaultedMs': return Math.max(...runs.map((m) => faultedMax(m, c.faulted, true)));
    case 'unavailOtherMs': return Math.max(...runs.map((m) => faultedMax(m, c.faulted, false)));
    case 'faultedUntilOperator': return runs.every((m) => untilOperator(m, c.faulted, true));
    case 'otherUntilOperator': return runs.every((m) => untilOperator(m, c.faulted, false));
  }
}

export const targetId = (t: { family: string; config: MatrixConfig }): string => `${t.family}--${configId(t.config)}`;

/** The cells a claim needs: its targets, and for `less` the compared cells too. */
export function requiredTargets(tables: Tables): Target[] {
  const out: Target[] = [];
  for (const t of tables.tables) for (const c of t.cells) for (const a of c.against) {
    out.push(a);
    for (const cl of c.claims) if (cl.less) out.push({ family: a.family, config: { ...a.config, ...cl.less } });
  }
  return out;
}

export interface Verdict { agrees: boolean; measured: string; other?: string }

export function fmtMeasure(v: number | boolean | Recovery, name: MeasureName): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (name === 'preFaultLoss') return `${(v * 100).toFixed(v > 0 && v < 0.01 ? 2 : 0)}%`;
  if (name.endsWith('Ms')) return `${v} ms`;
  return String(v);
}

export function evaluate(cl: TableClaim, c: Cell, cellOf: (id: string) => Cell): Verdict {
  const v = measureOf(c, cl.measure);
  const measured = fmtMeasure(v, cl.measure);
  if (cl.less) {
    const other = cellOf(targetId({ family: c.family.id, config: { ...c.config, ...cl.less } }));
    const w = measureOf(other, cl.measure);
    return { agrees: (v as number) < (w as number), measured, other: `${fmtMeasure(w, cl.measure)} in ${other.id}` };
  }
  if (cl.oneOf) return { agrees: cl.oneOf.includes(v as Recovery), measured };
  if (cl.equals !== undefined) return { agrees: v === cl.equals, measured };
  const x = typeof v === 'string' ? RECOVERY_RANK[v] : Number(v);
  return { agrees: (cl.min === undefined || x >= cl.min) && (cl.max === undefined || x <= cl.max), measured };
}

/** The predicate in words, for the report. */
export function predicate(cl: TableClaim): string {
  if (cl.less) return `${cl.measure} < same with ${Object.entries(cl.less).map(([k, v]) => `${k}=${v}`).join(', ')}`;
  if (cl.oneOf) return `${cl.measure} ∈ {${cl.oneOf.join(', ')}}`;
  if (cl.equals !== undefined) return `${cl.measure} = ${cl.equals}`;
  if (cl.min !== undefined && cl.max !== undefined) return `${cl.min} ≤ ${cl.measure} ≤ ${cl.max}`;
  return cl.min !== undefined ? `${cl.measure} ≥ ${cl.min}` : `${cl.measure} ≤ ${cl.max}`;
}
