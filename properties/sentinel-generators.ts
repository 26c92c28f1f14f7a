// fast-check arbitraries of standalone traces (issue 12): one master M with replicas R1…Rn, either
// watched by Sentinels S1…Sk (topology "sentinel") or wired into REPLICAOF chains with no failover
// manager (topology "replication"). Same drill shape as generators.ts: writes throughout, a chaos
// phase of faults (each with a gap after the previous one, so fast-check shrinks times toward each
// other), a heal phase (heal the network, restore slow links, resume, restart), then time to settle.
// Sentinel timings are drawn small (down-after 1–5 s, failover-timeout 3–20 s) so a run is tens of
// simulated seconds, not the minutes of the defaults.
import fc from 'fast-check';
import { nodeNames, sentinelNames, type TraceInput } from '../model/kernel/trace.ts';
import { possibleEvents } from '../model/kernel/trace-checks.ts';
import { faultTimes, healAt, isStandalonePinned, persistenceConfig, persistenceOf, pinnedConfig, type Persistence, type ProcessEvent, type StandalonePinnedConfig } from './generators.ts';

export interface StandaloneConfigInput {
  topology: 'sentinel' | 'replication';
  replicas: number;
  appendonly: boolean;
  appendfsync?: 'always' | 'everysec' | 'no';
  save: Array<[number, number]>;
  minReplicasToWrite: number;
  minReplicasMaxLag?: number;
  /** sentinel only */
  sentinels?: number;
  quorum?: number;
  downAfterMilliseconds?: number;
  failoverTimeout?: number;
  masterRebootDownAfterPeriod?: number;
  /** sentinel parallel-syncs (default 1) */
  parallelSyncs?: number;
  /** replication only: R2 → R1 makes a chain */
  replicaof?: Record<string, string>;
  /** repl-timeout in seconds (default 60) */
  replTimeout?: number;
  /** not a Redis option: one-way network latency (ms) of the simulated environment */
  latency?: number;
}

/** A file edit applied at the node's next restart (edit-config). */
export interface FileEdit { appendonly?: boolean; replicaof?: string | null; replicaPriority?: number }

/** One chaos event without its time. */
export type StandaloneEvent =
  | ProcessEvent
  | { type: 'replicaof'; node: string; master: string | null }
  | { type: 'sentinel-failover'; node: string }
  | { type: 'clock'; node: string; jumpMs: number }
  | { type: 'edit-config'; node: string; set: FileEdit };

export interface StandaloneFault { gap: number; event: StandaloneEvent }

export interface StandalonePlan {
  family: string;
  config: StandaloneConfigInput;
  seed: number;
  warmup: number;
  writeEvery: number;
  faults: StandaloneFault[];
  healGap: number;
  settle: number;
  /** ms the writes go on after the heal phase (default 2000) */
  writeTail?: number;
  /** Every write's TTL (SET … PX), when set: the writes, and one single SET of key `ttl` in the warmup. */
  px?: number;
}

// ---------- configurations ----------

export interface SentinelSpace {
  replicas?: number[];
  sentinels?: number[];
  /** quorum as a function of the Sentinel count (default: any of 1..N, most often the majority) */
  quorum?: (n: number) => number[];
  dam?: [number, number];
  fto?: [number, number];
  persistence?: Persistence[];
  minReplicas?: number[];
  maxLag?: number[];
  rebootPeriod?: number[];
  /** one-way network latency, ms (default: the model's 1 ms) */
  latency?: number[];
}

export const majority = (n: number): number => Math.floor(n / 2) + 1;
const round = (x: number, to: number) => Math.round(x / to) * to;
const range = (lo: number, hi: number) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

/** The default quorum choice: the majority twice as often as any other value. */
const anyQuorum = (n: number) => [...range(1, n), majority(n), majority(n)];

// ---------- a pinned configuration (npm run check) ----------

/**
 * Does a Sentinel family's space admit the user's configuration? Only the axes a property narrows
 * count (its scope); the default ranges (down-after 1–5 s, …) are there to keep runs short.
 */
export function admitsSentinel(space: SentinelSpace, c: StandalonePinnedConfig): boolean {
  const n = c.sentinels ?? 3;
  const within = (r: [number, number] | undefined, v: number) => !r || (v >= r[0] && v <= r[1]);
  return c.topology === 'sentinel'
    && (!space.replicas || space.replicas.includes(c.replicas))
    && (!space.sentinels || space.sentinels.includes(n))
    && (!space.quorum || space.quorum(n).includes(c.quorum ?? 2))
    && within(space.dam, c.downAfterMilliseconds ?? 30_000)
    && within(space.fto, c.failoverTimeout ?? 180_000)
    && (!space.persistence || space.persistence.includes(persistenceOf(c)))
    && (!space.minReplicas || space.minReplicas.includes(c.minReplicasToWrite))
    && (!space.maxLag || !c.minReplicasToWrite || space.maxLag.includes(c.minReplicasMaxLag ?? 10))
    && (!space.rebootPeriod || space.rebootPeriod.includes(c.masterRebootDownAfterPeriod ?? 0));
}

export function admitsReplication(space: ReplicationSpace, c: StandalonePinnedConfig): boolean {
  const chain = (c: StandalonePinnedConfig) => replicaNamesOf(c).every((r, i) => (c.replicaof ?? {})[r] === (i === 0 ? undefined : `R${i}`));
  return c.topology === 'replication'
    && (!space.replicas || space.replicas.includes(c.replicas))
    && (!space.persistence || space.persistence.includes(persistenceOf(c)))
    && (!space.chained || chain(c));
}

