// What the matrix measures in one run, and how a cell aggregates its runs. Every number comes from
// the model's run (its outcome, its timeline, its write records); nothing here is typed by hand.
import { finalMasterOf } from '../model/kernel/outcome.ts';
import { initialSlots, type SlotRanges } from '../model/cluster/slots.ts';
import type { State } from '../model/kernel/state.ts';
import { runTrace, type RunResult } from '../properties/property.ts';
import { unavailability } from '../properties/lib.ts';
import { masterNames } from '../properties/generators.ts';
import { notAcked } from '../render/ledger.ts';
import { sentinelGetCurrentMasterAddress } from '../model/sentinel/sentinelGetCurrentMasterAddress.ts';
import type { Built, Family, MatrixConfig } from './matrix-families.ts';
import type { SentinelMatrixConfig } from './matrix-sentinel.ts';

/** A Cluster configuration or a Sentinel one (matrix-sentinel.ts). */
export type AnyMatrixConfig = MatrixConfig | SentinelMatrixConfig;
export const isSentinelConfig = (c: AnyMatrixConfig): c is SentinelMatrixConfig => 'kind' in c && c.kind === 'sentinel';

export type Recovery = 'auto' | 'after-restart' | 'operator';
export const RECOVERY_RANK: Record<Recovery, number> = { auto: 0, 'after-restart': 1, operator: 2 };

export interface RangeUnavail {
  /** The longest run of writes to the range that were not acknowledged (refused or no reply), ms. */
  ms: number;
  /** That window had not closed when the writers stopped: the range never came back. */
  open: boolean;
  /** That window closed only after the operator restarted crashed nodes. */
  untilOperator: boolean;
}

export interface Wipe { node: string; at: number; from: string; dropped: number; keysBefore: number; keysAfter: number }

export interface RunMeasure {
  seed: number;
  faultAt: number;
  operatorAt: number | null;
  acked: number;
  lost: number;
  /** Largest (fault time − ack time) over the lost writes acked before their fault, ms (0: none). */
  lostWindowMs: number;
  /** Largest (ack time − fault time) over lost writes acked after their fault began (split brain), ms. */
  lostAfterMs: number;
  lostByRange: Record<string, number>;
  /** Per faulted range: the fraction of the writes acked before the fault that were lost. */
  preFaultLoss: Record<string, number>;
  unavail: Record<string, RangeUnavail>;
  recovery: Recovery;
  /** Why the run is not 'auto' (what was still wrong at the check). */
  recoveryNote: string;
  /** Full syncs that wiped a dataset, replica migrations excluded. */
  wipes: Wipe[];
  /** Replicas that migrated to another shard's master and full-synced (not data loss). */
  migrations: number;
  promotions: number;
  /** Acked writes whose slot has no running master at the end. */
  unavailableAtEnd: number;
  /** ms from the fault to the last replica promotion (the failover done), null without a promotion. */
  failoverMs: number | null;
  /** Sentinel deployments: ms from the fault to the first +odown about M, and to the first +switch-master (null: never). */
  odownMs?: number | null;
  switchMs?: number | null;
  /** Sentinel deployments: failovers aborted after the fault (-failover-abort-…). */
  aborts?: number;
}

/** The state of the cluster at one instant, as far as recovery is concerned. */
export interface Health { clusterOk: boolean; unserved: string[]; down: string[]; sentinelsApart?: string[] }

function health(s: State, ranges: Array<{ shard: string; slots: SlotRanges }>): Health {
  if (s.config.topology !== 'cluster') return standaloneHealth(s);
  const down: string[] = [];
  let clusterOk = true;
  for (const n of Object.values(s.nodes)) {
    if (n.proc === 'down') continue;
    if (n.cluster.state !== 'ok') { clusterOk = false; down.push(n.name); }
  }
  const unserved = ranges.filter((r) => r.slots.some(([a, b]) => finalMasterOf(s, a) === null || finalMasterOf(s, b) === null)).map((r) => r.shard);
  return { clusterOk, unserved, down };
}

/**
 * A standalone deployment at one instant: a running master holding the data (outcome's final-master
 * rule), and every running Sentinel naming that master (clients ask them).
 */
function standaloneHealth(s: State): Health {
  const m = finalMasterOf(s, 0);
  const sentinelsApart = Object.values(s.sentinels ?? {}).filter((x) => x.proc !== 'down' && sentinelGetCurrentMasterAddress(x.master) !== m).map((x) => x.name);
  return { clusterOk: true, unserved: m === null ? ['M'] : [], down: [], sentinelsApart };
}

