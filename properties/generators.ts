// fast-check arbitraries of traces (design §3), one per fault family. Every schedule has the same
// shape as a drill: writes throughout, a chaos phase, a heal phase (restart everything, heal the
// network, resume every paused process), then time to settle.
//
// Shrinking: a schedule is a *plan* — a list of faults, each with a gap (ms) after the previous one —
// mapped to a trace. fast-check drops faults from the list and shrinks gaps toward 0, so shrunk
// traces are short and their times move toward each other.
import fc from 'fast-check';
import type { Config } from '../model/kernel/config.ts';
import { masterName, replicaName, shardOfName } from '../model/cluster/names.ts';
import type { TraceInput } from '../model/kernel/trace.ts';
import { possibleEvents } from '../model/kernel/trace-checks.ts';
import type { StandaloneConfigInput } from './sentinel-generators.ts';

export type Persistence = 'none' | 'aof-always' | 'aof-everysec' | 'aof-no' | 'rdb';

export interface ConfigInput {
  masters: number;
  replicasPerMaster: number;
  nodeTimeout: number;
  appendonly: boolean;
  appendfsync?: 'always' | 'everysec' | 'no';
  save: Array<[number, number]>;
  requireFullCoverage: boolean;
  minReplicasToWrite: number;
  replicaValidityFactor: number;
  /** not a Redis option: one-way network latency (ms) of the simulated environment */
  latency?: number;
}

/** The process and network events every deployment kind's generators draw from. */
export type ProcessEvent =
  | { type: 'crash'; node: string; power?: boolean }
  | { type: 'restart'; node: string }
  | { type: 'pause'; node: string }
  | { type: 'resume'; node: string }
  | { type: 'partition'; groups: string[][] }
  | { type: 'heal' }
  | { type: 'delay'; from: string; to: string; ms: number };

/** One chaos event without its time; `gap` is ms after the previous chaos event. */
export type ChaosEvent =
  | ProcessEvent
  | { type: 'failover'; node: string; mode: 'default' | 'force' | 'takeover' }
  | { type: 'write'; wait: { replicas: number; timeout: number } }
  | { type: 'disk'; node: string; fsyncMs: number }
  | { type: 'config'; node: string; set: { replicaNoFailover: boolean } };

export interface Fault { gap: number; event: ChaosEvent }

export interface Plan {
  family: string;
  config: ConfigInput;
  seed: number;
  /** ms of writes before the first fault */
  warmup: number;
  writeEvery: number;
  /** a second writer pinned to one node (a client with a stale route), or none */
  pinned: string | null;
  faults: Fault[];
  /** ms between the last fault and the heal phase */
  healGap: number;
  /** ms after the heal phase until the end (settle) */
  settle: number;
}

// ---------- configurations ----------

export const persistenceConfig = (p: Persistence): Pick<ConfigInput, 'appendonly' | 'appendfsync' | 'save'> => {
  switch (p) {
    case 'none': return { appendonly: false, save: [] };
    case 'rdb': return { appendonly: false, save: [[2, 1]] };
    case 'aof-always': return { appendonly: true, appendfsync: 'always', save: [] };
    case 'aof-everysec': return { appendonly: true, appendfsync: 'everysec', save: [] };
    case 'aof-no': return { appendonly: true, appendfsync: 'no', save: [] };
  }
};

export interface ConfigSpace {
  persistence?: Persistence[];
  masters?: number[];
  replicas?: number[];
  fullCoverage?: boolean[];
  minReplicas?: number[];
  validityFactor?: number[];
  nodeTimeout?: [number, number];
  latency?: number[];
}

export const ALL_PERSISTENCE: Persistence[] = ['none', 'aof-always', 'aof-everysec', 'aof-no', 'rdb'];

/** Config arbitrary over the suite's space; each axis can be narrowed to a property's scope. */
export function configArb(space: ConfigSpace = {}): fc.Arbitrary<ConfigInput> {
  return fc.record({
    persistence: fc.constantFrom(...(space.persistence ?? ALL_PERSISTENCE)),
    masters: fc.constantFrom(...(space.masters ?? [3, 4, 5])),
    replicasPerMaster: fc.constantFrom(...(space.replicas ?? [1, 2])),
    requireFullCoverage: fc.constantFrom(...(space.fullCoverage ?? [true, false])),
    minReplicasToWrite: fc.constantFrom(...(space.minReplicas ?? [0, 1])),
    replicaValidityFactor: fc.constantFrom(...(space.validityFactor ?? [10, 0])),
    nodeTimeout: fc.integer({ min: (space.nodeTimeout ?? [1000, 3000])[0], max: (space.nodeTimeout ?? [1000, 3000])[1] }).map((x) => Math.round(x / 100) * 100),
    latency: space.latency ? fc.constantFrom(...space.latency) : fc.constant(undefined),
  }).map(({ persistence, latency, ...rest }) => ({ ...rest, ...persistenceConfig(persistence), ...(latency === undefined ? {} : { latency }) }));
}

// ---------- a pinned configuration (npm run check) ----------

/** A user's configuration: the axes above plus any other Redis option of model/kernel/config.ts. */
export type PinnedConfig = ConfigInput & Omit<Partial<Config>, keyof ConfigInput>;

