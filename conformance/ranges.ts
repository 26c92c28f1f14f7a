// Timing ranges: each timing field over the model's seeds and over the real runs, side by side, and
// whether the two intervals [min, max] meet within the field's measurement tolerance. A field that only
// one side shows is n/a (not compared); a non-overlap is a disagreement unless conformance/explained.json
// gives its reason.
import { existsSync, readFileSync } from 'node:fs';
import type { Trace } from '../model/kernel/trace.ts';

export interface Range { min: number; max: number; runs: number }

export interface TimingRow {
  field: string;
  model: Range | null;
  real: Range | null;
  /** runs on each side (a field shown by fewer runs says so) */
  of: { model: number; real: number };
  tolerance: number;
  /** null: n/a (a side never showed the field) */
  overlap: boolean | null;
  /** the committed reason for a non-overlap (conformance/explained.json) */
  explained: string | null;
}

/** Log lines carry milliseconds, and a fault is applied a few ms after its planned time. */
export const LOG_TOLERANCE_MS = 10;

export function rangeOf(values: number[]): Range | null {
  if (!values.length) return null;
  return { min: Math.min(...values), max: Math.max(...values), runs: values.length };
}

/** [a.min, a.max] and [b.min, b.max] intersect, or lie at most `tol` apart (measurement granularity). */
export function overlaps(a: Range, b: Range, tol: number): boolean {
  return a.min <= b.max + tol && b.min <= a.max + tol;
}

/**
 * The tolerance of a field: the writers' period for fields read off the client's ledger (a write is
 * sent only every `every` ms, so an edge is known to that), none for counts of writes, and
 * LOG_TOLERANCE_MS for times read from logs and the model's timeline.
 */
export function toleranceOf(field: string, t: Trace): number {
  if (field.startsWith('lost writes:')) return 0;
  if (field.startsWith('downtime:') || field.startsWith('loss window')) {
    const every = t.events.flatMap((e) => (e.type === 'writes' ? [e.every] : []));
    return every.length ? Math.max(...every) : 0;
  }
  return LOG_TOLERANCE_MS;
}

/** A downtime or loss window of 0 on every run of both sides says nothing: such rows are left out. */
const silent = (field: string) => field.startsWith('downtime:') || field.startsWith('loss window');

export function compareTimings(
  t: Trace, model: Array<Map<string, number>>, real: Array<Map<string, number>>, explained: Record<string, string> = {},
): TimingRow[] {
  const fields = [...new Set([...model, ...real].flatMap((m) => [...m.keys()]))].sort(byFault);
  const rows: TimingRow[] = [];
  for (const field of fields) {
    const mv = model.flatMap((m) => (m.has(field) ? [m.get(field)!] : []));
    const rv = real.flatMap((m) => (m.has(field) ? [m.get(field)!] : []));
    if (silent(field) && [...mv, ...rv].every((v) => v === 0)) continue;
    const mr = rangeOf(mv);
    const rr = rangeOf(rv);
    const tolerance = toleranceOf(field, t);
    const overlap = mr && rr ? overlaps(mr, rr, tolerance) : null;
    rows.push({ field, model: mr, real: rr, of: { model: model.length, real: real.length }, tolerance, overlap, explained: overlap === false ? explained[field] ?? null : null });
  }
  return rows;
}

/** Fields in the order of their fault's time, then by name. */
function byFault(a: string, b: string): number {
  const at = (f: string) => Number(/@(\d+)$/.exec(f)?.[1] ?? 0);
  return at(a) - at(b) || a.localeCompare(b);
}

export function fmtRange(r: Range | null, of: number, unit = 'ms'): string {
  if (!r) return 'n/a';
  const v = r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`;
  return `${v}${unit ? ` ${unit}` : ''}${r.runs < of ? ` (${r.runs} of ${of} runs)` : ''}`;
}

// ---------- explanations ----------

/** explained.json: { "<trace name, without the harness's [scaled …] suffix>": { "<field>": "<reason>" } }. */
export type Explanations = Record<string, Record<string, string>>;

export const traceKey = (name: string) => name.replace(/ \[scaled [^\]]*\]$/, '');

/** Reads and checks the explanations file; a problem is thrown as one message naming the entry. */
export function loadExplanations(path: string): Explanations {
  if (!existsSync(path)) return {};
  let raw: unknown;
  try { raw = JSON.parse(readFileSync(path, 'utf8')); } catch (e) { throw new Error(`${path}: not valid JSON (${(e as Error).message})`); }
  return checkExplanations(raw, path);
}

export function checkExplanations(raw: unknown, where: string): Explanations {
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(raw)) throw new Error(`${where}: expected an object keyed by trace name`);
  const out: Explanations = {};
  for (const [trace, fields] of Object.entries(raw)) {
    if (trace === '$comment') continue;
    if (!isObj(fields)) throw new Error(`${where}: "${trace}": expected an object keyed by timing field`);
    out[trace] = {};
    for (const [field, why] of Object.entries(fields)) {
      if (typeof why !== 'string' || !why.trim()) throw new Error(`${where}: "${trace}" → "${field}": expected a non-empty reason (string)`);
      out[trace][field] = why;
    }
  }
  return out;
}

export interface TimingTally { compared: number; overlap: number; explained: number; unexplained: number; na: number }

export function timingTally(rows: TimingRow[]): TimingTally {
  const compared = rows.filter((r) => r.overlap !== null);
  const apart = compared.filter((r) => !r.overlap);
  return {
    compared: compared.length,
    overlap: compared.length - apart.length,
    explained: apart.filter((r) => r.explained).length,
    unexplained: apart.filter((r) => !r.explained).length,
    na: rows.length - compared.length,
  };
}