/** The slot ranges the matrix measures separately: a Cluster's shards, or a standalone deployment's one dataset. */
export function rangesOf(c: AnyMatrixConfig): Array<{ shard: string; slots: SlotRanges }> {
  return isSentinelConfig(c) ? [{ shard: 'M', slots: [[0, 16383]] }] : shardsOf(c);
}

export function shardsOf(c: Pick<MatrixConfig, 'masters'>): Array<{ shard: string; slots: SlotRanges }> {
  const ms = masterNames({ masters: c.masters });
  return initialSlots(c.masters).map((slots, i) => ({ shard: ms[i], slots }));
}

const shardOf = (shards: Array<{ shard: string; slots: SlotRanges }>, slot: number): string =>
  shards.find((x) => x.slots.some(([a, b]) => slot >= a && slot <= b))!.shard;

/** Runs one built trace and measures it. Keeps the RunResult for the evidence. */
export function measureRun(c: AnyMatrixConfig, built: Built, seed: number): { m: RunMeasure; r: RunResult } {
  const shards = rangesOf(c);
  const checkAt = built.operatorAt;
  let before: Health | null = null;
  const r = runTrace(built.trace, checkAt === null ? undefined : (s, _a, at) => {
    // The last steps before the operator acts: cron ticks every 100 ms on every running node.
    if (before === null && at >= checkAt - 300 && at < checkAt) before = health(s, shards);
  });
  if (r.error) throw new Error(`model threw on ${built.trace.name}: ${r.error}`);
  return { r, m: measureResult(c, built, seed, r, before) };
}

/** The measures of one finished run; `before` is the health just before the operator acted (null: no operator). */
export function measureResult(c: AnyMatrixConfig, built: Built, seed: number, r: RunResult, before: Health | null): RunMeasure {
  const shards = rangesOf(c);
  const checkAt = built.operatorAt;
  const o = r.outcome;
  const writes = r.state.writes;
  const lastWriteOk = (t: number): string[] => {
    // Ranges whose most recent write sent before t was not acknowledged.
    const last = new Map<string, boolean>();
    for (const w of writes) if (w.sentAt < t) last.set(shardOf(shards, w.slot), w.result === 'acked');
    return shards.map((x) => x.shard).filter((x) => last.get(x) === false);
  };
  const verdict = (h: Health, t: number): string | null => {
    const problems: string[] = [];
    if (!h.clusterOk) problems.push(`cluster_state fail on ${h.down.join(', ')}`);
    if (h.unserved.length) problems.push(`no running master for ${h.unserved.join(', ')}`);
    if (h.sentinelsApart?.length) problems.push(`${h.sentinelsApart.join(', ')} name${h.sentinelsApart.length > 1 ? '' : 's'} another master`);
    const refused = lastWriteOk(t);
    if (refused.length) problems.push(`writes refused on ${refused.join(', ')}`);
    return problems.length ? problems.join('; ') : null;
  };
  const atEnd = verdict(health(r.state, shards), Infinity);
  let recovery: Recovery;
  let recoveryNote = '';
  if (checkAt === null) {
    recovery = atEnd === null ? 'auto' : 'operator';
    recoveryNote = atEnd ?? '';
  } else {
    if (before === null) throw new Error(`${built.trace.name}: no step in the 300 ms before the operator`);
    const pre = verdict(before, checkAt);
    if (atEnd !== null) { recovery = 'operator'; recoveryNote = `after the restart: ${atEnd}`; } else if (pre !== null) { recovery = 'after-restart'; recoveryNote = `before the restart: ${pre}`; } else recovery = 'auto';
  }

  const lostByRange: Record<string, number> = Object.fromEntries(shards.map((x) => [x.shard, 0]));
  let lostWindowMs = 0;
  let lostAfterMs = 0;
  // A Sentinel cell measures from the family's fault (the outcome blames the next fault after each
  // write, which in a split brain is the Sentinels' REPLICAOF long after the cut).
  const fromFault = isSentinelConfig(c);
  for (const l of o.lost) {
    lostByRange[shardOf(shards, l.slot)]++;
    const w = fromFault ? built.faultAt - l.ackedAt : l.windowMs;
    if (w >= 0) lostWindowMs = Math.max(lostWindowMs, w); else lostAfterMs = Math.max(lostAfterMs, -w);
  }
  const lostIds = new Set(o.writes.lostIds);
  const preFaultLoss: Record<string, number> = {};
  for (const f of built.faulted) {
    const pre = writes.filter((w) => w.result === 'acked' && w.repliedAt < built.faultAt && shardOf(shards, w.slot) === f);
    preFaultLoss[f] = pre.length ? pre.filter((w) => lostIds.has(w.id)).length / pre.length : 0;
  }
  const lastSent = new Map<string, number>();
  for (const w of writes) lastSent.set(shardOf(shards, w.slot), w.sentAt);
  const unavail: Record<string, RangeUnavail> = {};
  const windows = isSentinelConfig(c) ? { M: notAcked(r.state.writes) } : unavailability(r);
  for (const { shard } of shards) {
    let best: RangeUnavail = { ms: 0, open: false, untilOperator: false };
    for (const [a, b] of windows[shard] ?? []) {
      const open = b === lastSent.get(shard) && writes.filter((w) => shardOf(shards, w.slot) === shard).at(-1)?.result !== 'acked';
      const cand = { ms: b - a, open, untilOperator: !open && checkAt !== null && a < checkAt && b >= checkAt };
      if (cand.ms > best.ms || (cand.ms === best.ms && cand.open && !best.open)) best = cand;
    }
    unavail[shard] = best;
  }
  // A replica that migrates to another shard's master (replica migration) drops the other shard's
  // keys in its full sync: its dataset is replaced, but nothing is lost. Those are counted apart.
  const migrations = r.state.timeline.filter((e) => e.event === 'replica-migration');
  const allWipes: Wipe[] = r.state.timeline.filter((e) => e.event === 'wiped').map((e) => ({
    node: e.node, at: e.at, from: String(e.from), dropped: e.dropped as number, keysBefore: e.keysBefore as number, keysAfter: e.keysAfter as number,
  }));
  const migrated = (w: Wipe) => migrations.some((x) => x.node === w.node && x.about === w.from && x.at <= w.at);
  const wipes = allWipes.filter((w) => !migrated(w));
  return {
    seed, faultAt: built.faultAt, operatorAt: built.operatorAt, acked: o.writes.acked, lost: o.writes.lost, lostWindowMs, lostAfterMs, lostByRange,
    preFaultLoss, unavail, recovery, recoveryNote, wipes, migrations: allWipes.filter(migrated).length, promotions: r.state.timeline.filter((e) => e.event === 'promoted').length,
    unavailableAtEnd: o.writes.unavailable,
    failoverMs: (() => {
      const ps = r.state.timeline.filter((e) => e.event === 'promoted' && e.at >= built.faultAt);
      return ps.length ? ps[ps.length - 1].at - built.faultAt : null;
    })(),
    ...(isSentinelConfig(c) ? sentinelMeasures(r, built.faultAt) : {}),
  };
}