/** `base`, unless a standalone configuration is pinned that `admit` accepts: then that one (latency from the space). */
class PinnableStandalone extends fc.Arbitrary<StandaloneConfigInput> {
  constructor(private readonly base: fc.Arbitrary<StandaloneConfigInput>, private readonly admit: (c: StandalonePinnedConfig) => boolean, private readonly latency?: number[]) { super(); }
  private arb(): fc.Arbitrary<StandaloneConfigInput> {
    const p = pinnedConfig();
    if (!p || !isStandalonePinned(p) || !this.admit(p)) return this.base;
    return this.latency ? fc.constantFrom(...this.latency).map((latency) => ({ ...p, latency })) : fc.constant(p);
  }
  generate(mrng: fc.Random, bias: number | undefined): fc.Value<StandaloneConfigInput> { return this.arb().generate(mrng, bias); }
  canShrinkWithoutContext(v: unknown): v is StandaloneConfigInput { return this.arb().canShrinkWithoutContext(v); }
  shrink(v: StandaloneConfigInput, context: unknown): fc.Stream<fc.Value<StandaloneConfigInput>> { return this.arb().shrink(v, context); }
}

/** sentinelConfigArb, pinnable: unpinned it draws and shrinks exactly as before. */
export const sentinelConfigs = (space: SentinelSpace = {}): fc.Arbitrary<StandaloneConfigInput> =>
  new PinnableStandalone(sentinelConfigArb(space), (c) => admitsSentinel(space, c), space.latency);

export const replicationConfigs = (space: ReplicationSpace = {}): fc.Arbitrary<StandaloneConfigInput> =>
  new PinnableStandalone(replicationConfigArb(space), (c) => admitsReplication(space, c));

export function sentinelConfigArb(space: SentinelSpace = {}): fc.Arbitrary<StandaloneConfigInput> {
  const dam = space.dam ?? [1000, 5000];
  const fto = space.fto ?? [3000, 20000];
  return fc.constantFrom(...(space.sentinels ?? [3, 3, 5])).chain((sentinels) => fc.record({
    replicas: fc.constantFrom(...(space.replicas ?? [1, 2, 2, 3])),
    quorum: fc.constantFrom(...(space.quorum ?? anyQuorum)(sentinels)),
    dam: fc.integer({ min: dam[0], max: dam[1] }).map((x) => round(x, 100)),
    fto: fc.integer({ min: fto[0], max: fto[1] }).map((x) => round(x, 1000)),
    persistence: fc.constantFrom(...(space.persistence ?? ['none', 'aof-everysec', 'aof-always', 'rdb'] as Persistence[])),
    minReplicas: fc.constantFrom(...(space.minReplicas ?? [0, 0, 1])),
    maxLag: fc.constantFrom(...(space.maxLag ?? [10, 2])),
    reboot: fc.constantFrom(...(space.rebootPeriod ?? [0, 0, 0, 1])),
    latency: space.latency ? fc.constantFrom(...space.latency) : fc.constant(undefined),
  }).map((x): StandaloneConfigInput => ({
    topology: 'sentinel', replicas: x.replicas, sentinels, quorum: x.quorum,
    downAfterMilliseconds: x.dam, failoverTimeout: x.fto, masterRebootDownAfterPeriod: x.reboot,
    ...persistenceConfig(x.persistence), minReplicasToWrite: x.minReplicas,
    ...(x.minReplicas ? { minReplicasMaxLag: x.maxLag } : {}),
    ...(x.latency === undefined ? {} : { latency: x.latency }),
  })));
}

export interface ReplicationSpace { replicas?: number[]; persistence?: Persistence[]; chained?: boolean }

/** REPLICAOF chains: each Ri follows M or an earlier replica (a chain when `chained`). */
export function replicationConfigArb(space: ReplicationSpace = {}): fc.Arbitrary<StandaloneConfigInput> {
  return fc.constantFrom(...(space.replicas ?? [2, 3])).chain((replicas) => fc.record({
    persistence: fc.constantFrom(...(space.persistence ?? ['none', 'aof-everysec', 'rdb'] as Persistence[])),
    // masters[i]: the index of Ri+1's master among M, R1…Ri (0 = M).
    masters: fc.tuple(...range(1, replicas).map((i) => fc.integer({ min: 0, max: i - 1 }))),
  }).map((x): StandaloneConfigInput => {
    const replicaof: Record<string, string> = {};
    x.masters.forEach((m, i) => {
      const pick = space.chained && i > 0 ? i : m; // chained: R(i+1) follows R(i)
      if (pick > 0) replicaof[`R${i + 1}`] = `R${pick}`;
    });
    return { topology: 'replication', replicas, ...persistenceConfig(x.persistence), minReplicasToWrite: 0, ...(Object.keys(replicaof).length ? { replicaof } : {}) };
  }));
}

// ---------- names ----------

export const replicaNamesOf = (c: Pick<StandaloneConfigInput, 'replicas'>): string[] =>
  nodeNames({ topology: 'replication', masters: 1, replicasPerMaster: 0, replicas: c.replicas }).replicas;
export const dataNamesOf = (c: Pick<StandaloneConfigInput, 'replicas'>): string[] => ['M', ...replicaNamesOf(c)];
export const sentinelNamesOf = (c: Pick<StandaloneConfigInput, 'sentinels' | 'topology'>): string[] =>
  sentinelNames({ topology: c.topology, sentinels: c.sentinels ?? 3 });
export const allNamesOf = (c: StandaloneConfigInput): string[] => [...dataNamesOf(c), ...sentinelNamesOf(c)];

// ---------- plan → trace ----------