/** A standalone user's configuration (topology sentinel or replication): sentinel-generators.ts's axes plus other Redis options. */
export type StandalonePinnedConfig = StandaloneConfigInput & Omit<Partial<Config>, keyof StandaloneConfigInput>;

/** Either kind: the standalone one is told apart by its `topology`. */
export type AnyPinnedConfig = PinnedConfig | StandalonePinnedConfig;

export const isStandalonePinned = (c: AnyPinnedConfig): c is StandalonePinnedConfig =>
  'topology' in c && (c.topology === 'sentinel' || c.topology === 'replication');

let pinned: AnyPinnedConfig | null = null;

/** The configuration pinned by withPinnedConfig, if any (sentinel-generators.ts reads it). */
export const pinnedConfig = (): AnyPinnedConfig | null => pinned;

/** The persistence class of a configuration, as the axes above name it. */
export const persistenceOf = (c: Pick<ConfigInput, 'appendonly' | 'appendfsync' | 'save'>): Persistence =>
  c.appendonly ? `aof-${c.appendfsync ?? 'everysec'}` : c.save.length ? 'rdb' : 'none';

/** Does a family's space admit `c`? An axis the space leaves open admits any value. */
export function admits(space: ConfigSpace, c: AnyPinnedConfig): boolean {
  if (isStandalonePinned(c)) return false; // a Cluster family never draws a standalone deployment
  const nt = space.nodeTimeout;
  return (!space.persistence || space.persistence.includes(persistenceOf(c)))
    && (!space.masters || space.masters.includes(c.masters))
    && (!space.replicas || space.replicas.includes(c.replicasPerMaster))
    && (!space.fullCoverage || space.fullCoverage.includes(c.requireFullCoverage))
    && (!space.minReplicas || space.minReplicas.includes(c.minReplicasToWrite))
    && (!space.validityFactor || space.validityFactor.includes(c.replicaValidityFactor))
    && (!nt || (c.nodeTimeout >= nt[0] && c.nodeTimeout <= nt[1]));
}

/**
 * Runs `f` with every family drawing `c` as its configuration where the family's space admits it
 * (the environment's latency still comes from the space); other families draw as usual, and their
 * traces are told apart by `isPinned`.
 */
export function withPinnedConfig<T>(c: AnyPinnedConfig, f: () => T): T {
  const before = pinned;
  pinned = c;
  try {
    return f();
  } finally {
    pinned = before;
  }
}

/** Was this trace's configuration the pinned one (latency aside)? */
export function isPinned(config: unknown, c: AnyPinnedConfig): boolean {
  const { latency: _a, ...x } = config as AnyPinnedConfig;
  const { latency: _b, ...y } = c;
  return JSON.stringify(x, Object.keys(x).sort()) === JSON.stringify(y, Object.keys(y).sort());
}

/** configArb, unless a configuration is pinned that the space admits. Unpinned, it draws and shrinks exactly as configArb. */
class PinnableConfig extends fc.Arbitrary<ConfigInput> {
  private readonly base: fc.Arbitrary<ConfigInput>;
  constructor(private readonly space: ConfigSpace) {
    super();
    this.base = configArb(space);
  }
  private arb(): fc.Arbitrary<ConfigInput> {
    if (!pinned || !admits(this.space, pinned)) return this.base;
    const c = pinned as PinnedConfig;
    return this.space.latency ? fc.constantFrom(...this.space.latency).map((latency) => ({ ...c, latency })) : fc.constant(c);
  }
  generate(mrng: fc.Random, bias: number | undefined): fc.Value<ConfigInput> { return this.arb().generate(mrng, bias); }
  canShrinkWithoutContext(v: unknown): v is ConfigInput { return this.arb().canShrinkWithoutContext(v); }
  shrink(v: ConfigInput, context: unknown): fc.Stream<fc.Value<ConfigInput>> { return this.arb().shrink(v, context); }
}

export const masterNames = (c: Pick<ConfigInput, 'masters'>): string[] => Array.from({ length: c.masters }, (_, i) => masterName(i));
export const replicaNames = (c: Pick<ConfigInput, 'masters' | 'replicasPerMaster'>, m?: string): string[] =>
  masterNames(c).filter((x) => !m || x === m).flatMap((x) => Array.from({ length: c.replicasPerMaster }, (_, j) => replicaName(x, j + 1)));
export const allNames = (c: Pick<ConfigInput, 'masters' | 'replicasPerMaster'>): string[] => [...masterNames(c), ...replicaNames(c)];

// ---------- plan → trace ----------

/** What the schedule of a plan (Cluster or standalone) is made of: a warm-up, gaps between faults, a heal gap. */
interface Schedule { warmup: number; faults: Array<{ gap: number }>; healGap: number }

/** Time of each fault (ms from the start). */
export function faultTimes(p: Schedule): number[] {
  let t = p.warmup;
  return p.faults.map((f) => (t += f.gap));
}

export function healAt(p: Schedule): number {
  const ts = faultTimes(p);
  return (ts.length ? ts[ts.length - 1] : p.warmup) + p.healGap;
}

