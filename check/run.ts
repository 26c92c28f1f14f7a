// Running the catalogue and the matrix's fault families on one user configuration. Properties run
// with their own generators, the configuration pinned (properties/generators.ts withPinnedConfig);
// families are the matrix's trace builders with the configuration swapped in, measured by the
// matrix's own code (audit/matrix-measure.ts runCell).
import fc from 'fast-check';
import type { TraceInput } from '../model/kernel/trace.ts';
import { catalog, type Property } from '../properties/index.ts';
import { checkProperty } from '../properties/check.ts';
import type { AnyPlan } from '../properties/property.ts';
import { isPinned, persistenceOf, withPinnedConfig, type AnyPinnedConfig, type PinnedConfig, type StandalonePinnedConfig } from '../properties/generators.ts';
import { FAMILIES, type Family, type MatrixConfig } from '../audit/matrix-families.ts';
import { runCell, runSeeds, type Cell, type RunMeasure } from '../audit/matrix-measure.ts';
import { SENTINEL_FAMILIES, type SentinelMatrixConfig } from '../audit/matrix-sentinel.ts';
import { allNamesOf } from '../properties/sentinel-generators.ts';

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
  /** Not applicable because the claim is about another deployment kind (Cluster, Sentinel, replication). */
  otherKind?: boolean;
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
export function checkOne(p: Property, c: AnyPinnedConfig, o: CheckRunOptions): PropertyVerdict {
  const base = { property: p.name, expectation: p.expectation, claim: p.claim, scope: p.scope };
  return withPinnedConfig(c, () => {
    const ours = (x: { trace: TraceInput }) => isPinned(x.trace.config, c);
    const samples = fc.sample(p.arbitrary, { numRuns: SCOPE_SAMPLES, seed: o.seed });
    if (!samples.some(ours)) {
      const kind = (x: { topology?: string }) => x.topology ?? 'cluster';
      const otherKind = !samples.some((x) => kind(x.trace.config as { topology?: string }) === kind(c as { topology?: string }));
      return { ...base, verdict: 'not-applicable', runs: 0, ...(otherKind ? { otherKind } : {}) };
    }
    const arbitrary = new ShrinkBudget<{ plan: AnyPlan; trace: TraceInput }>(p.arbitrary.filter(ours), o.shrinkRuns ?? 300);
    const r = checkProperty(p, { numRuns: o.runs, seed: o.seed, shrink: true, arbitrary });
    const f = r.finding;
    if (!f) return { ...base, verdict: p.expectation === 'sometimes' ? 'not-found' : 'holds', runs: arbitrary.generated };
    return { ...base, verdict: p.expectation === 'sometimes' ? 'can-happen' : 'violated', runs: arbitrary.generated, message: f.message, trace: f.trace };
  });
}

export function checkProperties(c: AnyPinnedConfig, o: CheckRunOptions): PropertyVerdict[] {
  const unknown = (o.only ?? []).filter((n) => !catalog.some((p) => p.name === n));
  if (unknown.length) throw new Error(`no property named ${unknown.join(', ')}`);
  return catalog.filter((p) => !o.only || o.only.includes(p.name)).map((p) => checkOne(p, c, o));
}

export interface FamilyVerdict {
  /** The family's runs and their aggregate, as a matrix cell (audit/matrix-render.ts formats it). */
  cell: Cell | Cell<SentinelMatrixConfig>;
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

// ---------- Sentinel deployments ----------

/** The Sentinel matrix's view of the configuration: its builders time their schedules by down-after-milliseconds. */
function sentinelView(c: StandalonePinnedConfig): SentinelMatrixConfig {
  const p = persistenceOf(c);
  return {
    kind: 'sentinel',
    persistence: (p === 'aof-no' ? 'aof-everysec' : p) as SentinelMatrixConfig['persistence'],
    quorum: (c.quorum ?? 2) as SentinelMatrixConfig['quorum'],
    downAfter: (c.downAfterMilliseconds ?? 30_000) as SentinelMatrixConfig['downAfter'],
    minReplicas: c.minReplicasToWrite as SentinelMatrixConfig['minReplicas'],
  };
}

/**
 * A family's partition written for the matrix's M + 2 replicas + 3 Sentinels, on the user's own
 * processes: the side holding M keeps what the family gave it, everything else is the other side.
 */
function onProcesses(events: TraceInput['events'], c: StandalonePinnedConfig): TraceInput['events'] {
  const names = allNamesOf(c);
  return events.map((e) => {
    if (e.type !== 'partition') return e;
    const mine = e.groups.find((g) => g.includes('M')) ?? [];
    return { ...e, groups: [mine, [...names, 'client'].filter((x) => !mine.includes(x))] };
  });
}

/** Every Sentinel matrix family on a Sentinel configuration; a replication deployment has none (the matrix has no family for it). */
export function checkStandaloneFamilies(c: StandalonePinnedConfig, o: { runs: number; seed: number; label: string; only?: string[] }): FamilyVerdict[] {
  if (c.topology !== 'sentinel') return [];
  const mc = sentinelView(c);
  const seeds = runSeeds(o.seed, o.runs);
  return SENTINEL_FAMILIES.filter((f) => !o.only || o.only.includes(f.id)).map((f) => {
    const mine: Family<SentinelMatrixConfig> = { ...f, build: (m, seed) => {
      const b = f.build(m, seed);
      return { ...b, trace: { ...b.trace, name: `${f.id} on ${o.label}, seed ${seed}`, config: { ...c }, events: onProcesses(b.trace.events, c) } };
    } };
    const { cell, worst } = runCell(mine, mc, seeds, f.id);
    return { cell, worst: { trace: { ...worst.built.trace, description: `${f.title}. ${f.schedule} Worst of ${o.runs} runs.` }, m: worst.m } };
  });
}