/** The trace of a plan: writes throughout, the faults, then every fault healed and time to settle. */
export function toStandaloneTrace(p: StandalonePlan): TraceInput {
  const times = faultTimes(p);
  const heal = healAt(p);
  const events: TraceInput['events'] = [{ at: 0, type: 'writes', every: p.writeEvery, until: heal + (p.writeTail ?? 2000), ...(p.px ? { px: p.px } : {}) }];
  if (p.px) events.push({ at: Math.floor(p.warmup / 2), type: 'write', key: 'ttl', px: p.px });
  p.faults.forEach((f, i) => events.push({ at: times[i], ...f.event } as TraceInput['events'][number]));
  const down = new Set<string>();
  const paused = new Set<string>();
  const slow = new Set<string>();
  let partitioned = false;
  for (const { event: e } of p.faults) {
    if (e.type === 'crash') { down.add(e.node); paused.delete(e.node); }
    if (e.type === 'restart') down.delete(e.node);
    if (e.type === 'pause' && !down.has(e.node)) paused.add(e.node);
    if (e.type === 'resume') paused.delete(e.node);
    if (e.type === 'partition') partitioned = true;
    if (e.type === 'heal') partitioned = false;
    if (e.type === 'delay') { if (e.ms > 0) slow.add(`${e.from}>${e.to}`); else slow.delete(`${e.from}>${e.to}`); }
  }
  if (partitioned) events.push({ at: heal, type: 'heal' });
  for (const l of slow) { const [from, to] = l.split('>'); events.push({ at: heal, type: 'delay', from, to, ms: 0 }); }
  for (const n of allNamesOf(p.config)) if (paused.has(n)) events.push({ at: heal, type: 'resume', node: n });
  for (const n of allNamesOf(p.config)) if (down.has(n)) events.push({ at: heal, type: 'restart', node: n });
  events.sort((a, b) => a.at - b.at);
  return { name: `${p.family} (seed ${p.seed})`, config: p.config, seed: p.seed, events: possibleEvents(events), until: heal + p.settle };
}

/** A trace arbitrary of standalone plans, with the plan kept for reports. */
export const standaloneTraces = (plans: fc.Arbitrary<StandalonePlan>): fc.Arbitrary<{ plan: StandalonePlan; trace: TraceInput }> =>
  plans.map((plan) => ({ plan, trace: toStandaloneTrace(plan) }));

// ---------- families ----------

const gap = (min: number, max: number) => fc.integer({ min, max: Math.max(min, max) });
const seedArb = fc.integer({ min: 1, max: 1_000_000 });
const dam = (c: StandaloneConfigInput) => c.downAfterMilliseconds ?? 30_000;
const fto = (c: StandaloneConfigInput) => c.failoverTimeout ?? 180_000;
/** ms from a master's crash until Sentinel has promoted a replica: SDOWN, ODOWN and the vote, SLAVEOF NO ONE, INFO (sentinel.md §3). */
export const sentinelFailoverDoneBy = (c: StandaloneConfigInput) => dam(c) + 4000;
/** Long enough for the switch, the ~10 s demotion of a returning master (2.15b) and its full sync after the diskless delay. */
const sentinelSettle = (c: StandaloneConfigInput) => dam(c) + 22_000;

type FaultsOf = (c: StandaloneConfigInput) => fc.Arbitrary<StandaloneFault[]>;
interface Opts { space?: SentinelSpace; healGap?: [number, number] | ((c: StandaloneConfigInput) => [number, number]); settle?: number; writeTail?: number }

/** A Sentinel family: its configurations, faults, heal gap (default 2·dam), settle and write tail. */
function sentinelFamily(name: string, faultsOf: FaultsOf, o: Opts = {}): fc.Arbitrary<StandalonePlan> {
  return standaloneFamily(name, sentinelConfigs(o.space), faultsOf, (c) => (o.healGap ? gap(...(typeof o.healGap === 'function' ? o.healGap(c) : o.healGap)) : gap(0, 2 * dam(c))),
    (c) => o.settle ?? sentinelSettle(c), o.writeTail ?? 2000);
}

/** Wraps a family's fault generator with config, warmup, write rate, heal and settle (both deployment kinds). */
function standaloneFamily(name: string, configs: fc.Arbitrary<StandaloneConfigInput>, faultsOf: FaultsOf, healGap: (c: StandaloneConfigInput) => fc.Arbitrary<number>,
  settle: (c: StandaloneConfigInput) => number, writeTail?: number): fc.Arbitrary<StandalonePlan> {
  return configs.chain((config) => fc.record({
    family: fc.constant(name),
    config: fc.constant(config),
    seed: seedArb,
    warmup: gap(1500, 3000),
    writeEvery: fc.constantFrom(50, 100, 200),
    faults: faultsOf(config),
    healGap: healGap(config),
    settle: fc.constant(settle(config)),
    ...(writeTail === undefined ? {} : { writeTail: fc.constant(writeTail) }),
  })) as fc.Arbitrary<StandalonePlan>;
}

const F = (g: number, event: StandaloneEvent): StandaloneFault => ({ gap: g, event });
const pickSentinel = (c: StandaloneConfigInput) => fc.constantFrom(...sentinelNamesOf(c));
const pickReplica = (c: StandaloneConfigInput) => fc.constantFrom(...replicaNamesOf(c));
/** Both directions of a link made 60 s slow: a silent cut that the heal phase restores. */
const cut = (a: string, b: string, g = 0): StandaloneFault[] => [F(g, { type: 'delay', from: a, to: b, ms: 60_000 }), F(0, { type: 'delay', from: b, to: a, ms: 60_000 })];