/** What the Sentinels did after the fault: first +odown about M, first +switch-master, aborted failovers. */
function sentinelMeasures(r: RunResult, faultAt: number): Pick<RunMeasure, 'odownMs' | 'switchMs' | 'aborts'> {
  const after = r.state.timeline.filter((e) => e.at >= faultAt);
  const first = (pred: (e: (typeof after)[number]) => boolean) => {
    const e = after.find(pred);
    return e ? e.at - faultAt : null;
  };
  return {
    odownMs: first((e) => e.event === 'odown' && e.about === 'M'),
    switchMs: first((e) => e.event === 'switch-master'),
    aborts: after.filter((e) => e.event === 'failover-abort').length,
  };
}

/** A wipe that emptied a dataset: at least 90% of the keys it held were dropped. */
export const isEmptying = (w: Wipe): boolean => w.keysBefore > 0 && w.dropped >= 0.9 * w.keysBefore;

const maxUnavail = (m: RunMeasure) => Math.max(0, ...Object.values(m.unavail).map((u) => u.ms));

/** Severity order of runs: recovery, then an emptying wipe, then lost writes, then unavailability. */
export function severity(m: RunMeasure): number[] {
  return [RECOVERY_RANK[m.recovery], m.wipes.some(isEmptying) ? 1 : 0, m.lost, maxUnavail(m)];
}

