// Measures for the standalone deployments (issue 12): one master M with replicas, under Sentinel or
// wired by REPLICAOF. They read only the outcome contract: `outcome.sentinels[S]` (the master each
// Sentinel names), Sentinel timeline events (`switch-master`, `convert-to-slave`, `odown`, …) and
// the data nodes' events and write ledger. None uses slots: a standalone master serves every key.
import type { RunResult } from '../properties/property.ts';
import type { Args, Measure } from './measures.ts';
import type { SentinelOutcome } from '../model/kernel/outcome.ts';


type Entry = RunResult['state']['timeline'][number];

/** The outcome's `sentinels`, or a clear error: these measures need a sentinel-topology run. */
export function sentinelsOf(r: Pick<RunResult, 'outcome' | 'trace'>): Record<string, SentinelOutcome> {
  const s = (r.outcome as { sentinels?: Record<string, SentinelOutcome> }).sentinels;
  if (s === undefined || s === null) {
    throw new Error(`measure needs outcome.sentinels (a run of topology "sentinel"), but the run of "${r.trace.name}" (topology "${r.trace.config.topology}") has none`);
  }
  return s;
}

/** One Sentinel's view, or a clear error naming the Sentinels the outcome has. */
export function sentinelOf(r: Pick<RunResult, 'outcome' | 'trace'>, name: string): SentinelOutcome {
  const all = sentinelsOf(r);
  const s = all[name];
  if (s === undefined) throw new Error(`outcome.sentinels has no Sentinel "${name}" (it has ${Object.keys(all).join(', ') || 'none'})`);
  return s;
}

/**
 * The master the running Sentinels name at the end: the one name they all give, 'disagree' when
 * they differ, 'no sentinel' when none is running (null is a Sentinel that names no master).
 */
export function agreedMaster(sentinels: Record<string, SentinelOutcome>): string | null {
  const names = new Set(Object.values(sentinels).filter((s) => s.up).map((s) => s.master));
  if (names.size === 0) return 'no sentinel';
  return names.size === 1 ? [...names][0] : 'disagree';
}

/** The Sentinel events of a timeline matching the arguments (node = a Sentinel, about, error = the event name). */
export function sentinelEvents(timeline: Entry[], sentinels: string[], a: Args, t0: number): Entry[] {
  const names = new Set(sentinels);
  return timeline.filter((e) => names.has(e.node) && e.at >= t0 + (a.from ?? 0) && (a.to === undefined || e.at <= t0 + a.to)
    && (a.event === undefined || e.event === a.event) && (a.node === undefined || e.node === a.node)
    && (a.about === undefined || e.about === a.about));
}

/** Of the acked writes applied by `node` (every node when omitted) within [t0+from, t0+to], the share lost; null when none. */
export function lostShare(r: Pick<RunResult, 'state' | 'outcome'>, a: Args, t0: number): number | null {
  const lost = new Set(r.outcome.writes.lostIds);
  const ws = r.state.writes.filter((w) => w.result === 'acked' && (a.node === undefined || w.appliedBy === a.node)
    && w.appliedAt >= t0 + (a.from ?? 0) && (a.to === undefined || w.appliedAt <= t0 + a.to));
  return ws.length === 0 ? null : ws.filter((w) => lost.has(w.id)).length / ws.length;
}

/** When a data node other than `node` became a master after t0 (a promotion, or REPLICAOF NO ONE), or undefined. */
export function promotedAt(timeline: Entry[], dataNodes: string[], node: string, t0: number): number | undefined {
  const names = new Set(dataNodes);
  return timeline.find((e) => e.at >= t0 && e.node !== node && names.has(e.node)
    && (e.event === 'promoted' || (e.event === 'replicaof' && e.detail === 'no one')))?.at;
}

/**
 * How long `node` (the old master) went on acking writes after another node became a master: the
 * time two masters were writable at once, seen from the old one (0 when it stopped before, or no
 * other node was promoted). One client suffices: a second master need not take a write to be one.
 */
export function acksAfterPromotion(r: Pick<RunResult, 'state'>, dataNodes: string[], node: string, t0: number): number {
  const p = promotedAt(r.state.timeline, dataNodes, node, t0);
  if (p === undefined) return 0;
  const last = Math.max(-Infinity, ...r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === node && w.appliedAt >= p).map((w) => w.appliedAt));
  return Number.isFinite(last) ? last - p : 0;
}

const need = (a: Args, k: keyof Args): string => {
  const v = a[k];
  if (v === undefined) throw new Error(`measure needs '${k}'`);
  return String(v);
};
const sentinelNamesOf = (r: RunResult) => Object.keys(sentinelsOf(r));
const rel = (t: number | undefined, t0: number): number | null => (t === undefined ? null : t - t0);
const dataEvents = (r: RunResult, t0: number, event: string, node?: string) =>
  r.state.timeline.filter((e) => e.at >= t0 && e.event === event && (node === undefined || e.node === node) && e.node in r.outcome.nodes);
const what = (a: Args) => `${a.node ?? 'some Sentinel'} logged ${a.event ?? 'any event'}${a.about ? ` about ${a.about}` : ''}`;

