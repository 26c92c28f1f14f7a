// The quantities a runbook claim talks about, measured on one run of its trace. Times are relative
// to T0, the trace's first fault (its first event that is not a write). Each measure reads the
// outcome and the final state the model produced; nothing here is typed by hand.
import { finalMasterOf } from '../model/kernel/outcome.ts';
import { initialSlots, ownerOf } from '../model/cluster/slots.ts';
import type { RunResult } from '../properties/property.ts';
import { shardOfSlot, unavailability } from '../properties/lib.ts';
import { masterNames } from '../properties/generators.ts';
import { STANDALONE_MEASURES } from './measures-standalone.ts';

export type Value = number | boolean | string | null;

export interface Args {
  node?: string; shard?: string; from?: number; to?: number; error?: string;
  /** Sentinel measures: the timeline event (`switch-master`, `odown`, …) and the instance it is about. */
  event?: string; about?: string;
}

export interface Measure {
  /** How the value reads in a sentence ("B1 promoted at T0+…"). */
  label: (a: Args) => string;
  unit?: 'ms' | 'writes' | 'keys' | 'fraction';
  at: (r: RunResult, a: Args, t0: number) => Value;
  /** A measure that needs a deployment kind: 'sentinel' reads outcome.sentinels (absent elsewhere). */
  topology?: 'sentinel';
}

const FAULTS = new Set(['crash', 'restart', 'pause', 'partition', 'failover', 'sentinel-failover', 'replicaof', 'clock']);

/**
 * T0: the trace's first fault (crash, restart, pause, partition, manual failover, SENTINEL FAILOVER,
 * REPLICAOF, clock jump): what the claim's times count from.
 */
export const faultTime = (r: RunResult): number =>
  r.trace.events.filter((e) => FAULTS.has(e.type)).reduce((m, e) => Math.min(m, e.at), Infinity);

const need = (a: Args, k: keyof Args): string => {
  const v = a[k];
  if (v === undefined) throw new Error(`measure needs '${k}'`);
  return String(v);
};

/** The first slot of a shard as created (shard = its original master's name). */
function firstSlot(r: RunResult, shard: string): number {
  const i = masterNames(r.trace.config).indexOf(shard);
  if (i < 0) throw new Error(`no shard ${shard}`);
  return initialSlots(masterNames(r.trace.config).length)[i][0][0];
}

const inShard = (r: RunResult, shard: string | undefined, slot: number) => shard === undefined || shardOfSlot(r, slot) === shard;
const inWindow = (a: Args, t0: number, at: number) => (a.from === undefined || at >= t0 + a.from) && (a.to === undefined || at <= t0 + a.to);
const after = (r: RunResult, t0: number, event: string, pred: (e: RunResult['state']['timeline'][number]) => boolean) =>
  r.state.timeline.filter((e) => e.at >= t0 && e.event === event && pred(e));
const rel = (t: number | undefined, t0: number): number | null => (t === undefined ? null : t - t0);

/** Periods a node spent with cluster_state fail after t0, clipped to the run. */
function failPeriods(r: RunResult, node: string, t0: number): Array<[number, number]> {
  let state = 'ok';
  let since = 0;
  const out: Array<[number, number]> = [];
  for (const e of r.state.timeline) {
    if (e.node !== node || e.event !== 'cluster-state') continue;
    if (e.detail === state) continue;
    if (e.detail === 'ok' && state === 'fail') out.push([since, e.at]);
    state = String(e.detail);
    since = e.at;
  }
  if (state === 'fail') out.push([since, r.trace.until]);
  return out.map(([a, b]) => [Math.max(a, t0), b] as [number, number]).filter(([a, b]) => b > a);
}

const running = (r: RunResult) => Object.entries(r.outcome.nodes).filter(([, n]) => n.up).map(([k]) => k);

function writesIn(r: RunResult, a: Args, t0: number) {
  return r.state.writes.filter((w) => inShard(r, a.shard, w.slot) && inWindow(a, t0, w.sentAt));
}

