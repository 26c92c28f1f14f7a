// Checking one property with fast-check: an 'always'/'eventually' claim passes when no generated
// trace violates it; a 'sometimes' claim passes when a witness is found (then shrunk).
import fc from 'fast-check';
import type { TraceInput } from '../model/kernel/trace.ts';
import { runTrace, stepOf, type AnyPlan, type Property, type RunResult } from './property.ts';

export interface Finding {
  property: string;
  expectation: Property['expectation'];
  /** the shrunk trace */
  trace: TraceInput;
  plan: AnyPlan;
  message: string;
  seed: number;
  path: string;
  failedAtStep: number;
}

export interface CheckResult {
  property: string;
  expectation: Property['expectation'];
  /** 'held': always/eventually with no violation, or sometimes with a witness. */
  status: 'held' | 'violated' | 'witnessed' | 'no-witness';
  runs: number;
  ms: number;
  finding: Finding | null;
}

/** The seed of a check that names none: fixed, so the same call finds the same thing. */
export const DEFAULT_SEED = 1;

export interface CheckOptions {
  numRuns: number;
  /** fast-check's seed (default DEFAULT_SEED); `npm run verify -- --fresh` picks a new one. */
  seed?: number;
  /** Shrink a counterexample (costly); off in the quick test runs. */
  shrink?: boolean;
  /** Time limit for the whole check including shrinking, ms. */
  timeLimitMs?: number;
  /** Called with every run's result (coverage statistics). */
  onRun?: (r: RunResult) => void;
  /** Override the check (non-vacuity tests: a lifted restriction). */
  check?: (r: RunResult) => string | null;
  arbitrary?: Property['arbitrary'];
  /** The quick batch of `npm test`: the property's `quick` arbitrary, if it has one. */
  quick?: boolean;
}

/** fast-check predicate: true while the run shows nothing (no violation / no witness). */
export function checkProperty(p: Property, o: CheckOptions): CheckResult {
  const check = o.check ?? p.check;
  const started = Date.now();
  let runs = 0;
  const prop = fc.property(o.arbitrary ?? (o.quick ? p.quick : undefined) ?? p.arbitrary, ({ trace }) => {
    runs++;
    const r = runTrace(trace, p.watch);
    o.onRun?.(r);
    return check(r) === null;
  });
  const seed = o.seed ?? DEFAULT_SEED;
  const out = fc.check(prop, {
    numRuns: p.cost ? Math.max(2, Math.round(o.numRuns / p.cost)) : o.numRuns, seed, endOnFailure: !o.shrink,
    ...(o.timeLimitMs ? { interruptAfterTimeLimit: o.timeLimitMs, markInterruptAsFailure: false } : {}),
  });
  const ms = Date.now() - started;
  const found = out.failed && out.counterexample !== null;
  const sometimes = p.expectation === 'sometimes';
  if (!found) return { property: p.name, expectation: p.expectation, status: sometimes ? 'no-witness' : 'held', runs, ms, finding: null };
  const { plan, trace } = out.counterexample![0];
  const message = check(runTrace(trace, p.watch)) ?? `(no longer reproduces: ${String(out.errorInstance ?? '')})`;
  return {
    property: p.name, expectation: p.expectation, status: sometimes ? 'witnessed' : 'violated', runs, ms,
    finding: { property: p.name, expectation: p.expectation, trace, plan, message, seed: out.seed, path: out.counterexamplePath ?? '', failedAtStep: stepOf(message) },
  };
}

/** Did the check come out as the property expects? */
export const asExpected = (c: CheckResult): boolean => c.status === 'held' || c.status === 'witnessed';
