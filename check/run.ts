// Running the catalogue and the matrix's fault families on one user configuration. Properties run
// with their own generators, the configuration pinned (properties/generators.ts withPinnedConfig);
// families are the matrix's trace builders with the configuration swapped in, measured by the
// matrix's own code (audit/matrix-measure.ts runCell).
import fc from 'fast-check';
import type { TraceInput } from '../model/kernel/trace.ts';
import { catalog, type Property } from '../properties/index.ts';
import { checkProperty } from '../properties/check.ts';
import type { AnyPlan } from '../properties/property.ts';
import { isPinned, persistenceOf, withPinnedConfig, type PinnedConfig } from '../properties/generators.ts';
import { FAMILIES, type Family, type MatrixConfig } from '../audit/matrix-families.ts';
import { runCell, runSeeds, type Cell, type RunMeasure } from '../audit/matrix-measure.ts';

export type Verdict = 'holds' | 'violated' | 'can-happen' | 'not-found' | 'not-applicable';

export interface PropertyVerdict {
  property: string;
  expectation: Property['expectation'];
  claim: string;
  scope: string;
  verdict: Verdict;
  /** Traces generated on the pinned configuration, until the witness / violation if one was found (0: not applicable). */
  runs: number;
  /** The witness / violation, as the property's check words it. */
  message?: string;
  /** The shrunk trace that shows it. */
  trace?: TraceInput;
}

export interface CheckRunOptions {
  runs: number;
  seed: number;
  /** Property names to run (default: the whole catalogue). */
  only?: string[];
  /** How many candidate traces shrinking may run (a count, not a time, so results are deterministic). */
  shrinkRuns?: number;
}

/** Draws tried to see whether some family of a property admits the configuration. */
const SCOPE_SAMPLES = 60;

/** Stops offering smaller candidates after `budget` of them: shrinking costs at most that many runs. */
class ShrinkBudget<T> extends fc.Arbitrary<T> {
  private used = 0;
  /** Traces generated (shrinking excluded): the run that found a witness is the last one. */
  generated = 0;
  constructor(private readonly inner: fc.Arbitrary<T>, private readonly budget: number) { super(); }
  generate(mrng: fc.Random, bias: number | undefined): fc.Value<T> {
    this.generated++;
    return this.inner.generate(mrng, bias);
  }
  canShrinkWithoutContext(v: unknown): v is T { return this.inner.canShrinkWithoutContext(v); }
  shrink(v: T, context: unknown): fc.Stream<fc.Value<T>> { return this.inner.shrink(v, context).takeWhile(() => this.used++ < this.budget); }
}

/** One property on the pinned configuration. */
export function checkOne(p: Property, c: PinnedConfig, o: CheckRunOptions): PropertyVerdict {
  const base = { property: p.name, expectation: p.expectation, claim: p.claim, scope: p.scope };
  return withPinnedConfig(c, () => {
    const ours = (x: { trace: TraceInput }) => isPinned(x.trace.config, c);
    if (!fc.sample(p.arbitrary, { numRuns: SCOPE_SAMPLES, seed: o.seed }).some(ours)) return { ...base, verdict: 'not-applicable', runs: 0 };
    const arbitrary = new ShrinkBudget<{ plan: AnyPlan; trace: TraceInput }>(p.arbitrary.filter(ours), o.shrinkRuns ?? 300);
    const r = checkProperty(p, { numRuns: o.runs, seed: o.seed, shrink: true, arbitrary });
    const f = r.finding;
    if (!f) return { ...base, verdict: p.expectation === 'sometimes' ? 'not-found' : 'holds', runs: arbitrary.generated };
    return { ...base, verdict: p.expectation === 'sometimes' ? 'can-happen' : 'violated', runs: arbitrary.generated, message: f.message, trace: f.trace };
  });
}

export function checkProperties(c: PinnedConfig, o: CheckRunOptions): PropertyVerdict[] {
  const unknown = (o.only ?? []).filter((n) => !catalog.some((p) => p.name === n));
  if (unknown.length) throw new Error(`no property named ${unknown.join(', ')}`);
  return catalog.filter((p) => !o.only || o.only.includes(p.name)).map((p) => checkOne(p, c, o));
}

export interface FamilyVerdict {
  /** The family's runs and their aggregate, as a matrix cell (audit/matrix-render.ts formats it). */
  cell: Cell;
  /** The worst run's trace (replayable) and its measures. */
  worst: { trace: TraceInput; m: RunMeasure };
}

/** The matrix's view of the configuration: only the topology matters to its builders and measures. */
function matrixView(c: PinnedConfig): MatrixConfig {
  const p = persistenceOf(c);
  return {
    persistence: (p === 'aof-no' ? 'aof-everysec' : p) as MatrixConfig['persistence'],
    replicas: c.replicasPerMaster as MatrixConfig['replicas'],
    masters: c.masters as MatrixConfig['masters'],
    fullCoverage: c.requireFullCoverage,
    minReplicas: c.minReplicasToWrite as MatrixConfig['minReplicas'],
  };
}

/** Every matrix fault family on the configuration, `runs` seeded runs each. */
export function checkFamilies(c: PinnedConfig, o: { runs: number; seed: number; label: string; only?: string[] }): FamilyVerdict[] {
  const mc = matrixView(c);
  const seeds = runSeeds(o.seed, o.runs);
  return FAMILIES.filter((f) => !o.only || o.only.includes(f.id)).map((f) => {
    // The family's schedule, on the user's whole configuration instead of the matrix's.
    const mine: Family = { ...f, build: (m, seed) => {
      const b = f.build(m, seed);
      return { ...b, trace: { ...b.trace, name: `${f.id} on ${o.label}, seed ${seed}`, config: { ...c } } };
    } };
    const { cell, worst } = runCell(mine, mc, seeds, f.id);
    return { cell, worst: { trace: { ...worst.built.trace, description: `${f.title}. ${f.schedule} Worst of ${o.runs} runs.` }, m: worst.m } };
  });
}
