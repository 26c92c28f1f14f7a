// Verdicts, computed: a trace claim is run over deterministic variants of its scenario (other seeds,
// the faults shifted by a few hundred ms) and each of its predicates is judged on every run; a
// property claim runs its property; a rule claim runs its rule check. Nothing here is typed by hand.
import type { TraceInput } from '../model/kernel/trace.ts';
import { checkProperty, type CheckResult } from '../properties/check.ts';
import { byName } from '../properties/index.ts';
import { runTrace, type RunResult } from '../properties/property.ts';
import { MEASURES, measure, type Value } from './measures.ts';
import { RULES, type Case } from './rules.ts';
import type { Claim, Pred, PropertyRef } from './schema.ts';

export type Verdict = 'confirmed' | 'refuted' | 'imprecise' | 'not modelled yet';

export interface Options { variants: number; runs: number; seed: number }

export const options = (): Options => ({
  variants: Number(process.env.AUDIT_VARIANTS ?? 8),
  runs: Number(process.env.AUDIT_RUNS ?? 100),
  seed: Number(process.env.AUDIT_SEED ?? 42),
});

/** Fault-time shifts of the variants, ms (deterministic, small: cron ticks are 100 ms, fsync 1 s). */
const SHIFTS = [0, 37, 113, 251, 409, 577, 733, 911, 163, 659, 307, 853];

/** Variant i of a scenario: seed + i, every non-write event shifted by SHIFTS[i]. */
export function variant(t: TraceInput, i: number): TraceInput {
  const shift = SHIFTS[i % SHIFTS.length];
  const until = (t as { until?: number }).until;
  const events = (t.events as Array<{ at: number; type: string }>).map((e) =>
    e.type === 'write' || e.type === 'writes' ? e : { ...e, at: until === undefined ? e.at + shift : Math.min(e.at + shift, until - 1) });
  return { ...t, seed: (t.seed ?? 0) + i, events, name: i === 0 ? t.name : `${t.name} (variant ${i}: seed +${i}, faults +${shift} ms)` } as TraceInput;
}

export interface PartResult { says: string; verdict: Verdict; summary: string; values: Value[]; holds: number; of: number }
export interface ClaimResult {
  claim: Claim;
  verdict: Verdict;
  reason: string;
  parts: PartResult[];
  /** trace claims: the run of each variant */
  runs?: RunResult[];
  /** property claims: each named property's result, null for one not in the catalog yet */
  property?: Array<CheckResult | null>;
  cases?: Case[];
}

function compare(v: Value, p: Pred): 'holds' | 'near' | 'fails' {
  if (p.op === '~') {
    if (typeof v !== 'number' || typeof p.value !== 'number') return 'fails';
    const tol = (p.tolerance ?? 0.1) * Math.abs(p.value);
    const d = Math.abs(v - p.value);
    return d <= tol ? 'holds' : d < 2 * tol ? 'near' : 'fails';
  }
  if (p.op === '==') return v === p.value ? 'holds' : 'fails';
  if (p.op === '!=') return v !== p.value ? 'holds' : 'fails';
  if (typeof v !== 'number' || typeof p.value !== 'number') return 'fails';
  const ok = p.op === '<=' ? v <= p.value : p.op === '>=' ? v >= p.value : p.op === '<' ? v < p.value : v > p.value;
  return ok ? 'holds' : 'fails';
}

export function fmtValue(v: Value, unit?: string): string {
  if (v === null) return 'never/none';
  if (typeof v === 'number') {
    if (unit === 'ms') return Math.abs(v) >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
    if (unit === 'fraction') return `${Math.round(v * 1000) / 10}%`;
    return String(Math.round(v * 100) / 100);
  }
  return String(v);
}

function range(vals: Value[], unit?: string): string {
  const nums = vals.filter((v): v is number => typeof v === 'number');
  if (nums.length === vals.length && nums.length > 0) {
    const lo = Math.min(...nums);
    const hi = Math.max(...nums);
    return lo === hi ? fmtValue(lo, unit) : `${fmtValue(lo, unit)}–${fmtValue(hi, unit)}`;
  }
  const distinct = [...new Set(vals.map((v) => fmtValue(v, unit)))];
  return distinct.join(' / ');
}

const expectText = (p: Pred, unit?: string): string =>
  p.op === '~' ? `≈ ${fmtValue(p.value, unit)} ±${Math.round((p.tolerance ?? 0.1) * 100)}%` : `${p.op} ${fmtValue(p.value, unit)}`;

function fromCounts(holds: number, near: number, of: number): Verdict {
  return holds === of ? 'confirmed' : holds === 0 && near === 0 ? 'refuted' : 'imprecise';
}

export function combine(parts: Verdict[]): Verdict {
  if (parts.every((v) => v === 'not modelled yet')) return 'not modelled yet';
  const decided = parts.filter((v) => v !== 'not modelled yet');
  if (decided.every((v) => v === 'confirmed')) return 'confirmed';
  if (decided.every((v) => v === 'refuted')) return 'refuted';
  return 'imprecise';
}

