// The outcome (design §3): a public interface users script against and conformance compares.
import type { State, WriteRecord } from './state.ts';
import { hasSlot, initialSlots, rangesOf, type SlotRanges } from '../cluster/slots.ts';
import { nodeNames, type Trace } from './trace.ts';
import { shardOfName } from '../cluster/names.ts';
import { advertisedOffset } from './nodes.ts';
import type { FailoverState } from '../sentinel/state.ts';
import { sentinelGetCurrentMasterAddress } from '../sentinel/sentinelGetCurrentMasterAddress.ts';
import { standaloneTarget } from './clients.ts';

export interface NodeOutcome {
  up: boolean;
  role: 'master' | 'replica';
  replicaOf: string | null;
  slots: SlotRanges;
  currentEpoch: number;
  configEpoch: number;
  keys: number;
  offset: number;
  clusterState: 'ok' | 'fail';
  replid: string;
  linkStatus: string;
}

/** A Sentinel's view at the end (issue 12 contract); a Sentinel that is down reports what its sentinel.conf holds. */
export interface SentinelOutcome {
  up: boolean;
  /** The node it believes is master (sentinelGetCurrentMasterAddress), or null. */
  master: string | null;
  currentEpoch: number;
  configEpoch: number;
  leaderEpoch: number;
  failoverState: FailoverState;
  tilt: boolean;
}

export interface LostWrite {
  id: string;
  key: string;
  slot: number;
  ackedAt: number;
  appliedBy: string;
  /** The fault blamed: the first fault at or after the write was applied (or the last one before). */
  fault: { at: number; event: string; node: string } | null;
  /** fault time − ack time: how long before the fault the lost write was acknowledged (negative: after). */
  windowMs: number;
  /**
   * The latest fault at or before the ack that concerns the acking master (any partition, or a
   * crash, restart, pause or manual failover in its shard), and ack time − its time: how long after
   * the fault the master still acknowledged this write (a split brain's minority side, a paused
   * master, a forced failover's old master).
   */
  afterFault: { at: number; event: string; node: string } | null;
  afterMs: number;
}

/** One slot range (a shard as laid out at the start, named by its first master): its write outages. */
export interface ShardDowntime {
  shard: string;
  slots: SlotRanges;
  /** From the first refused (or timed-out) write to the first accepted one sent after it (to: null, never accepted again). */
  windows: Array<{ from: number; to: number | null }>;
  /** Sum of the closed windows, plus (for an open one) up to the last write sent. */
  totalMs: number;
}

/** A master's crash or pause and how the cluster answered, each time relative to the fault (null: never). */
export interface FailureTimes {
  fault: { at: number; event: string; node: string };
  /** First node to mark the master FAIL. */
  failMs: number | null;
  /** First replica of its shard promoted. */
  promotedMs: number | null;
  /** First full sync in its shard (the master sends +FULLRESYNC) and the first one loaded after it. */
  fullSyncStartMs: number | null;
  fullSyncEndMs: number | null;
}

export interface Outcome {
  trace: string;
  seed: number;
  until: number;
  nodes: Record<string, NodeOutcome>;
  /** Only in a sentinel deployment. */
  sentinels?: Record<string, SentinelOutcome>;
  writes: {
    acked: number; refused: number; unknown: number; lost: number; unavailable: number;
    lostIds: string[]; maxLossWindowMs: number; refusedBy: Record<string, number>;
    waitAckedLost: number;
    /** The largest afterMs of a lost write: how long after a fault a master went on acking writes later lost. */
    maxLossWindowAfterMs: number;
  };
  lost: LostWrite[];
  downtime: ShardDowntime[];
  failures: FailureTimes[];
  timeline: State['timeline'];
}

const FAULTS = new Set(['crash', 'partition', 'pause', 'manual-failover', 'restart', 'replicaof']);

/** A standalone deployment (sentinel, replication); partial configs (tests' hand-made states) count as a cluster. */
function isStandalone(c: { topology?: string } | undefined): boolean {
  return c?.topology === 'sentinel' || c?.topology === 'replication';
}