/** The trace a plan stands for: writes throughout, chaos, heal (restart all, heal, resume all), settle. */
export function toTrace(p: Plan): TraceInput {
  const times = faultTimes(p);
  const heal = healAt(p);
  const events: TraceInput['events'] = [];
  const writesUntil = heal + 2000;
  events.push({ at: 0, type: 'writes', every: p.writeEvery, until: writesUntil });
  if (p.pinned) events.push({ at: 0, type: 'writes', every: p.writeEvery * 2, until: writesUntil, node: p.pinned });
  p.faults.forEach((f, i) => events.push({ at: times[i], ...f.event } as TraceInput['events'][number]));
  // Heal phase: every fault comes with its own heal.
  const names = allNames(p.config);
  const down = new Set<string>();
  const paused = new Set<string>();
  let partitioned = false;
  for (const f of p.faults) {
    const e = f.event;
    if (e.type === 'crash') down.add(e.node);
    if (e.type === 'restart') down.delete(e.node);
    if (e.type === 'pause') paused.add(e.node);
    if (e.type === 'resume') paused.delete(e.node);
    if (e.type === 'partition') partitioned = true;
    if (e.type === 'heal') partitioned = false;
  }
  if (partitioned) events.push({ at: heal, type: 'heal' });
  for (const n of names) if (paused.has(n)) events.push({ at: heal, type: 'resume', node: n });
  for (const n of names) if (down.has(n)) events.push({ at: heal, type: 'restart', node: n });
  events.sort((a, b) => a.at - b.at); // stable: same-time events keep their order
  // A random schedule (mixed) may restart a running node, pause one twice…: the model ignores those, parseTrace rejects them.
  const until = heal + p.settle + (p.settle > 1000 ? longestPartition(events) : 0);
  return { name: `${p.family} (seed ${p.seed})`, config: p.config, seed: p.seed, events: possibleEvents(events), until };
}

/**
 * The longest stretch with some partition in place (partitions that replace each other count as one,
 * up to the heal). Settling takes that much longer: data a partition dropped goes at TCP's next
 * retransmission, whose RTO doubled all along, so it may arrive up to the stretch's length after the
 * heal (and a connection's later data waits behind it).
 */
function longestPartition(events: TraceInput['events']): number {
  let since: number | null = null;
  let longest = 0;
  for (const e of events) {
    if (e.type === 'partition') since ??= e.at;
    if (e.type === 'heal' && since !== null) { longest = Math.max(longest, e.at - since); since = null; }
  }
  return longest;
}

// ---------- fault families ----------

const gap = (min: number, max: number) => fc.integer({ min, max });
const seedArb = fc.integer({ min: 1, max: 1_000_000 });

interface FamilyOpts { space?: ConfigSpace; settle?: boolean; pinned?: boolean; healGap?: [number, number] }

type FaultsOf = (c: ConfigInput) => fc.Arbitrary<Fault[]>;

/** Wraps a family's fault generator with config, warmup, write rate, heal and settle. */
function family(name: string, faultsOf: FaultsOf, opts: FamilyOpts = {}): fc.Arbitrary<Plan> {
  return new PinnableConfig(opts.space ?? {}).chain((config) => fc.record({
    family: fc.constant(name),
    config: fc.constant(config),
    seed: seedArb,
    warmup: gap(1500, 4000),
    writeEvery: fc.constantFrom(50, 100, 200),
    pinned: opts.pinned ? fc.option(fc.constantFrom(...masterNames(config)), { nil: null }) : fc.constant(null),
    faults: faultsOf(config),
    healGap: opts.healGap ? gap(...opts.healGap) : gap(0, 6 * config.nodeTimeout),
    // Long enough for FAIL clear (2·NT), a full sync after a diskless delay (5 s) and a retry.
    settle: opts.settle === false ? fc.constant(200) : fc.constant(8 * config.nodeTimeout + 12_000),
  }));
}

/** Big-cluster sizes for `npm test`'s quick batch (a run takes well under a second). */
export const QUICK_MASTERS = [24, 32, 50];

/** The configuration space of bigClusterCrash; narrow `masters` for quicker runs. */
export const BIG_CLUSTERS: ConfigSpace = {
  masters: [...Array<number>(8).fill(24), ...Array<number>(4).fill(50), 100, 100, 200],
  replicas: [1], persistence: ['none', 'aof-everysec'], minReplicas: [0], validityFactor: [10], nodeTimeout: [5000, 15000],
};

const pickMaster = (c: ConfigInput) => fc.constantFrom(...masterNames(c));
const pickReplica = (c: ConfigInput) => fc.constantFrom(...replicaNames(c));
/** ms until a replica of a crashed master is promoted: FAIL (NT..1.5·NT) + election delay + rank. */
export const failoverDoneBy = (c: Pick<ConfigInput, 'nodeTimeout'>) => 2 * c.nodeTimeout + 3000;

