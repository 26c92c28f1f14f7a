// The outcome (design §3): a public interface users script against and conformance compares.
import type { State, WriteRecord } from './state.ts';
import { ownerOf, rangesOf, type SlotRanges } from './slots.ts';
import type { Trace } from './trace.ts';
import { advertisedOffset } from './lib/view.ts';

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
}

export interface Outcome {
  trace: string;
  seed: number;
  until: number;
  nodes: Record<string, NodeOutcome>;
  writes: {
    acked: number; refused: number; unknown: number; lost: number; unavailable: number;
    lostIds: string[]; maxLossWindowMs: number; refusedBy: Record<string, number>;
    waitAckedLost: number;
  };
  lost: LostWrite[];
  timeline: State['timeline'];
}

const FAULTS = new Set(['crash', 'partition', 'pause', 'manual-failover', 'restart']);

/** The authority for a slot at the end: the running master claiming it with the highest configEpoch. */
export function finalMasterOf(s: State, slot: number): string | null {
  let best: string | null = null;
  let bestEpoch = -1;
  for (const n of Object.values(s.nodes)) {
    if (n.proc === 'down' || n.role !== 'master') continue;
    if (ownerOf(n.cluster.slots, slot) !== n.name) continue;
    if (n.cluster.configEpoch > bestEpoch) { best = n.name; bestEpoch = n.cluster.configEpoch; }
  }
  return best;
}

/** An acked write survives if its key holds it, or a later write to the same key. */
function survives(s: State, w: WriteRecord, data: Map<string, string>): boolean {
  const v = data.get(w.key);
  if (v === undefined) return false;
  return v === w.id || Number(v.slice(1)) > Number(w.id.slice(1));
}

export function lostWrites(s: State): { lost: LostWrite[]; unavailable: number } {
  const faults = s.timeline.filter((e) => FAULTS.has(e.event));
  const lost: LostWrite[] = [];
  let unavailable = 0;
  const dataOf = new Map<string, Map<string, string>>();
  // The final state is fixed here, so each slot's authority is looked up once (every write scanned all nodes).
  const masterOf = new Map<number, string | null>();
  for (const w of s.writes) {
    if (w.result !== 'acked') continue;
    let m = masterOf.get(w.slot);
    if (m === undefined) { m = finalMasterOf(s, w.slot); masterOf.set(w.slot, m); }
    if (m === null) { unavailable++; continue; }
    if (!dataOf.has(m)) dataOf.set(m, s.store.materialize(s.nodes[m].data));
    if (survives(s, w, dataOf.get(m)!)) continue;
    const after = faults.find((f) => f.at >= w.appliedAt);
    const before = [...faults].reverse().find((f) => f.at < w.appliedAt);
    const f = after ?? before ?? null;
    lost.push({
      id: w.id, key: w.key, slot: w.slot, ackedAt: w.repliedAt, appliedBy: w.appliedBy!,
      fault: f ? { at: f.at, event: f.event === 'net' ? 'partition' : f.event, node: f.node } : null,
      windowMs: f ? f.at - w.repliedAt : 0,
    });
  }
  return { lost, unavailable };
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
    writes: {
      acked: count('acked'), refused: count('refused'), unknown: count('unknown') + count('pending'), lost: lost.length, unavailable,
      lostIds: lost.map((l) => l.id),
      maxLossWindowMs: lost.reduce((m, l) => Math.max(m, l.windowMs), 0),
      refusedBy,
      waitAckedLost: s.writes.filter((w) => w.wait && (w.wait.acked ?? 0) >= w.wait.replicas && lostSet.has(w.id)).length,
    },
    lost,
    timeline: s.timeline,
  };
}