/** The master killed and, about when a replica is chosen, one replica cut off from everything. */
const cutAtPromotion: FaultsOf = (c) => fc.tuple(pickReplica(c), gap(dam(c) - 300, dam(c) + 800)).map(([r, d]) => [
  F(0, { type: 'crash', node: 'M' }),
  F(d, { type: 'partition', groups: [[r], [...dataNamesOf(c).filter((x) => x !== r), ...sentinelNamesOf(c), 'client']] }),
]);

export type RestartWhen = 'soon' | 'within-dam' | 'late';

export const sentinelFamilies = {
  /** kill -9 (or a power loss) of the master, restarted soon (≤ 0.5 s), inside down-after, or after the failover. */
  masterCrash: (o: Opts & { when?: RestartWhen[]; power?: boolean | 'either'; lag?: boolean; cut?: boolean } = {}) => sentinelFamily('sentinel-master-crash', (c) => fc.tuple(
    fc.constantFrom(...(o.when ?? ['soon', 'within-dam', 'late', 'late'] as RestartWhen[])), gap(50, 500), gap(100, dam(c) - 100),
    gap(sentinelFailoverDoneBy(c), sentinelFailoverDoneBy(c) + 6000),
    // Optionally slow replication links first, so the replicas lag M when it dies (a replication window).
    o.lag ? fc.array(fc.option(gap(20, 400), { nil: null }), { minLength: c.replicas, maxLength: c.replicas }) : fc.constant([] as Array<number | null>),
    o.power === 'either' ? fc.boolean() : fc.constant(!!o.power),
    // Optionally M and the clients cut off from everything else for a moment before the crash (under
    // dam), so the replicas miss M's last writes: the replication window is what M acked meanwhile.
    o.cut ? fc.option(gap(50, dam(c) - 200), { nil: null }) : fc.constant(null),
  ).map(([when, soon, within, late, lags, power, cut]) => [
    ...lags.flatMap((ms, i) => (ms === null ? [] : [F(0, { type: 'delay', from: 'M', to: `R${i + 1}`, ms })])),
    ...(cut === null ? [] : [F(0, { type: 'partition', groups: [['M', 'client'], [...replicaNamesOf(c), ...sentinelNamesOf(c)]] })]),
    F(cut ?? (lags.some((x) => x !== null) ? 1000 : 0), power ? { type: 'crash', node: 'M', power: true } : { type: 'crash', node: 'M' }),
    F(when === 'soon' ? soon : when === 'within-dam' ? within : late, { type: 'restart', node: 'M' }),
  ]), { healGap: [0, 500], ...o }),

  /**
   * Replicas killed and restarted at once (persistence off on the replicas is the common case), and
   * the master killed too: either with them (LAB E5: the replicas come back while it is down, with the
   * dump.rdb of their last full sync, and cannot sync) or a moment later.
   */
  replicaRestartThenMasterCrash: (o: Opts & { masterToo?: boolean; allReplicas?: boolean } = {}) => sentinelFamily('sentinel-replica-restart', (c) => fc.tuple(
    o.allReplicas ? fc.constant(replicaNamesOf(c)) : fc.shuffledSubarray(replicaNamesOf(c), { minLength: 1 }), gap(100, 800), gap(0, 4000),
    o.masterToo === undefined ? fc.boolean() : fc.constant(o.masterToo), fc.boolean(),
  ).map(([rs, back, d, masterToo, masterFirst]) => [
    ...(masterToo && masterFirst ? [F(0, { type: 'crash', node: 'M' })] : []),
    ...rs.map((r, i) => F(i === 0 ? 0 : 10, { type: 'crash', node: r })),
    ...rs.map((r, i) => F(i === 0 ? back : 0, { type: 'restart', node: r })),
    ...(masterToo && !masterFirst ? [F(d, { type: 'crash', node: 'M' })] : []),
  ]), { healGap: [6000, 12_000], ...o }),

  /** A Sentinel crashes (at any point of a master failover, or alone) and restarts from its sentinel.conf. */
  sentinelCrash: (o: Opts = {}) => sentinelFamily('sentinel-crash', (c) => fc.tuple(
    fc.shuffledSubarray(sentinelNamesOf(c), { minLength: 1, maxLength: 2 }), fc.boolean(), gap(0, dam(c) + 2500), gap(100, 2 * fto(c)),
  ).map(([ss, masterToo, d, back]) => [
    ...(masterToo ? [F(0, { type: 'crash', node: 'M' })] : []),
    ...ss.map((s, i) => F(i === 0 ? d : 50, { type: 'crash', node: s })),
    ...ss.map((s, i) => F(i === 0 ? back : 0, { type: 'restart', node: s })),
  ]), { healGap: [5000, 10_000], ...o }),

  /** Some Sentinels lose their link to a healthy master (not to the clients, replicas or each other). */
  sentinelCutFromMaster: (o: Opts = {}) => sentinelFamily('sentinel-cut-from-master', (c) => fc.tuple(
    fc.shuffledSubarray(sentinelNamesOf(c), { minLength: 1, maxLength: sentinelNamesOf(c).length - 1 }),
  ).map(([ss]) => ss.flatMap((s) => cut('M', s))), { healGap: (c) => [dam(c) + 6000, dam(c) + 12_000], ...o }),

  /** Some Sentinels lose their links to one replica (not to the master, the other replicas or each other). */
  sentinelCutFromReplica: (o: Opts = {}) => sentinelFamily('sentinel-cut-from-replica', (c) => fc.tuple(
    pickReplica(c), fc.shuffledSubarray(sentinelNamesOf(c), { minLength: 1, maxLength: sentinelNamesOf(c).length - 1 }),
  ).map(([r, ss]) => ss.flatMap((s) => cut(r, s))), { healGap: [6000, 12_000], ...o }),

  /** The master is killed and, while the Sentinels elect a leader, one of them is killed and restarted at once. */
  voterRestart: (o: Opts = {}) => sentinelFamily('sentinel-voter-restart', (c) => fc.tuple(pickSentinel(c), gap(dam(c) - 200, dam(c) + 1500), gap(20, 400))
    .map(([s, d, back]) => [F(0, { type: 'crash', node: 'M' }), F(d, { type: 'crash', node: s }), F(back, { type: 'restart', node: s })]), { healGap: (c) => [dam(c) + 4000, dam(c) + 6000], ...o }),

  /**
   * The old master partitioned with its clients (Jepsen 2013): M, optionally its own Sentinel(s)
   * and a replica, plus the client on one side; the other Sentinels and replicas on the other.
   */
  oldMasterPartitioned: (o: Opts & { withSentinel?: boolean; withReplica?: boolean } = {}) => sentinelFamily('sentinel-old-master-partitioned', (c) => fc.tuple(
    o.withSentinel === undefined ? fc.boolean() : fc.constant(o.withSentinel),
    o.withReplica === undefined ? fc.boolean() : fc.constant(o.withReplica && c.replicas > 1),
    gap(dam(c) + 3000, dam(c) + 15_000),
  ).map(([withS, withR, d]) => {
    const ss = sentinelNamesOf(c);
    // The minority keeps fewer than a majority of Sentinels, so the other side can elect.
    const minority = ['M', ...(withS ? ss.slice(0, majority(ss.length) - 1) : []), ...(withR && c.replicas > 1 ? ['R1'] : [])];
    const other = allNamesOf(c).filter((x) => !minority.includes(x));
    return [F(0, { type: 'partition', groups: [[...minority, 'client'], other] }), F(d, { type: 'heal' })];
  }), { healGap: [0, 100], ...o }),

  /** The master and its Sentinel paused together (a VM or host pause: LAB E10). */
  pauseMasterAndSentinel: (o: Opts = {}) => sentinelFamily('sentinel-pause-master', (c) => fc.tuple(pickSentinel(c), gap(dam(c) + 2000, dam(c) + 8000))
    .map(([s, d]) => [F(0, { type: 'pause', node: 'M' }), F(0, { type: 'pause', node: s }), F(d, { type: 'resume', node: 'M' }), F(0, { type: 'resume', node: s })]), o),

  /** A wall-clock jump on a Sentinel (TILT), optionally during a master crash. */
  clockJump: (o: Opts = {}) => sentinelFamily('sentinel-clock-jump', (c) => fc.tuple(pickSentinel(c), fc.integer({ min: -60_000, max: 60_000 }), fc.boolean(), gap(0, dam(c) + 2000))
    .map(([s, j, masterToo, d]) => [
      ...(masterToo ? [F(0, { type: 'crash', node: 'M' })] : []),
      F(masterToo ? d : 0, { type: 'clock', node: s, jumpMs: Math.abs(j) < 2500 ? (j < 0 ? -2500 : 2500) : j }),
    ]), o),

  /** An operator edits a data node's redis.conf (AOF on, replicaof removed or changed, priority 0) and restarts it. */
  editConfigRestart: (o: Opts = {}) => sentinelFamily('sentinel-edit-config', (c) => fc.tuple(
    fc.constantFrom(...dataNamesOf(c)), fc.constantFrom<FileEdit>({ appendonly: true }, { replicaof: null }, { replicaPriority: 0 }), gap(100, 3000), gap(50, 2000),
  ).map(([n, set, d, back]) => [F(0, { type: 'edit-config', node: n, set }), F(d, { type: 'crash', node: n }), F(back, { type: 'restart', node: n })]), o),

  /**
   * Too few Sentinels left for a majority (but at least the quorum): enough of them are killed, then
   * the master; the heal comes after more than an election timeout (min(10 s, fto)).
   */
  sentinelsDownThenMasterCrash: (o: Opts = {}) => sentinelFamily('sentinel-minority-left', (c) => {
    const ss = sentinelNamesOf(c);
    const q = c.quorum ?? 2;
    // Left alive: at least q (so ODOWN is reachable) and below the majority.
    const alive = range(q, majority(ss.length) - 1);
    return fc.tuple(fc.constantFrom(...(alive.length ? alive : [ss.length])), fc.shuffledSubarray(ss, { minLength: ss.length, maxLength: ss.length }), gap(0, 1000))
      .map(([k, order, d]) => [...order.slice(k).map((s, i) => F(i === 0 ? 0 : 20, { type: 'crash', node: s })), F(d, { type: 'crash', node: 'M' })]);
  }, { space: { quorum: (n) => range(1, majority(n) - 1), ...o.space }, healGap: (c) => [dam(c) + Math.min(10_000, fto(c)) + 3000, dam(c) + Math.min(10_000, fto(c)) + 6000], ...o }),

  /** The master killed, and about when a replica is chosen, one replica cut off from everything for longer than failover-timeout. */
  replicaCutAtPromotion: (o: Opts = {}) => sentinelFamily('sentinel-replica-cut-at-promotion', cutAtPromotion, { healGap: (c) => [fto(c) + 3000, fto(c) + 6000], ...o }),

  /**
   * replicaCutAtPromotion with parallel-syncs = replicas (2–3: the loop always reaches the cut replica),
   * down-after 12–15 s (the leader does not see it SDOWN before the 10 s reconf timeout) and failover-timeout 20–30 s.
   */
  replicaCutAtPromotionParallel: (o: Opts = {}) => standaloneFamily('sentinel-replica-cut-at-promotion-parallel',
    sentinelConfigs({ replicas: [2, 3], dam: [12_000, 15_000], fto: [20_000, 30_000], ...o.space }).map((c) => ({ ...c, parallelSyncs: c.replicas })),
    cutAtPromotion, (c) => gap(fto(c) + 3000, fto(c) + 6000), (c) => sentinelSettle(c), 2000),

  /**
   * down-after 30 s: the master paused, and while it is silent (its INFO going stale, SDOWN not yet) an
   * operator's REPLICAOF NO ONE on a replica, which the Sentinels would convert back if the master looked sane.
   */
  staleMasterRogueReplica: (o: Opts = {}) => sentinelFamily('sentinel-stale-master-rogue-replica', (c) => fc.tuple(pickReplica(c), gap(5000, 18_000))
    .map(([r, d]) => [F(0, { type: 'pause', node: 'M' }), F(d, { type: 'replicaof', node: r, master: null })]),
  { space: { dam: [30_000, 30_000], fto: [3000, 6000], ...o.space }, healGap: [5000, 15_000], ...o }),

  /** No fault at all, and ten quiet minutes after the writes: what a healthy deployment does over time. */
  quiet: (o: Opts = {}) => sentinelFamily('sentinel-quiet', () => fc.constant([]), { settle: 600_000, ...o }),

  /** A Sentinel paused (SIGSTOP), sent SENTINEL FAILOVER while it sleeps, then resumed. */
  pausedSentinelFailover: (o: Opts = {}) => sentinelFamily('sentinel-paused-failover-command', (c) => fc.tuple(pickSentinel(c), gap(0, 3000), gap(100, 5000))
    .map(([x, d, wake]) => [F(0, { type: 'pause', node: x }), F(d, { type: 'sentinel-failover', node: x }), F(wake, { type: 'resume', node: x })]), o),

  /** SENTINEL FAILOVER on one Sentinel (once or twice), no fault otherwise. */
  manualFailover: (o: Opts = {}) => sentinelFamily('sentinel-failover-command', (c) => fc.array(fc.tuple(pickSentinel(c), gap(0, 3000)), { minLength: 1, maxLength: 2 })
    .map((xs) => xs.map(([s, d]) => F(d, { type: 'sentinel-failover', node: s }))), o),

  /**
   * Split votes: the Sentinels are partitioned from each other (one keeps the data nodes and the
   * clients), the master is killed, and the partition heals later; with quorum 1 every Sentinel
   * reaches ODOWN alone, so each starts the same epoch and votes for itself.
   */
  splitVote: (o: Opts = {}) => sentinelFamily('sentinel-split-vote', (c) => fc.tuple(pickSentinel(c), gap(0, 300), gap(2 * dam(c) + 1000, 2 * dam(c) + 2 * fto(c))).map(([keeper, d, back]) => {
    const others = sentinelNamesOf(c).filter((x) => x !== keeper);
    return [
      F(0, { type: 'partition', groups: [[keeper, ...dataNamesOf(c), 'client'], ...others.map((x) => [x])] }),
      F(d, { type: 'crash', node: 'M' }),
      F(back, { type: 'heal' }),
    ];
  }), { space: { quorum: () => [1], fto: [3000, 6000], ...o.space }, healGap: [0, 500], settle: 30_000, ...o }),

  /** Everything at once: the run draws its own fault weights, then up to 8 faults on any process. */
  swarm: (o: Opts = {}) => sentinelFamily('sentinel-swarm', (c) => fc.record({
    crash: fc.constantFrom(0, 1, 3), restart: fc.constantFrom(0, 2, 4), pause: fc.constantFrom(0, 1), partition: fc.constantFrom(0, 1, 2),
    heal: fc.constantFrom(0, 2), cut: fc.constantFrom(0, 1), clock: fc.constantFrom(0, 1), failover: fc.constantFrom(0, 1), edit: fc.constantFrom(0, 1),
  }).chain((w) => {
    const names = allNamesOf(c);
    const pick = fc.constantFrom(...names);
    const options: Array<{ weight: number; arbitrary: fc.Arbitrary<StandaloneEvent> }> = [
      { weight: w.crash, arbitrary: pick.map((node) => ({ type: 'crash', node }) as StandaloneEvent) },
      { weight: w.restart, arbitrary: pick.map((node) => ({ type: 'restart', node }) as StandaloneEvent) },
      { weight: w.pause, arbitrary: pick.map((node) => ({ type: 'pause', node }) as StandaloneEvent) },
      { weight: w.pause, arbitrary: pick.map((node) => ({ type: 'resume', node }) as StandaloneEvent) },
      { weight: w.partition, arbitrary: fc.shuffledSubarray([...names, 'client'], { minLength: 1, maxLength: names.length }).map((g) => ({ type: 'partition', groups: [g, [...names, 'client'].filter((x) => !g.includes(x))] }) as StandaloneEvent) },
      { weight: w.heal, arbitrary: fc.constant({ type: 'heal' } as StandaloneEvent) },
      { weight: w.cut, arbitrary: fc.tuple(pick, pick).filter(([a, b]) => a !== b).map(([from, to]) => ({ type: 'delay', from, to, ms: 60_000 }) as StandaloneEvent) },
      { weight: w.clock, arbitrary: fc.tuple(pickSentinel(c), fc.constantFrom(-30_000, -5000, 5000, 30_000)).map(([node, jumpMs]) => ({ type: 'clock', node, jumpMs }) as StandaloneEvent) },
      { weight: w.failover, arbitrary: pickSentinel(c).map((node) => ({ type: 'sentinel-failover', node }) as StandaloneEvent) },
      { weight: w.edit, arbitrary: fc.tuple(fc.constantFrom(...dataNamesOf(c)), fc.constantFrom<FileEdit>({ appendonly: true }, { replicaof: null })).map(([node, set]) => ({ type: 'edit-config', node, set }) as StandaloneEvent) },
    ].filter((x) => x.weight > 0);
    if (options.length === 0) return fc.constant([] as StandaloneFault[]);
    return fc.array(fc.record({ gap: gap(0, 2 * dam(c)), event: fc.oneof(...options) }), { maxLength: 8 });
  }), o),
};