export const families = {
  /** One master is killed (kill -9, or power loss) and comes back late, after its replica took over. */
  masterCrash: (o: FamilyOpts & { power?: boolean } = {}) => family('master-crash', (c) => fc.tuple(pickMaster(c), fc.constant(!!o.power),
    gap(failoverDoneBy(c), failoverDoneBy(c) + 8000)).map(([m, power, late]) => [
    { gap: 0, event: power ? { type: 'crash', node: m, power: true } : { type: 'crash', node: m } },
    { gap: late, event: { type: 'restart', node: m } },
  ] as Fault[]), o),

  /**
   * A master's replicas left at different offsets: some (never all) are killed one after another,
   * then the master; they restart before the election, each behind by the writes it missed.
   */
  laggingReplicas: (o: FamilyOpts = {}) => family('lagging-replicas', (c) => pickMaster(c).chain((m) => fc.tuple(
    fc.shuffledSubarray(replicaNames(c, m), { minLength: 1, maxLength: c.replicasPerMaster - 1 }),
    fc.array(gap(100, 1500), { minLength: c.replicasPerMaster, maxLength: c.replicasPerMaster }),
    fc.array(gap(0, Math.floor(c.nodeTimeout / 4)), { minLength: c.replicasPerMaster, maxLength: c.replicasPerMaster }),
    fc.boolean(), gap(failoverDoneBy(c), failoverDoneBy(c) + 4000),
  ).map(([down, gaps, backs, power, late]) => [
    ...down.map((r, i) => ({ gap: i === 0 ? 0 : gaps[i], event: { type: 'crash', node: r } as ChaosEvent })),
    { gap: gaps[0], event: power ? { type: 'crash', node: m, power: true } : { type: 'crash', node: m } },
    ...down.map((r, i) => ({ gap: backs[i], event: { type: 'restart', node: r } as ChaosEvent })),
    { gap: late, event: { type: 'restart', node: m } },
  ] as Fault[])), o),

  /**
   * Failure reports that go stale: a master's links to some masters turn slow (they see it PFAIL
   * and report it, but are too few for FAIL), those reporters are paused or killed, and later the
   * links to the other masters turn slow too; the slow links are restored at the end.
   */
  silencedReporters: (o: FamilyOpts = {}) => family('silenced-reporters', (c) => fc.tuple(fc.shuffledSubarray(masterNames(c), { minLength: c.masters, maxLength: c.masters }),
    gap(c.nodeTimeout + 500, 2 * c.nodeTimeout), fc.boolean(), gap(0, 4 * c.nodeTimeout), gap(2 * c.nodeTimeout, 3 * c.nodeTimeout)).map(([[m, ...others], d1, kill, d2, d3]) => {
    const first = others.slice(0, Math.floor(c.masters / 2)); // quorum − 1 reporters: not enough for FAIL
    const second = others.slice(first.length);
    const slow = (xs: string[], ms: number, g: number): Fault[] => xs.map((x, i) => ({ gap: i === 0 ? g : 0, event: { type: 'delay', from: m, to: x, ms } }));
    return [
      ...slow(first, 60_000, 0),
      ...first.map((x, i) => ({ gap: i === 0 ? d1 : 0, event: { type: kill ? 'crash' : 'pause', node: x } as ChaosEvent })),
      ...slow(second, 60_000, d2),
      ...slow(others, 0, d3),
    ];
  }), o),

  /**
   * Failure reports that are withdrawn: a master's links to quorum − 1 masters turn slow (its PONGs
   * take longer than NT: they report it PFAIL, too few for FAIL) and fast again (they see it up and
   * say so in their gossip); around then its links to the other masters turn slow, and alone those
   * are too few for FAIL too. The delay is short: a link delivers in order, so what was delayed
   * before the link turns fast again still holds back what follows it.
   */
  withdrawnReporters: (o: FamilyOpts = {}) => family('withdrawn-reporters', (c) => fc.tuple(fc.shuffledSubarray(masterNames(c), { minLength: c.masters, maxLength: c.masters }),
    gap(c.nodeTimeout + 200, c.nodeTimeout + Math.floor(c.nodeTimeout / 2)), gap(c.nodeTimeout + 500, 2 * c.nodeTimeout), gap(0, Math.floor(1.5 * c.nodeTimeout)))
    .map(([[m, ...others], ms, back, shift]) => {
      const first = others.slice(0, Math.floor(c.masters / 2));
      const second = others.slice(first.length);
      const slow = (xs: string[], delay: number, at: number) => xs.map((to) => ({ at, event: { type: 'delay', from: m, to, ms: delay } as ChaosEvent }));
      const secondAt = Math.max(0, back - c.nodeTimeout + shift);
      const timed = [...slow(first, ms, 0), ...slow(first, 0, back), ...slow(second, ms, secondAt), ...slow(second, 0, secondAt + 3 * c.nodeTimeout)];
      timed.sort((a, b) => a.at - b.at); // stable: each link turns slow before it turns fast
      return timed.map((f, i): Fault => ({ gap: i === 0 ? 0 : f.at - timed[i - 1].at, event: f.event }));
    }), o),

  /** Every replica of one master is killed (the master is orphaned), and restarted long after replica migration could act. */
  replicasDie: (o: FamilyOpts = {}) => family('replicas-die', (c) => fc.tuple(pickMaster(c), gap(2 * c.nodeTimeout + 8000, 2 * c.nodeTimeout + 14_000)).map(([m, d]) => [
    ...replicaNames(c, m).map((r): Fault => ({ gap: 0, event: { type: 'crash', node: r } })),
    ...replicaNames(c, m).map((r, i): Fault => ({ gap: i === 0 ? d : 0, event: { type: 'restart', node: r } })),
  ]), o),

  /** One replica is killed and restarted. */
  replicaCrash: (o: FamilyOpts = {}) => family('replica-crash', (c) => fc.tuple(pickReplica(c), gap(0, 4 * c.nodeTimeout)).map(([r, d]) => [
    { gap: 0, event: { type: 'crash', node: r } }, { gap: d, event: { type: 'restart', node: r } },
  ] as Fault[]), o),

  /** A master and its replica(s) die; either may come back first. */
  masterAndReplica: (o: FamilyOpts & { replicaFirst?: boolean } = {}) => family('master-and-replica', (c) => pickMaster(c).chain((m) => fc.tuple(
    gap(0, 2000), gap(200, 3 * c.nodeTimeout), gap(0, 6 * c.nodeTimeout),
    o.replicaFirst === undefined ? fc.boolean() : fc.constant(o.replicaFirst),
  ).map(([d1, d2, d3, replicaFirst]) => {
    const rs = replicaNames(c, m);
    const crashes: Fault[] = [{ gap: 0, event: { type: 'crash', node: m } }, ...rs.map((r, i) => ({ gap: i === 0 ? d1 : 0, event: { type: 'crash', node: r } as ChaosEvent }))];
    const first = replicaFirst ? rs : [m];
    const second = replicaFirst ? [m] : rs;
    return [...crashes, ...first.map((x, i) => ({ gap: i === 0 ? d2 : 0, event: { type: 'restart', node: x } as ChaosEvent })),
      ...second.map((x, i) => ({ gap: i === 0 ? d3 : 0, event: { type: 'restart', node: x } as ChaosEvent }))];
  })), o),

  /** Two masters die at (nearly) the same time. */
  twoMasters: (o: FamilyOpts & { slowLinks?: boolean; restartFirstAfter?: (c: ConfigInput) => [number, number] } = {}) => family('two-masters', (c) => fc.tuple(fc.shuffledSubarray(masterNames(c), { minLength: 2, maxLength: 2 }), gap(0, 300),
    // Optionally some slow links (a replica to a master), so vote requests reach voters in different orders.
    o.slowLinks ? fc.array(fc.tuple(pickReplica(c), pickMaster(c), gap(1, 300)), { maxLength: 6 }) : fc.constant([] as Array<[string, string, number]>))
    .map(([[a, b], d, slow]) => [
      ...slow.map(([from, to, ms]) => ({ gap: 0, event: { type: 'delay', from, to, ms } as ChaosEvent })),
      { gap: 0, event: { type: 'crash', node: a } }, { gap: d, event: { type: 'crash', node: b } },
    ] as Fault[])
    // Optionally the first master back alone after a while: the masters have a majority again, and the
    // other's replicas decide on an election with their link down since the crash.
    .chain((faults) => (o.restartFirstAfter ? gap(...o.restartFirstAfter(c)).map((g): Fault[] => [...faults, { gap: g, event: { type: 'restart', node: (faults.find((f) => f.event.type === 'crash')!.event as { node: string }).node } }]) : fc.constant(faults))), o),

  /** One master is cut off with a minority (alone or with its replicas); the client on either side. */
  minorityPartition: (o: FamilyOpts & { clientSide?: 'minority' | 'majority' | 'any' | 'none'; minNT?: number; maxNT?: number; withReplicas?: boolean } = {}) => family('minority-partition', (c) => fc.tuple(
    pickMaster(c), o.withReplicas === undefined ? fc.boolean() : fc.constant(o.withReplicas), fc.constantFrom(...(o.clientSide && o.clientSide !== 'any' ? [o.clientSide] : ['minority', 'majority', 'none'] as const)),
    gap(Math.round((o.minNT ?? 1) * c.nodeTimeout), (o.maxNT ?? 6) * c.nodeTimeout),
  ).map(([m, withReplicas, client, d]) => {
    const minority = [m, ...(withReplicas ? replicaNames(c, m) : [])];
    const majority = allNames(c).filter((x) => !minority.includes(x));
    const groups = client === 'minority' ? [[...minority, 'client'], majority] : client === 'majority' ? [minority, [...majority, 'client']] : [minority, majority];
    return [{ gap: 0, event: { type: 'partition', groups } }, { gap: d, event: { type: 'heal' } }] as Fault[];
  }), { pinned: true, ...o }),

  /** A master is cut from its replicas only; it keeps the majority of masters and the client. */
  replicasCutOff: (o: FamilyOpts = {}) => family('replicas-cut-off', (c) => fc.tuple(pickMaster(c), gap(3000, 15000)).map(([m, d]) => {
    const rs = replicaNames(c, m);
    return [{ gap: 0, event: { type: 'partition', groups: [rs, allNames(c).filter((x) => !rs.includes(x)).concat('client')] } }, { gap: d, event: { type: 'heal' } }] as Fault[];
  }), o),

  /**
   * A node cut off from every other, then paused while its reconnects wait on SYN retries, the cut
   * healed while it sleeps (the kernel completes those connects), and the node resumed.
   */
  sleepThroughHeal: (o: FamilyOpts = {}) => family('sleep-through-heal', (c) => fc.tuple(fc.constantFrom(...allNames(c)), gap(c.nodeTimeout, 3 * c.nodeTimeout), gap(200, 3000), gap(500, 3000))
    .map(([x, cut, heal, wake]) => [
      { gap: 0, event: { type: 'partition', groups: [[x], [...allNames(c).filter((y) => y !== x), 'client']] } },
      { gap: cut, event: { type: 'pause', node: x } }, { gap: heal, event: { type: 'heal' } }, { gap: wake, event: { type: 'resume', node: x } },
    ] as Fault[]), o),

  /** A process is paused (SIGSTOP, a long GC) and resumed. */
  pauseResume: (o: FamilyOpts = {}) => family('pause-resume', (c) => fc.tuple(fc.constantFrom(...allNames(c)), gap(500, 5 * c.nodeTimeout))
    .map(([x, d]) => [{ gap: 0, event: { type: 'pause', node: x } }, { gap: d, event: { type: 'resume', node: x } }] as Fault[]), o),

  /**
   * A master's replicas stop hearing it (its replication stream and PINGs held 60 s on the way, its
   * bus messages too) while it still hears them, for longer than their validity window (or for
   * `silence` ms); then it dies.
   */
  staleReplicas: (o: FamilyOpts & { silence?: (c: ConfigInput) => [number, number] } = {}) => family('stale-replicas', (c) => fc.tuple(pickMaster(c), gap(...(o.silence?.(c) ?? [c.nodeTimeout * c.replicaValidityFactor + 12_000, 50_000])))
    .map(([m, d]) => [
      ...replicaNames(c, m).map((r): Fault => ({ gap: 0, event: { type: 'delay', from: m, to: r, ms: 60_000 } })),
      { gap: d, event: { type: 'crash', node: m } },
    ] as Fault[]), o),

  /**
   * A replica left behind a sibling that it hears from late: the master's stream to it stalls (a
   * one-way delay far past the run) shortly before the master is killed, and the bus from one sibling
   * to it runs about a node timeout late, so it may schedule its election before it learns that the
   * sibling is ahead. The links are restored when the master restarts.
   */
  staleSiblingView: (o: FamilyOpts = {}) => family('stale-sibling-view', (c) => pickMaster(c).chain((m) => fc.tuple(
    fc.shuffledSubarray(replicaNames(c, m), { minLength: 2, maxLength: 2 }), gap(1000, 3000), gap(Math.floor(1.2 * c.nodeTimeout), 2 * c.nodeTimeout),
    gap(failoverDoneBy(c), failoverDoneBy(c) + 4000),
  ).map(([[late, ahead], d, viewLag, back]) => [
    { gap: 0, event: { type: 'delay', from: m, to: late, ms: 60_000 } },
    { gap: 0, event: { type: 'delay', from: ahead, to: late, ms: viewLag + d } },
    { gap: d, event: { type: 'crash', node: m } },
    { gap: back, event: { type: 'delay', from: m, to: late, ms: 0 } },
    { gap: 0, event: { type: 'delay', from: ahead, to: late, ms: 0 } },
    { gap: 0, event: { type: 'restart', node: m } },
  ] as Fault[])), o),

  /**
   * A replica that lags a sibling (its master's stream to it stalls a little before the master is
   * killed) schedules its election behind that sibling; about then the sibling is killed and restarted
   * (without persistence its offset falls to 0), so the rank the replica sees falls during its delay.
   */
  siblingRestartsInElection: (o: FamilyOpts = {}) => family('sibling-restarts-in-election', (c) => pickMaster(c).chain((m) => fc.tuple(
    fc.shuffledSubarray(replicaNames(c, m), { minLength: 2, maxLength: 2 }), gap(1000, 3000), gap(Math.floor(1.1 * c.nodeTimeout), Math.floor(1.5 * c.nodeTimeout)), gap(300, 900),
    gap(failoverDoneBy(c), failoverDoneBy(c) + 4000),
  ).map(([[late, ahead], d, inElection, back, restart]) => [
    { gap: 0, event: { type: 'delay', from: m, to: late, ms: 60_000 } },
    { gap: d, event: { type: 'crash', node: m } },
    { gap: inElection, event: { type: 'crash', node: ahead } },
    { gap: back, event: { type: 'restart', node: ahead } },
    { gap: restart, event: { type: 'delay', from: m, to: late, ms: 0 } },
    { gap: 0, event: { type: 'restart', node: m } },
  ] as Fault[])), o),

  /** A master is paused (SIGSTOP) until after its replica took over, then resumed. */
  masterPause: (o: FamilyOpts = {}) => family('master-pause', (c) => fc.tuple(pickMaster(c), gap(failoverDoneBy(c), failoverDoneBy(c) + 4000))
    .map(([m, d]) => [{ gap: 0, event: { type: 'pause', node: m } }, { gap: d, event: { type: 'resume', node: m } }] as Fault[]), o),

  /** Power loss on one node or on the whole cluster, then restart. */
  powerLoss: (o: FamilyOpts & { soon?: boolean } = {}) => family('power-loss', (c) => fc.tuple(fc.subarray(allNames(c), { minLength: 1 }), gap(0, 500),
    o.soon ? gap(100, Math.floor(c.nodeTimeout * 0.8)) : gap(100, 4 * c.nodeTimeout)).map(([xs, d, back]) => [
    ...xs.map((x, i) => ({ gap: i === 0 ? 0 : Math.min(d, 50), event: { type: 'crash', node: x, power: true } as ChaosEvent })),
    ...xs.map((x, i) => ({ gap: i === 0 ? back : 0, event: { type: 'restart', node: x } as ChaosEvent })),
  ]), o),

  /** A master is killed and restarted before its replica can be promoted (restart < node timeout). */
  restartSoon: (o: FamilyOpts & { power?: boolean; slowDisk?: boolean } = {}) => family('restart-soon', (c) => fc.tuple(pickMaster(c), gap(50, Math.floor(c.nodeTimeout * 0.8)),
    o.slowDisk ? fc.tuple(gap(100, 3000), gap(0, 3000)) : fc.constant(null))
    .map(([m, d, slow]) => [
      // Optionally the master's disk turns slow first: each fsync takes fsyncMs, so everysec postpones writes behind it.
      ...(slow ? [{ gap: 0, event: { type: 'disk', node: m, fsyncMs: slow[0] } as ChaosEvent }] : []),
      { gap: slow ? slow[1] : 0, event: o.power ? { type: 'crash', node: m, power: true } : { type: 'crash', node: m } },
      { gap: d, event: { type: 'restart', node: m } },
    ] as Fault[]), o),

  /** A master is killed and restarted after its replica was promoted. */
  restartLate: (o: FamilyOpts = {}) => families.masterCrash(o).map((p) => ({ ...p, family: 'restart-late' })),

  /** CLUSTER FAILOVER on a replica, in one mode. */
  manualFailover: (mode: 'default' | 'force' | 'takeover', o: FamilyOpts = {}) => family(`manual-failover-${mode}`, (c) => fc.array(pickReplica(c), { minLength: 1, maxLength: 2 })
    .chain((rs) => fc.tuple(fc.array(gap(0, 3000), { minLength: rs.length, maxLength: rs.length }), fc.option(gap(20, 400), { nil: null })).map(([gs, lag]) => [
      // Optionally a slow replication link first, so the replica lags its master when the failover comes.
      ...(lag === null ? [] : [{ gap: 0, event: { type: 'delay', from: shardOfName(rs[0]), to: rs[0], ms: lag } as ChaosEvent }]),
      ...rs.map((r, i) => ({ gap: gs[i], event: { type: 'failover', node: r, mode } as ChaosEvent })),
    ] as Fault[])), o),

  /**
   * CLUSTER FAILOVER to a replica whose master is stalled (SIGSTOP) past the manual-failover timeout
   * but short of the node timeout (no FAIL): the failover cannot start; the master then wakes.
   */
  stalledManualFailover: (o: FamilyOpts = {}) => family('stalled-manual-failover', (c) => fc.tuple(pickReplica(c), gap(0, 1000), gap(5500, Math.max(5500, c.nodeTimeout - 1500)))
    .map(([r, g, stall]) => [
      { gap: 0, event: { type: 'pause', node: shardOfName(r) } },
      { gap: g, event: { type: 'failover', node: r, mode: 'default' } },
      { gap: stall - g, event: { type: 'resume', node: shardOfName(r) } },
    ] as Fault[]), o),

  /** Every node is restarted in turn (masters and replicas), one at a time. */
  rollingRestarts: (o: FamilyOpts = {}) => family('rolling-restarts', (c) => fc.tuple(fc.shuffledSubarray(allNames(c), { minLength: 1 }), gap(100, 2 * c.nodeTimeout), gap(500, 4 * c.nodeTimeout))
    .map(([xs, down, between]) => xs.flatMap((x, i) => [
      { gap: i === 0 ? 0 : between, event: { type: 'crash', node: x } as ChaosEvent }, { gap: down, event: { type: 'restart', node: x } as ChaosEvent },
    ])), o),

  /** Writes acknowledged with WAIT 1, around a master + replica crash. */
  waitAndCrash: (o: FamilyOpts = {}) => family('wait-and-crash', (c) => fc.tuple(pickMaster(c), fc.array(gap(0, 400), { minLength: 1, maxLength: 6 }), gap(0, 1000), gap(100, 3 * c.nodeTimeout), fc.boolean())
    .map(([m, ws, d, back, replicaFirst]) => [
      ...ws.map((g) => ({ gap: g, event: { type: 'write', wait: { replicas: 1, timeout: 500 } } as ChaosEvent })),
      { gap: d, event: { type: 'crash', node: m } },
      ...replicaNames(c, m).map((r) => ({ gap: 0, event: { type: 'crash', node: r, power: true } as ChaosEvent })),
      ...(replicaFirst ? [...replicaNames(c, m), m] : [m, ...replicaNames(c, m)]).map((x, i) => ({ gap: i === 0 ? back : 0, event: { type: 'restart', node: x } as ChaosEvent })),
    ] as Fault[]), o),

  /**
   * Big clusters (issue 14): one master of 24 to 200 (each with one replica) is killed with
   * production node timeouts (5–15 s) and restarted once its replica has taken over. Sizes are
   * weighted toward the cheaper ones (a 200-master run costs ~20 s): 24 ×8, 50 ×4, 100 ×2, 200 ×1.
   */
  bigClusterCrash: (o: FamilyOpts = {}) => family('big-cluster-crash', (c) => fc.tuple(pickMaster(c), gap(1000, 3000)).map(([m, late]) => [
    { gap: 0, event: { type: 'crash', node: m } }, { gap: failoverDoneBy(c) + late, event: { type: 'restart', node: m } },
  ] as Fault[]), { healGap: [0, 500], settle: false, ...o, space: { ...BIG_CLUSTERS, ...o.space } }),

  /** Everything at once: the run first draws its own fault weights (some zero), then faults by weight. */
  mixed: (o: FamilyOpts = {}) => family('mixed', (c) => fc.record({
    crash: fc.constantFrom(0, 1, 3), power: fc.constantFrom(0, 1), restart: fc.constantFrom(0, 2, 4), pause: fc.constantFrom(0, 1),
    partition: fc.constantFrom(0, 1, 2), heal: fc.constantFrom(0, 2), failover: fc.constantFrom(0, 1), wait: fc.constantFrom(0, 1),
  }).chain((w) => {
    const names = allNames(c);
    const options: Array<{ weight: number; arbitrary: fc.Arbitrary<ChaosEvent> }> = [
      { weight: w.crash, arbitrary: fc.constantFrom(...names).map((node) => ({ type: 'crash', node }) as ChaosEvent) },
      { weight: w.power, arbitrary: fc.constantFrom(...names).map((node) => ({ type: 'crash', node, power: true }) as ChaosEvent) },
      { weight: w.restart, arbitrary: fc.constantFrom(...names).map((node) => ({ type: 'restart', node }) as ChaosEvent) },
      { weight: w.pause, arbitrary: fc.constantFrom(...names).map((node) => ({ type: 'pause', node }) as ChaosEvent) },
      { weight: w.pause, arbitrary: fc.constantFrom(...names).map((node) => ({ type: 'resume', node }) as ChaosEvent) },
      { weight: w.partition, arbitrary: fc.shuffledSubarray([...names, 'client'], { minLength: 1, maxLength: names.length }).map((g) => ({ type: 'partition', groups: [g] }) as ChaosEvent) },
      { weight: w.heal, arbitrary: fc.constant({ type: 'heal' } as ChaosEvent) },
      { weight: w.failover, arbitrary: fc.tuple(fc.constantFrom(...replicaNames(c)), fc.constantFrom('default', 'force', 'takeover') as fc.Arbitrary<'default' | 'force' | 'takeover'>).map(([node, mode]) => ({ type: 'failover', node, mode }) as ChaosEvent) },
      { weight: w.wait, arbitrary: fc.constant({ type: 'write', wait: { replicas: 1, timeout: 500 } } as ChaosEvent) },
    ].filter((x) => x.weight > 0);
    if (options.length === 0) return fc.constant([] as Fault[]);
    return fc.array(fc.record({ gap: gap(0, 2 * c.nodeTimeout), event: fc.oneof(...options) }), { maxLength: 8 });
  }), { pinned: true, ...o }),
};