/** The authority for a slot at the end: the running master claiming it with the highest configEpoch. */
export function finalMasterOf(s: State, slot: number): string | null {
  return finalMasters(s)(slot);
}

/** finalMasterOf for any slot of one final state: the running masters' claims, read once. */
function finalMasters(s: State): (slot: number) => string | null {
  if (isStandalone(s.config)) {
    const m = standaloneFinalMaster(s);
    return () => m;
  }
  const claims = Object.values(s.nodes)
    .filter((n) => n.proc !== 'down' && n.role === 'master')
    .map((n) => ({ name: n.name, epoch: n.cluster.configEpoch, slots: rangesOf(n.cluster.slots, n.name) }));
  return (slot) => {
    let best: string | null = null;
    let bestEpoch = -1;
    for (const c of claims) if (c.epoch > bestEpoch && hasSlot(c.slots, slot)) { best = c.name; bestEpoch = c.epoch; }
    return best;
  };
}

/**
 * A standalone deployment's authority at the end (docs/decisions.md): the running master; if several
 * run, the one most running data nodes replicate from, directly or down a chain; on a tie, the
 * node the writers send to (standaloneTarget), then the first name. No running master: none (its
 * acked writes count as unavailable). A Sentinel deployment's rule may prefer the master the Sentinels name.
 */
export function standaloneFinalMaster(s: State): string | null {
  const followers = new Map<string, number>();
  for (const n of Object.values(s.nodes)) {
    if (n.proc === 'down') continue;
    if (n.role === 'master') { followers.set(n.name, followers.get(n.name) ?? 0); continue; }
    const root = rootOf(s, n.name);
    if (root !== null) followers.set(root, (followers.get(root) ?? 0) + 1);
  }
  const target = standaloneTarget(s);
  const rank = (m: string) => [followers.get(m)!, m === target ? 1 : 0] as const;
  let best: string | null = null;
  for (const m of [...followers.keys()].sort()) {
    if (best === null) { best = m; continue; }
    const [k, c] = rank(m);
    const [bk, bc] = rank(best);
    if (k > bk || (k === bk && c > bc)) best = m;
  }
  return best;
}

/** The running master at the top of a running replica's chain (null: a cycle, or the top is down or not a master). */
function rootOf(s: State, name: string): string | null {
  const seen = new Set<string>();
  let x = name;
  while (s.nodes[x].role === 'replica') {
    if (seen.has(x)) return null;
    seen.add(x);
    const m = s.nodes[x].repl.master;
    if (m === null || !(m in s.nodes)) return null;
    x = m;
  }
  return s.nodes[x].proc === 'down' ? null : x;
}

/** The shard a node belongs to for blame and timings: its first master in a cluster; the one deployment ("M") otherwise. */
function shardOf(s: State, name: string): string {
  return isStandalone(s.config) ? 'M' : shardOfName(name);
}

/** An acked write survives if its key holds it, or a later write to the same key. */
function survives(s: State, w: WriteRecord, data: Map<string, string>): boolean {
  const v = data.get(w.key);
  if (v === undefined) return false;
  return v === w.id || Number(v.slice(1)) > Number(w.id.slice(1));
}

/**
 * An acked write whose key is gone because a TTL ran out by the end (its own, or a later acked
 * write's to the same key): expired, not lost. Only traces with `px` writes ask.
 */
function expiredBy(w: WriteRecord, lastExpired: Map<string, number>): boolean {
  return (lastExpired.get(w.key) ?? -1) >= Number(w.id.slice(1));
}

/** Per key, the number of the last acked write whose TTL ran out by the end (now > its PXAT). */
function lastExpiredWrites(s: State): Map<string, number> {
  const last = new Map<string, number>();
  for (const w of s.writes) {
    if (w.px === undefined || w.result !== 'acked' || !(s.now > w.appliedAt + w.px)) continue;
    last.set(w.key, Math.max(last.get(w.key) ?? -1, Number(w.id.slice(1))));
  }
  return last;
}