export const MEASURES: Record<string, Measure> = {
  lost: {
    label: (a) => `acked-but-lost writes${a.shard ? ` of shard ${a.shard}` : ''}`, unit: 'writes',
    at: (r, a) => r.outcome.lost.filter((l) => inShard(r, a.shard, l.slot)).length,
  },
  lostFraction: {
    label: (a) => `share of ${a.shard ? `shard ${a.shard}'s` : 'the'} acked writes lost`, unit: 'fraction',
    at: (r, a) => {
      const acked = r.state.writes.filter((w) => w.result === 'acked' && inShard(r, a.shard, w.slot)).length;
      return acked === 0 ? null : r.outcome.lost.filter((l) => inShard(r, a.shard, l.slot)).length / acked;
    },
  },
  lossWindowMs: {
    label: (a) => `largest loss window${a.shard ? ` in shard ${a.shard}` : ''} (fault time − ack time of a lost write)`, unit: 'ms',
    at: (r, a) => r.outcome.lost.filter((l) => inShard(r, a.shard, l.slot)).reduce((m, l) => Math.max(m, l.windowMs), 0),
  },
  promoted: {
    label: (a) => `${a.node ?? 'some replica'} promoted`,
    at: (r, a, t0) => after(r, t0, 'promoted', (e) => a.node === undefined || e.node === a.node).length > 0,
  },
  promotedAtMs: {
    label: (a) => `${need(a, 'node')} promoted at T0+`, unit: 'ms',
    at: (r, a, t0) => rel(after(r, t0, 'promoted', (e) => e.node === a.node)[0]?.at, t0),
  },
  electionStarted: {
    label: (a) => `${a.node ?? 'some replica'} requested votes (FAILOVER_AUTH_REQUEST)`,
    at: (r, a, t0) => after(r, t0, 'election', (e) => a.node === undefined || e.node === a.node).length > 0,
  },
  votesFor: {
    label: (a) => `votes granted to ${need(a, 'node')}`,
    at: (r, a, t0) => after(r, t0, 'vote', (e) => e.about === a.node).length,
  },
  failAtMs: {
    label: (a) => `${need(a, 'node')} first flagged FAIL at T0+`, unit: 'ms',
    at: (r, a, t0) => rel(after(r, t0, 'fail', (e) => e.about === a.node)[0]?.at, t0),
  },
  failFlagged: {
    label: (a) => `${need(a, 'node')} flagged FAIL by some node`,
    at: (r, a, t0) => after(r, t0, 'fail', (e) => e.about === a.node).length > 0,
  },
  role: {
    label: (a) => `final role of ${need(a, 'node')}`,
    at: (r, a) => (r.outcome.nodes[need(a, 'node')].up ? r.outcome.nodes[a.node!].role : 'down'),
  },
  replicaOf: {
    label: (a) => `${need(a, 'node')} finally replicates`,
    at: (r, a) => r.outcome.nodes[need(a, 'node')].replicaOf,
  },
  finalMaster: {
    label: (a) => `final master of shard ${need(a, 'shard')}'s slots`,
    at: (r, a) => finalMasterOf(r.state, firstSlot(r, need(a, 'shard'))),
  },
  slotOwnerSeenBy: {
    label: (a) => `owner of shard ${need(a, 'shard')}'s slots in every running node's view (or 'disagree')`,
    at: (r, a) => {
      const slot = firstSlot(r, need(a, 'shard'));
      const owners = new Set(running(r).map((n) => ownerOf(r.state.nodes[n].cluster.slots, slot)));
      return owners.size === 1 ? [...owners][0] : 'disagree';
    },
  },
  fullSync: {
    label: (a) => `${need(a, 'node')} took a full sync after T0`,
    at: (r, a, t0) => after(r, t0, 'full-sync', (e) => e.node === a.node).length > 0,
  },
  partialSync: {
    label: (a) => `${need(a, 'node')} resumed with a partial sync (+CONTINUE) after T0`,
    at: (r, a, t0) => r.state.timeline.some((e) => e.at >= t0 && e.node === a.node && (e.event === 'partial-sync' || e.event === 'psync-continue')),
  },
  wiped: {
    label: (a) => `${need(a, 'node')}'s dataset wiped by a full sync`,
    at: (r, a, t0) => after(r, t0, 'wiped', (e) => e.node === a.node).length > 0,
  },
  keys: {
    label: (a) => `keys held by ${need(a, 'node')} at the end`, unit: 'keys',
    at: (r, a) => r.outcome.nodes[need(a, 'node')].keys,
  },
  keysLoadedAtRestart: {
    label: (a) => `keys ${need(a, 'node')} loaded from disk at its last restart`, unit: 'keys',
    at: (r, a) => {
      const e = [...r.state.timeline].reverse().find((x) => x.event === 'restart' && x.node === a.node);
      return e ? Number(e.keys) : null;
    },
  },
  restartMissingWrites: {
    label: (a) => `writes ${need(a, 'node')} had applied before its crash that were missing from what it loaded at restart`, unit: 'writes',
    at: (r, a) => {
      const tl = r.state.timeline;
      const restart = [...tl].reverse().find((e) => e.event === 'restart' && e.node === a.node);
      const crash = restart && [...tl].reverse().find((e) => e.event === 'crash' && e.node === a.node && e.at <= restart.at);
      if (!restart || !crash) return null;
      const had = r.state.writes.filter((w) => w.appliedBy === a.node && w.appliedAt <= crash.at).length;
      return Math.max(0, had - Number(restart.keys));
    },
  },
  fullSyncCount: {
    label: (a) => `full syncs ${need(a, 'node')} took after T0`, unit: 'writes',
    at: (r, a, t0) => after(r, t0, 'full-sync', (e) => e.node === a.node).length,
  },
  twoMastersMs: {
    label: (a) => `time two nodes both acked writes for shard ${need(a, 'shard')} (old master's last ack − new master's first)`, unit: 'ms',
    at: (r, a, t0) => {
      const ws = r.state.writes.filter((w) => w.result === 'acked' && w.appliedAt >= t0 && inShard(r, a.shard, w.slot));
      const oldLast = Math.max(-Infinity, ...ws.filter((w) => w.appliedBy === a.shard).map((w) => w.appliedAt));
      const newFirst = Math.min(Infinity, ...ws.filter((w) => w.appliedBy !== a.shard).map((w) => w.appliedAt));
      return Number.isFinite(oldLast) && Number.isFinite(newFirst) ? Math.max(0, oldLast - newFirst) : 0;
    },
  },
  clusterOkAtMs: {
    label: () => 'every running node back to cluster_state ok at T0+', unit: 'ms',
    at: (r, _a, t0) => {
      let last = 0;
      for (const n of running(r)) {
        const p = failPeriods(r, n, t0);
        if (p.length && p[p.length - 1][1] >= r.trace.until) return null;
        if (p.length) last = Math.max(last, p[p.length - 1][1] - t0);
      }
      return last;
    },
  },
  clusterFailMs: {
    label: (a) => `time ${a.node ?? 'some node'} spent in cluster_state fail after T0${a.to !== undefined ? ` (until T0+${a.to} ms)` : ''}`, unit: 'ms',
    at: (r, a, t0) => {
      const nodes = a.node ? [a.node] : Object.keys(r.outcome.nodes);
      const end = a.to === undefined ? Infinity : t0 + a.to;
      return Math.max(0, ...nodes.map((n) => failPeriods(r, n, t0).reduce((s, [x, y]) => s + Math.max(0, Math.min(y, end) - x), 0)));
    },
  },
  ackedFraction: {
    label: (a) => `share of writes${a.shard ? ` to shard ${a.shard}` : ''} sent ${window(a)} that were acked`, unit: 'fraction',
    at: (r, a, t0) => {
      const ws = writesIn(r, a, t0);
      return ws.length === 0 ? null : ws.filter((w) => w.result === 'acked').length / ws.length;
    },
  },
  refused: {
    label: (a) => `writes${a.shard ? ` to shard ${a.shard}` : ''} refused${a.error ? ` with ${a.error}` : ''} ${window(a)}`, unit: 'writes',
    at: (r, a, t0) => writesIn(r, a, t0).filter((w) => w.result === 'refused' && (a.error === undefined || (w.error ?? '').startsWith(a.error))).length,
  },
  ackedBy: {
    label: (a) => `writes acked by ${need(a, 'node')} ${window(a)}`, unit: 'writes',
    at: (r, a, t0) => r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === a.node && inWindow(a, t0, w.appliedAt)).length,
  },
  unavailableMs: {
    label: (a) => `longest run of failed writes to shard ${need(a, 'shard')} after T0`, unit: 'ms',
    at: (r, a, t0) => Math.max(0, ...(unavailability(r)[need(a, 'shard')] ?? []).filter(([, b]) => b >= t0).map(([x, y]) => y - Math.max(x, t0))),
  },
  selfRecovers: {
    label: () => 'the cluster serves every slot with cluster_state ok at the end, by itself',
    at: (r) => {
      for (let slot = 0; slot < 16384; slot += 64) if (finalMasterOf(r.state, slot) === null) return false;
      return running(r).every((n) => r.outcome.nodes[n].clusterState === 'ok');
    },
  },
  replicasInSync: {
    label: () => 'every running replica linked to its master with the same keys at the end',
    at: (r) => running(r).every((n) => {
      const o = r.outcome.nodes[n];
      if (o.role !== 'replica') return true;
      const m = o.replicaOf ? r.outcome.nodes[o.replicaOf] : undefined;
      return o.linkStatus === 'up' && m !== undefined && m.keys === o.keys;
    }),
  },
  keysOutsideOwnSlots: {
    label: () => 'keys a final master holds outside the slots it serves (keys moved across shards)', unit: 'keys',
    at: (r) => {
      let n = 0;
      for (const name of running(r)) {
        const node = r.state.nodes[name];
        if (node.role !== 'master') continue;
        const data = r.state.store.materialize(node.data);
        for (const w of r.state.writes) if (w.appliedBy !== null && ownerOf(node.cluster.slots, w.slot) !== name && data.get(w.key) !== undefined) n++;
      }
      return n;
    },
  },
  ...STANDALONE_MEASURES,
};

function window(a: Args): string {
  if (a.from === undefined && a.to === undefined) return 'over the whole run';
  const at = (x: number) => `T0${x < 0 ? `−${-x}` : `+${x}`} ms`;
  return `between ${a.from === undefined ? 'T0' : at(a.from)} and ${a.to === undefined ? 'the end' : at(a.to)}`;
}

export function measure(r: RunResult, name: string, a: Args): Value {
  const m = MEASURES[name];
  if (!m) throw new Error(`unknown measure ${name}`);
  return m.at(r, a, faultTime(r));
}