export const STANDALONE_MEASURES: Record<string, Measure> = {
  sentinelMaster: {
    topology: 'sentinel',
    label: (a) => (a.node ? `the master ${a.node} names (SENTINEL get-master-addr-by-name) at the end` : 'the master every running Sentinel names at the end'),
    at: (r, a) => (a.node ? sentinelOf(r, a.node).master : agreedMaster(sentinelsOf(r))),
  },
  sentinelEvent: {
    topology: 'sentinel',
    label: (a) => `${what(a)} after T0`,
    at: (r, a, t0) => sentinelEvents(r.state.timeline, sentinelNamesOf(r), { ...a, event: need(a, 'event') }, t0).length > 0,
  },
  sentinelEventAtMs: {
    topology: 'sentinel', unit: 'ms',
    label: (a) => `${what(a)} first at T0+`,
    at: (r, a, t0) => rel(sentinelEvents(r.state.timeline, sentinelNamesOf(r), { ...a, event: need(a, 'event') }, t0)[0]?.at, t0),
  },
  sentinelEventCount: {
    topology: 'sentinel',
    label: (a) => `times ${what(a)} after T0`,
    at: (r, a, t0) => sentinelEvents(r.state.timeline, sentinelNamesOf(r), { ...a, event: need(a, 'event') }, t0).length,
  },
  sentinelMasterServes: {
    topology: 'sentinel',
    label: () => 'the running Sentinels all name one master, and it is a running master at the end',
    at: (r) => {
      const m = agreedMaster(sentinelsOf(r));
      const n = m === null ? undefined : r.outcome.nodes[m];
      return n !== undefined && n.up && n.role === 'master';
    },
  },
  followsSentinelMaster: {
    topology: 'sentinel',
    label: (a) => `${need(a, 'node')} ends a linked replica of the master the Sentinels name`,
    at: (r, a) => {
      const m = agreedMaster(sentinelsOf(r));
      const n = r.outcome.nodes[need(a, 'node')];
      return n !== undefined && n.up && n.role === 'replica' && n.replicaOf === m && n.linkStatus === 'up';
    },
  },
  runningMasters: {
    label: () => 'running data nodes in the master role at the end',
    at: (r) => Object.values(r.outcome.nodes).filter((n) => n.up && n.role === 'master').length,
  },
  lastAckedAtMs: {
    unit: 'ms',
    label: (a) => `last write acked by ${need(a, 'node')}, at T0+`,
    at: (r, a, t0) => {
      const ts = r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === a.node && w.appliedAt >= t0).map((w) => w.appliedAt);
      return ts.length ? Math.max(...ts) - t0 : null;
    },
  },
  ackedAfterPromotionMs: {
    unit: 'ms',
    label: (a) => `time ${need(a, 'node')} kept acking writes after another node became a master (two writable masters)`,
    at: (r, a, t0) => acksAfterPromotion(r, Object.keys(r.outcome.nodes), need(a, 'node'), t0),
  },
  lostShare: {
    unit: 'fraction',
    label: (a) => `share of the writes ${a.node ? `${a.node} acked` : 'acked'} ${a.from === undefined && a.to === undefined ? 'after T0' : `between T0+${a.from ?? 0} ms and ${a.to === undefined ? 'the end' : `T0+${a.to} ms`}`} that were lost`,
    at: (r, a, t0) => lostShare(r, a, t0),
  },
  firstRefusalAtMs: {
    unit: 'ms',
    label: (a) => `first write refused${a.error ? ` with ${a.error}` : ''}, sent at T0+`,
    at: (r, a, t0) => rel(r.state.writes.find((w) => w.sentAt >= t0 && w.result === 'refused' && (a.error === undefined || (w.error ?? '').startsWith(a.error)))?.sentAt, t0),
  },
  fullSyncFrom: {
    label: (a) => `the node ${need(a, 'node')}'s last full sync after T0 came from`,
    at: (r, a, t0) => {
      const e = dataEvents(r, t0, 'full-sync', need(a, 'node')).at(-1);
      return e === undefined ? null : (e.from ?? null);
    },
  },
  fullSyncs: {
    label: (a) => `full syncs ${a.node ?? 'the data nodes'} took after T0`, unit: 'writes',
    at: (r, a, t0) => dataEvents(r, t0, 'full-sync', a.node).length,
  },
  partialSyncs: {
    label: (a) => `partial syncs (+CONTINUE) ${a.node ?? 'the data nodes'} took after T0`, unit: 'writes',
    // the master's side records one 'partial-sync' per +CONTINUE (the replica's 'psync-continue' is the same resync)
    at: (r, a, t0) => dataEvents(r, t0, 'partial-sync', a.node).length,
  },
  keysBehind: {
    unit: 'keys',
    label: (a) => `keys ${need(a, 'about')} holds beyond ${need(a, 'node')} at the end`,
    at: (r, a) => {
      const n = r.outcome.nodes[need(a, 'node')];
      const o = r.outcome.nodes[need(a, 'about')];
      if (n === undefined || o === undefined) throw new Error(`keysBehind: no data node ${n === undefined ? a.node : a.about} in the outcome`);
      return o.keys - n.keys;
    },
  },
  replidMatchesMaster: {
    label: (a) => `${need(a, 'node')} ends with its master's replication ID and offset`,
    at: (r, a) => {
      const n = r.outcome.nodes[need(a, 'node')];
      const m = n?.replicaOf ? r.outcome.nodes[n.replicaOf] : undefined;
      return n !== undefined && m !== undefined && n.up && m.up && n.replid === m.replid && n.offset === m.offset;
    },
  },
};