/** One predicate over every variant's run. */
export function judgePred(p: Pred, runs: RunResult[]): PartResult {
  const m = MEASURES[p.measure];
  const values = runs.map((r) => (r.error ? null : measure(r, p.measure, p)));
  // A run that failed measured nothing: it never supports the claim (not even "== null").
  const res = values.map((v, i) => (runs[i].error ? 'fails' : compare(v, p)));
  const holds = res.filter((x) => x === 'holds').length;
  const near = res.filter((x) => x === 'near').length;
  const verdict = fromCounts(holds, near, runs.length);
  const failed = runs.filter((r) => r.error);
  const errors = failed.length ? `; ${failed.length} run${failed.length === 1 ? '' : 's'} failed: ${failed[0].error}` : '';
  const summary = `${m.label(p)}: ${range(values, m.unit)} (claim: ${expectText(p, m.unit)}; holds in ${holds}/${runs.length} runs${errors})`;
  return { says: p.says, verdict, summary, values, holds, of: runs.length };
}

const runCache = new Map<string, RunResult>();
/** Drop the cached variant runs (a run holds its whole final state: keep one scenario's at a time). */
export function forgetRuns(): void { runCache.clear(); }
export function runVariants(scenario: TraceInput, n: number): RunResult[] {
  return Array.from({ length: n }, (_, i) => {
    const t = variant(scenario, i);
    const k = JSON.stringify(t);
    if (!runCache.has(k)) runCache.set(k, runTrace(t));
    return runCache.get(k)!;
  });
}

const propCache = new Map<string, CheckResult>();
export function runProperty(name: string, o: Options): CheckResult {
  if (!propCache.has(name)) propCache.set(name, checkProperty(byName(name), { numRuns: o.runs, seed: o.seed }));
  return propCache.get(name)!;
}

/** Whether the catalog has a property of this name (the Sentinel ones arrive with issue 12's model). */
export function inCatalog(name: string): boolean {
  try { byName(name); return true; } catch { return false; }
}

/** A part naming a property the catalog does not have yet: undecided, and it says so. */
function pendingProperty(ref: PropertyRef): PartResult {
  return { says: ref.says, verdict: 'not modelled yet', summary: `\`${ref.property}\` is not in the property catalog yet (issue 12)`, values: [], holds: 0, of: 0 };
}

function judgeProperty(ref: PropertyRef, c: CheckResult): PartResult {
  const held = c.status === 'held' || c.status === 'witnessed';
  const what = { held: `held over ${c.runs} runs`, witnessed: `witness found in ${c.runs} runs`, violated: `violated after ${c.runs} runs`, 'no-witness': `no witness in ${c.runs} runs` }[c.status];
  let verdict: Verdict;
  if (c.status === 'no-witness') verdict = 'imprecise';
  else if (ref.polarity === 'supports') verdict = held ? 'confirmed' : 'refuted';
  else verdict = held ? 'refuted' : 'imprecise';
  const summary = `${ref.polarity === 'supports' ? 'supported by' : 'contradicted by'} \`${ref.property}\` (${byName(ref.property).expectation}): ${what}`;
  return { says: ref.says, verdict, summary, values: [c.status], holds: held ? 1 : 0, of: 1 };
}

export function evaluate(claim: Claim, o: Options): ClaimResult {
  const ck = claim.check;
  if ('notModelled' in ck) {
    return { claim, verdict: 'not modelled yet', reason: `Missing: ${ck.notModelled}`, parts: [] };
  }
  if ('rule' in ck) {
    const cases = RULES[ck.rule].cases();
    const k = cases.filter((c) => c.holds).length;
    const verdict = fromCounts(k, 0, cases.length);
    const shown = [...cases.filter((c) => !c.holds), ...cases.filter((c) => c.holds)].slice(0, 3);
    const reason = `${shown.map((c) => `${c.holds ? '✓' : '✗'} ${c.detail}`).join('; ')}${cases.length > 3 ? ` (+${cases.length - 3} more)` : ''} — ${k}/${cases.length} cases hold`;
    return { claim, verdict, reason, parts: [{ says: RULES[ck.rule].says, verdict, summary: reason, values: [], holds: k, of: cases.length }], cases };
  }
  if ('properties' in ck) {
    const results = ck.properties.map((p) => (inCatalog(p.property) ? runProperty(p.property, o) : null));
    const parts = ck.properties.map((p, i) => (results[i] ? judgeProperty(p, results[i]) : pendingProperty(p)));
    return { claim, verdict: combine(parts.map((p) => p.verdict)), reason: reasonOf(parts), parts, property: results };
  }
  const runs = runVariants(claim.scenario as unknown as TraceInput, o.variants);
  const parts = ck.trace.map((p) => judgePred(p, runs));
  return { claim, verdict: combine(parts.map((p) => p.verdict)), reason: reasonOf(parts), parts, runs };
}

const MARK: Record<Verdict, string> = { confirmed: '✓', refuted: '✗', imprecise: '≈', 'not modelled yet': '?' };

/** The parts that decide the verdict first (refuted, imprecise), then the confirmed ones. */
function reasonOf(parts: PartResult[]): string {
  const order: Verdict[] = ['refuted', 'imprecise', 'confirmed', 'not modelled yet'];
  return [...parts].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict))
    .map((p) => `${MARK[p.verdict]} ${p.says} — ${p.summary}`).join('; ');
}