export function lostWrites(s: State): { lost: LostWrite[]; unavailable: number } {
  const faults = s.timeline.filter((e) => FAULTS.has(e.event));
  const lost: LostWrite[] = [];
  let unavailable = 0;
  const dataOf = new Map<string, Map<string, string>>();
  const authority = finalMasters(s);
  const lastExpired = s.store.hasExpires ? lastExpiredWrites(s) : null;
  for (const w of s.writes) {
    if (w.result !== 'acked') continue;
    const m = authority(w.slot);
    if (m === null) { unavailable++; continue; }
    if (!dataOf.has(m)) dataOf.set(m, s.store.materialize(s.nodes[m].data));
    if (survives(s, w, dataOf.get(m)!)) continue;
    if (lastExpired !== null && expiredBy(w, lastExpired)) continue;
    const after = faults.find((f) => f.at >= w.appliedAt);
    const before = [...faults].reverse().find((f) => f.at < w.appliedAt);
    const f = after ?? before ?? null;
    const shard = shardOf(s, w.appliedBy!);
    const g = [...faults].reverse().find((x) => x.at <= w.repliedAt && (x.event === 'partition' || shardOf(s, x.node) === shard));
    lost.push({
      id: w.id, key: w.key, slot: w.slot, ackedAt: w.repliedAt, appliedBy: w.appliedBy!,
      fault: f ? { at: f.at, event: f.event === 'net' ? 'partition' : f.event, node: f.node } : null,
      windowMs: f ? f.at - w.repliedAt : 0,
      afterFault: g ? { at: g.at, event: g.event, node: g.node } : null,
      afterMs: g ? w.repliedAt - g.at : 0,
    });
  }
  return { lost, unavailable };
}

/** Per slot range of the starting layout: write outages, first refused write to the first accepted one after it. */
export function shardDowntime(t: Trace, s: State): ShardDowntime[] {
  const { masters } = nodeNames(t.config);
  const standalone = isStandalone(t.config);
  const layout = initialSlots(t.config.masters);
  // A standalone deployment is one shard without slots: every write is in it.
  const out: ShardDowntime[] = masters.map((m, i) => ({ shard: m, slots: standalone ? [] : layout[i], windows: [], totalMs: 0 }));
  const shardOf = (slot: number) => standalone ? 0 : layout.findIndex((rs) => rs.some(([a, b]) => slot >= a && slot <= b));
  const open: Array<number | null> = masters.map(() => null);
  const writes = [...s.writes].sort((a, b) => a.sentAt - b.sentAt);
  for (const w of writes) {
    const k = shardOf(w.slot);
    if (k < 0) continue;
    if ((w.result === 'refused' || w.result === 'unknown') && open[k] === null) open[k] = w.sentAt; // a timeout refuses it too
    else if (w.result === 'acked' && open[k] !== null) {
      out[k].windows.push({ from: open[k]!, to: w.sentAt });
      out[k].totalMs += w.sentAt - open[k]!;
      open[k] = null;
    }
  }
  // An outage still open counts up to the last write sent (after it, no write says whether it ended).
  const last = writes.length ? writes[writes.length - 1].sentAt : 0;
  open.forEach((from, k) => {
    if (from === null) return;
    out[k].windows.push({ from, to: null });
    out[k].totalMs += last - from;
  });
  return out;
}

/** Each master crash or pause: time to FAIL, to a promotion, to its shard's first full sync start and end. */
export function failureTimes(s: State): FailureTimes[] {
  const tl = s.timeline;
  const out: FailureTimes[] = [];
  for (const f of tl) {
    if (f.event !== 'crash' && f.event !== 'pause') continue;
    if (!wasMaster(tl, f.node, f.at, s)) continue;
    const shard = shardOf(s, f.node);
    const first = (pred: (e: State['timeline'][number]) => boolean, from = f.at) => {
      const e = tl.find((x) => x.at >= from && pred(x));
      return e ? e.at - f.at : null;
    };
    const fullSyncStartMs = first((e) => e.event === 'full-sync-start' && shardOf(s, e.node) === shard);
    out.push({
      fault: { at: f.at, event: f.event, node: f.node },
      failMs: first((e) => e.event === 'fail' && e.about === f.node),
      promotedMs: first((e) => e.event === 'promoted' && e.about === f.node),
      fullSyncStartMs,
      fullSyncEndMs: fullSyncStartMs === null ? null : first((e) => e.event === 'full-sync' && shardOf(s, e.node) === shard, f.at + fullSyncStartMs),
    });
  }
  return out;
}