export type FamilyName = keyof typeof families;

/** A trace arbitrary (the objects parseTrace accepts), with its plan kept for reports. */
export const traces = (plans: fc.Arbitrary<Plan>): fc.Arbitrary<{ plan: Plan; trace: TraceInput }> => plans.map((plan) => ({ plan, trace: toTrace(plan) }));

// ---------- shrinking a hazard's witness below the drill ----------

/** Always `true` when generated (and without drawing randomness), `false` as its one shrink. */
class KeptUnlessShrunk extends fc.Arbitrary<boolean> {
  generate(): fc.Value<boolean> { return new fc.Value(true, undefined); }
  canShrinkWithoutContext(v: unknown): v is boolean { return typeof v === 'boolean'; }
  shrink(v: boolean): fc.Stream<fc.Value<boolean>> { return v ? fc.Stream.of(new fc.Value(false, undefined)) : fc.Stream.nil(); }
}

/**
 * For hazards ('sometimes'): the same traces, but the shrinker may also drop any event, including
 * the drill's fixed parts (the writes loop, the heal phase, a family's fixed faults), so a shrunk
 * witness keeps only what the hazard needs. Generation is unchanged: every event is kept and no
 * randomness is drawn, so a seed finds the same witness as without it.
 */
export function trimmable<P = Plan>(arb: fc.Arbitrary<{ plan: P; trace: TraceInput }>): fc.Arbitrary<{ plan: P; trace: TraceInput }> {
  const keep = new KeptUnlessShrunk();
  return arb.chain((x) => fc.tuple(fc.constant(x), fc.tuple(...x.trace.events.map(() => keep))))
    .map(([{ plan, trace }, kept]) => ({ plan, trace: { ...trace, events: possibleEvents(trace.events.filter((_, i) => kept[i])) } }));
}