function worse(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

export interface Cell<C = MatrixConfig> {
  id: string;
  family: Family<C>;
  config: C;
  runs: RunMeasure[];
  /** Index (in runs) of the worst run, the one written as evidence. */
  worst: number;
  faulted: string[];
  agg: Aggregate;
}

export interface Aggregate {
  lost: { min: number; max: number };
  lostWindowMs: { min: number; max: number };
  lostAfterMs: number;
  /** Ranges that lost acked writes in some run. */
  lossRanges: string[];
  /** Over runs, the smallest and largest fraction of a faulted range's pre-fault acked writes lost (min over faulted ranges). */
  preFaultLoss: { min: number; max: number };
  /** Per range: the longest unavailability over runs, and the shortest (the range of the measure). */
  unavail: Record<string, RangeUnavail & { minMs: number }>;
  recovery: Record<Recovery, number>;
  worstRecovery: Recovery;
  /** Runs with a wipe; with a wipe that emptied most of a dataset. */
  wipedRuns: number;
  emptiedRuns: number;
  maxDropped: number;
  wipedNodes: string[];
  promotions: { min: number; max: number };
  /** Over the runs with a promotion: time from the fault to the last promotion; `runs` how many had one. */
  failoverMs: { min: number; max: number; runs: number };
}

export function aggregate(runs: RunMeasure[], faulted: string[]): Aggregate {
  const mm = (xs: number[]) => ({ min: Math.min(...xs), max: Math.max(...xs) });
  const unavail: Aggregate['unavail'] = {};
  for (const shard of Object.keys(runs[0].unavail)) {
    const us = runs.map((m) => m.unavail[shard]);
    const top = us.reduce((b, u) => (u.ms > b.ms || (u.ms === b.ms && u.open && !b.open) ? u : b));
    unavail[shard] = { ...top, open: us.some((u) => u.open), untilOperator: us.some((u) => u.untilOperator), minMs: Math.min(...us.map((u) => u.ms)) };
  }
  const recovery: Record<Recovery, number> = { auto: 0, 'after-restart': 0, operator: 0 };
  for (const m of runs) recovery[m.recovery]++;
  const worstRecovery = (Object.keys(recovery) as Recovery[]).filter((k) => recovery[k] > 0).sort((a, b) => RECOVERY_RANK[b] - RECOVERY_RANK[a])[0];
  const preMin = runs.map((m) => Math.min(1, ...faulted.map((f) => m.preFaultLoss[f] ?? 0)));
  return {
    lost: mm(runs.map((m) => m.lost)),
    lostWindowMs: mm(runs.map((m) => m.lostWindowMs)),
    lostAfterMs: Math.max(...runs.map((m) => m.lostAfterMs)),
    lossRanges: Object.keys(runs[0].lostByRange).filter((s) => runs.some((m) => m.lostByRange[s] > 0)),
    preFaultLoss: mm(preMin),
    unavail,
    recovery,
    worstRecovery,
    wipedRuns: runs.filter((m) => m.wipes.length > 0).length,
    emptiedRuns: runs.filter((m) => m.wipes.some(isEmptying)).length,
    maxDropped: Math.max(0, ...runs.flatMap((m) => m.wipes.map((w) => w.dropped))),
    wipedNodes: [...new Set(runs.flatMap((m) => m.wipes.map((w) => w.node)))].sort(),
    promotions: mm(runs.map((m) => m.promotions)),
    failoverMs: (() => {
      const xs = runs.map((m) => m.failoverMs).filter((x): x is number => x !== null);
      return xs.length ? { ...mm(xs), runs: xs.length } : { min: 0, max: 0, runs: 0 };
    })(),
  };
}

/** The seeds of a cell's runs: fixed, so the matrix is reproducible (MATRIX_SEED shifts them). */
export const runSeeds = (base: number, runs: number): number[] => Array.from({ length: runs }, (_, i) => base + i);

export interface WorstRun { r: RunResult; m: RunMeasure; built: Built }

/** Runs every seed of a cell; returns the cell and its worst run (kept for the evidence files). */
export function runCell<C extends AnyMatrixConfig>(f: Family<C>, c: C, seeds: number[], id: string): { cell: Cell<C>; worst: WorstRun } {
  const runs: RunMeasure[] = [];
  let worst = -1;
  let worstRun: WorstRun | null = null;
  let faulted: string[] = [];
  for (const seed of seeds) {
    const built = f.build(c, seed);
    faulted = built.faulted;
    const { m, r } = measureRun(c, built, seed);
    runs.push(m);
    if (worst < 0 || worse(severity(m), severity(runs[worst]))) { worst = runs.length - 1; worstRun = { r, m, built }; }
  }
  return { cell: { id, family: f, config: c, runs, worst, faulted, agg: aggregate(runs, faulted) }, worst: worstRun! };
}