/** Was `node` a master when it failed at `at`: promoted or demoted last before then, else its starting role. */
function wasMaster(tl: State['timeline'], node: string, at: number, s: State): boolean {
  let role: string | null = null;
  for (const e of tl) {
    if (e.at > at) break;
    if (e.node === node && e.event === 'promoted') role = 'master';
    if (e.node === node && e.event === 'demoted') role = 'replica';
  }
  if (role !== null) return role === 'master';
  return isStandalone(s.config) ? node === 'M' : shardOfName(node) === node && node in s.nodes;
}

export function outcome(t: Trace, s: State): Outcome {
  const nodes: Record<string, NodeOutcome> = {};
  for (const n of Object.values(s.nodes)) {
    nodes[n.name] = {
      up: n.proc !== 'down',
      role: n.role,
      replicaOf: n.role === 'replica' ? n.repl.master : null,
      slots: rangesOf(n.cluster.slots, n.name),
      currentEpoch: n.cluster.currentEpoch,
      configEpoch: n.cluster.configEpoch,
      keys: s.store.keyCount(n.data),
      offset: n.role === 'master' ? n.masterReplOffset : advertisedOffset(n),
      clusterState: n.cluster.state,
      replid: n.replid,
      linkStatus: n.role === 'master' ? 'n/a' : n.repl.state === 'connected' ? 'up' : 'down',
    };
  }
  const { lost, unavailable } = lostWrites(s);
  const count = (r: string) => s.writes.filter((w) => w.result === r).length;
  const refusedBy: Record<string, number> = {};
  for (const w of s.writes) if (w.result === 'refused') refusedBy[w.error!] = (refusedBy[w.error!] ?? 0) + 1;
  const lostSet = new Set(lost.map((l) => l.id));
  return {
    trace: t.name,
    seed: t.seed,
    until: t.until,
    nodes,
    ...(t.config.topology === 'sentinel' ? { sentinels: sentinelOutcomes(s) } : {}),
    writes: {
      acked: count('acked'), refused: count('refused'), unknown: count('unknown') + count('pending'), lost: lost.length, unavailable,
      lostIds: lost.map((l) => l.id),
      maxLossWindowMs: lost.reduce((m, l) => Math.max(m, l.windowMs), 0),
      refusedBy,
      waitAckedLost: s.writes.filter((w) => w.wait && (w.wait.acked ?? 0) >= w.wait.replicas && lostSet.has(w.id)).length,
      maxLossWindowAfterMs: lost.reduce((m, l) => Math.max(m, l.afterMs), 0),
    },
    lost,
    downtime: shardDowntime(t, s),
    failures: failureTimes(s),
    timeline: s.timeline,
  };
}

function sentinelOutcomes(s: State): Record<string, SentinelOutcome> {
  const out: Record<string, SentinelOutcome> = {};
  for (const sen of Object.values(s.sentinels)) {
    const m = sen.master;
    out[sen.name] = sen.proc === 'down'
      ? { up: false, master: sen.conf.addr, currentEpoch: sen.conf.currentEpoch, configEpoch: sen.conf.configEpoch, leaderEpoch: sen.conf.leaderEpoch, failoverState: 'none', tilt: false }
      : { up: true, master: sentinelGetCurrentMasterAddress(m), currentEpoch: sen.currentEpoch, configEpoch: m.configEpoch, leaderEpoch: m.leaderEpoch, failoverState: m.failoverState, tilt: sen.tilt };
  }
  return out;
}