// ---------- standalone replication (no Sentinel) ----------

interface ReplOpts { space?: ReplicationSpace; settle?: number }

function replicationFamily(name: string, faultsOf: FaultsOf, o: ReplOpts = {}): fc.Arbitrary<StandalonePlan> {
  // A full sync waits repl-diskless-sync-delay (5 s), and a chain resyncs one hop after another.
  return standaloneFamily(name, replicationConfigs(o.space), faultsOf, () => gap(0, 3000), () => o.settle ?? 20_000);
}

export const replicationFamilies = {
  /** An operator edits a node's config (persistence, or its replicaof line) and restarts it. */
  editConfigRestart: (o: ReplOpts = {}) => replicationFamily('replication-edit-config', (c) => fc.tuple(
    fc.constantFrom(...dataNamesOf(c)), fc.constantFrom<FileEdit>({ appendonly: true }, { replicaof: null }, { appendonly: false }), gap(100, 2000), gap(50, 1500),
  ).chain(([n, set, d, back]) => (n === 'M' ? fc.constant(set) : fc.constantFrom<FileEdit>(set, { replicaof: dataNamesOf(c).find((x) => x !== n)! })).map((s) => [
    F(0, { type: 'edit-config', node: n, set: s }), F(d, { type: 'crash', node: n }), F(back, { type: 'restart', node: n }),
  ])), o),

  /** REPLICAOF commands: re-pointing a replica (possibly to an empty node) or promoting one with NO ONE. */
  replicaof: (o: ReplOpts = {}) => replicationFamily('replication-replicaof', (c) => fc.array(fc.tuple(
    pickReplica(c), fc.option(fc.constantFrom(...dataNamesOf(c)), { nil: null, freq: 3 }), gap(0, 3000),
  ), { minLength: 1, maxLength: 3 }).map((xs) => xs.filter(([n, m]) => n !== m).map(([node, master, d]) => F(d, { type: 'replicaof', node, master })))
  , o),

  /** The master paused (its connections stay open) for longer than repl-timeout, set to 2–5 s. */
  masterSilent: (o: ReplOpts = {}) => standaloneFamily('replication-master-silent',
    replicationConfigs(o.space).chain((c) => fc.integer({ min: 2, max: 5 }).map((replTimeout) => ({ ...c, replTimeout }))),
    () => fc.constant([F(0, { type: 'pause', node: 'M' })]),
    (c) => gap((c.replTimeout ?? 60) * 1000 + 1500, (c.replTimeout ?? 60) * 1000 + 6000), () => o.settle ?? 20_000),

  /** The master cut off from its replicas (with the clients) for longer than repl-timeout, 2–5 s: the replicas' connects are swallowed. */
  masterCut: (o: ReplOpts = {}) => standaloneFamily('replication-master-cut',
    replicationConfigs(o.space).chain((c) => fc.integer({ min: 2, max: 5 }).map((replTimeout) => ({ ...c, replTimeout }))),
    (c) => fc.constant([F(0, { type: 'partition', groups: [['M', 'client'], replicaNamesOf(c)] })]),
    (c) => gap((c.replTimeout ?? 60) * 1000 + 1500, (c.replTimeout ?? 60) * 1000 + 12_000), () => o.settle ?? 20_000),

  /** A replica paused (its connections stay open) for longer than repl-timeout, set to 2–5 s. */
  replicaSilent: (o: ReplOpts = {}) => standaloneFamily('replication-replica-silent',
    replicationConfigs(o.space).chain((c) => fc.integer({ min: 2, max: 5 }).map((replTimeout) => ({ ...c, replTimeout }))),
    (c) => pickReplica(c).map((r) => [F(0, { type: 'pause', node: r })]),
    (c) => gap((c.replTimeout ?? 60) * 1000 + 1500, (c.replTimeout ?? 60) * 1000 + 6000), () => o.settle ?? 20_000),

  /** A replica promoted by hand (REPLICAOF NO ONE) and some or all of the others moved to it, while the clients still write to M. */
  regroup: (o: ReplOpts = {}) => replicationFamily('replication-regroup', (c) => pickReplica(c).chain((root) => {
    const others = replicaNamesOf(c).filter((x) => x !== root);
    return fc.tuple(fc.subarray(others, { minLength: Math.min(1, others.length) }), gap(0, 2000)).map(([moved, d]) => [
      F(0, { type: 'replicaof', node: root, master: null }), ...moved.map((x, i) => F(i === 0 ? d : 100, { type: 'replicaof', node: x, master: root })),
    ]);
  }), { space: { replicas: [2, 3], ...o.space }, ...o }),

  /**
   * repl-diskless-sync no, no persistence anywhere: R1 detached (REPLICAOF NO ONE, a new replid) and
   * re-attached to M (a full sync, through a BGSAVE to M's disk), then M killed and restarted.
   */
  diskSyncThenMasterRestart: (o: ReplOpts = {}) => standaloneFamily('replication-disk-sync-master-restart',
    replicationConfigs({ persistence: ['none'], ...o.space }).map((c) => ({ ...c, replDisklessSync: false }) as StandaloneConfigInput),
    () => fc.tuple(gap(50, 1000), gap(2000, 6000), gap(50, 500)).map(([back, later, again]) => [
      F(0, { type: 'replicaof', node: 'R1', master: null }), F(back, { type: 'replicaof', node: 'R1', master: 'M' }),
      F(later, { type: 'crash', node: 'M' }), F(again, { type: 'restart', node: 'M' }),
    ]),
    () => gap(0, 3000), () => o.settle ?? 20_000),

  /**
   * repl-diskless-load on-empty-db, no persistence anywhere: R1 detached (REPLICAOF NO ONE) and
   * re-attached to M with its keys (a full sync it must load from disk), then killed and restarted.
   */
  diskLoadThenReplicaRestart: (o: ReplOpts = {}) => standaloneFamily('replication-disk-load-replica-restart',
    replicationConfigs({ persistence: ['none'], ...o.space }).map((c) => ({ ...c, replDisklessLoad: 'on-empty-db' }) as StandaloneConfigInput),
    // The sync waits for M's repl-diskless-sync-delay (5 s) and its next replicationCron: killed after that.
    () => fc.tuple(gap(50, 1000), gap(8000, 11_000), gap(50, 500)).map(([back, later, again]) => [
      F(0, { type: 'replicaof', node: 'R1', master: null }), F(back, { type: 'replicaof', node: 'R1', master: 'M' }),
      F(later, { type: 'crash', node: 'R1' }), F(again, { type: 'restart', node: 'R1' }),
    ]),
    () => gap(0, 3000), () => o.settle ?? 20_000),

  /** A manual switchover: REPLICAOF NO ONE on a replica, then M REPLICAOF it, while the clients still write to M. */
  switchover: (o: ReplOpts = {}) => replicationFamily('replication-switchover', (c) => fc.tuple(pickReplica(c), gap(0, 2000)).map(([r, d]) => [
    F(0, { type: 'replicaof', node: r, master: null }), F(d, { type: 'replicaof', node: 'M', master: r }),
  ]), o),

  /**
   * Faults that leave M the only master: partitions, pauses of any node, replicas killed and
   * restarted or re-pointed to another node (never REPLICAOF NO ONE, never an edit of M).
   */
  mastersKept: (o: ReplOpts = {}) => replicationFamily('replication-master-kept', (c) => {
    const names = dataNamesOf(c);
    const pick = fc.constantFrom(...names);
    return fc.array(fc.record({ gap: gap(0, 3000), event: fc.oneof(
      pickReplica(c).map((node) => ({ type: 'crash', node }) as StandaloneEvent),
      pickReplica(c).map((node) => ({ type: 'restart', node }) as StandaloneEvent),
      pick.map((node) => ({ type: 'pause', node }) as StandaloneEvent),
      pick.map((node) => ({ type: 'resume', node }) as StandaloneEvent),
      fc.shuffledSubarray([...names, 'client'], { minLength: 1, maxLength: names.length }).map((g) => ({ type: 'partition', groups: [g, [...names, 'client'].filter((x) => !g.includes(x))] }) as StandaloneEvent),
      fc.constant({ type: 'heal' } as StandaloneEvent),
      fc.tuple(pickReplica(c), pick).filter(([n, m]) => n !== m).map(([node, master]) => ({ type: 'replicaof', node, master }) as StandaloneEvent),
    ) }), { minLength: 1, maxLength: 8 });
  }, o),

  /** mastersKept's faults with every write carrying a TTL of 0.2–3 s (SET … PX). */
  withTtl: (o: ReplOpts = {}) => fc.tuple(replicationFamilies.mastersKept(o), fc.constantFrom(200, 1000, 3000))
    .map(([p, px]): StandalonePlan => ({ ...p, family: 'replication-ttl', px })),

  /** Every data fault at once: crashes, restarts, pauses, partitions, REPLICAOF and edits. */
  swarm: (o: ReplOpts = {}) => replicationFamily('replication-swarm', (c) => {
    const names = dataNamesOf(c);
    const pick = fc.constantFrom(...names);
    return fc.array(fc.record({ gap: gap(0, 3000), event: fc.oneof(
      pick.map((node) => ({ type: 'crash', node }) as StandaloneEvent),
      pick.map((node) => ({ type: 'restart', node }) as StandaloneEvent),
      pick.map((node) => ({ type: 'pause', node }) as StandaloneEvent),
      pick.map((node) => ({ type: 'resume', node }) as StandaloneEvent),
      fc.shuffledSubarray([...names, 'client'], { minLength: 1, maxLength: names.length }).map((g) => ({ type: 'partition', groups: [g, [...names, 'client'].filter((x) => !g.includes(x))] }) as StandaloneEvent),
      fc.constant({ type: 'heal' } as StandaloneEvent),
      fc.tuple(pickReplica(c), fc.option(pick, { nil: null, freq: 3 })).filter(([n, m]) => n !== m).map(([node, master]) => ({ type: 'replicaof', node, master }) as StandaloneEvent),
      fc.tuple(pick, fc.constantFrom<FileEdit>({ appendonly: true }, { replicaof: null })).map(([node, set]) => ({ type: 'edit-config', node, set }) as StandaloneEvent),
    ) }), { maxLength: 8 });
  }, o),
};

export { pickReplica as pickStandaloneReplica };
