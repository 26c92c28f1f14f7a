// Readers over a run's result shared by the property checks, and the measured quantities
// (loss windows, unavailability windows per slot range).
import { produce } from 'immer';
import { hasSlot, initialSlots, type SlotRanges } from '../model/cluster/slots.ts';
import type { Node, State, TimelineEntry, WriteRecord } from '../model/kernel/state.ts';
import { at, type RunResult } from './property.ts';
import { masterNames } from './generators.ts';
import { shardOfName } from '../model/cluster/names.ts';

export const events = (r: RunResult, type: string): TimelineEntry[] => r.state.timeline.filter((e) => e.event === type);

/** The trace's environment events of one type (with their times). */
export const traceEvents = (r: RunResult, type: string) => r.trace.events.filter((e) => e.type === type) as Array<{ at: number; type: string; node?: string; power?: boolean; mode?: string; groups?: string[][] }>;

/** The shards as created: master name → its initial slot ranges. */
export function shards(r: RunResult): Array<{ master: string; slots: SlotRanges }> {
  const ms = masterNames(r.trace.config);
  return initialSlots(ms.length).map((slots, i) => ({ master: ms[i], slots }));
}

export const shardOfSlot = (r: RunResult, slot: number): string => shards(r).find((x) => hasSlot(x.slots, slot))!.master;

/** The original shard a node belongs to (A1 → A). */
export const shardOfNode = (n: string): string => shardOfName(n);

export const acked = (r: RunResult): WriteRecord[] => r.state.writes.filter((w) => w.result === 'acked');

/** The heal phase's start: the time of the trace's last non-write event. */
export const lastFaultAt = (r: RunResult): number => r.trace.events.filter((e) => e.type !== 'writes' && e.type !== 'write').reduce((m, e) => Math.max(m, e.at), 0);

/** Writes acked-but-lost, from the outcome. */
export const lost = (r: RunResult) => r.outcome.lost;

/** Unavailability windows per shard: maximal runs of writes to the shard that were not acked, in ms. */
export function unavailability(r: RunResult): Record<string, Array<[number, number]>> {
  const out: Record<string, Array<[number, number]>> = {};
  const byShard = new Map<string, WriteRecord[]>();
  for (const w of r.state.writes) {
    const s = shardOfSlot(r, w.slot);
    if (!byShard.has(s)) byShard.set(s, []);
    byShard.get(s)!.push(w);
  }
  for (const [s, ws] of byShard) {
    out[s] = [];
    let start = -1;
    let last = -1;
    for (const w of ws) {
      if (w.result !== 'acked') { if (start < 0) start = w.sentAt; last = w.sentAt; } else if (start >= 0) { out[s].push([start, w.sentAt]); start = -1; }
    }
    if (start >= 0) out[s].push([start, last]);
  }
  return out;
}

export const longestUnavailability = (r: RunResult): number =>
  Math.max(0, ...Object.values(unavailability(r)).flat().map(([a, b]) => b - a));

/** Intervals [first, last] during which each node acked writes for a shard, in applied time. */
export function acceptance(r: RunResult, shard: string): Map<string, Array<{ from: number; to: number }>> {
  const out = new Map<string, Array<{ from: number; to: number }>>();
  const ws = acked(r).filter((w) => shardOfSlot(r, w.slot) === shard).sort((a, b) => a.appliedAt - b.appliedAt);
  // A node's acceptance is split wherever another node accepted in between.
  let cur: { node: string; from: number; to: number } | null = null;
  for (const w of ws) {
    if (cur && cur.node === w.appliedBy) { cur.to = w.appliedAt; continue; }
    if (cur) out.set(cur.node, [...(out.get(cur.node) ?? []), { from: cur.from, to: cur.to }]);
    cur = { node: w.appliedBy!, from: w.appliedAt, to: w.appliedAt };
  }
  if (cur) out.set(cur.node, [...(out.get(cur.node) ?? []), { from: cur.from, to: cur.to }]);
  return out;
}

/** Promotions: {at, node, epoch, about, votes, quorum, takeover}. */
export function promotions(r: RunResult) {
  const takeovers = new Set(events(r, 'manual-failover').filter((e) => e.detail === 'takeover').map((e) => `${e.node}@${e.at}`));
  return events(r, 'promoted').map((e) => ({ at: e.at, node: e.node, epoch: e.epoch!, about: e.about!, votes: e.votes as number, quorum: e.quorum as number, offset: e.offset as number, takeover: takeovers.has(`${e.node}@${e.at}`) }));
}

/** The first sync (full or partial) a node completes after time t. */
export function firstSyncAfter(r: RunResult, node: string, t: number): TimelineEntry | undefined {
  return r.state.timeline.find((e) => e.node === node && e.at >= t && (e.event === 'full-sync' || e.event === 'partial-sync' || e.event === 'psync-continue'));
}

/** What a watch found first: the instant and the message, kept in its scratch under one key. */
export interface Noted { at: number; msg: string }

/** The finding a watch noted under `key` (see Noted), as a check's message; null when none. */
export function noted(r: RunResult, key = 'bad'): string | null {
  const n = r.scratch[key] as Noted | undefined;
  return n ? at(r, n.at, n.msg) : null;
}

/**
 * For a watch: notes under scratch[key] the first change of `print` on a node while `held` is true for
 * it (a dead or paused process, which must change nothing), as "<node>, <what> since …, changed at …".
 */
export function noteFirstChange(s: State, t: number, scratch: Record<string, unknown>, key: string, what: string, held: (n: Node) => boolean, print: (n: Node) => string): void {
  if (scratch[key]) return;
  const frozen = (scratch[`${key}:frozen`] ??= {}) as Record<string, { since: number; print: string }>;
  for (const n of Object.values(s.nodes)) {
    if (!held(n)) { delete frozen[n.name]; continue; }
    const now = print(n);
    const f = frozen[n.name];
    if (!f) { frozen[n.name] = { since: t, print: now }; continue; }
    if (f.print !== now) { scratch[key] = { at: t, msg: `${n.name}, ${what} since ${f.since}, changed at ${t}: ${f.print} → ${now}` } as Noted; return; }
  }
}

/**
 * A boundary probe: runs `f` on an immer draft of a state the run reached (a watch's state is the
 * simulator's working copy and must not change) and returns what it read; the draft is thrown away.
 * Lets a property evaluate one rule at the exact millisecond of its threshold, which random
 * schedules reach too rarely to test a strict `<` against a `<=`.
 */
export function probe<T>(s: State, f: (draft: State) => T): T {
  let out: T | undefined;
  produce(s, (d) => { out = f(d as State); });
  return out as T;
}

/** For a watch: the timeline entries added since its previous call (scratch.seen keeps the place). */
export function newEntries(s: State, scratch: Record<string, unknown>): TimelineEntry[] {
  const from = (scratch.seen as number | undefined) ?? 0;
  scratch.seen = s.timeline.length;
  return from === s.timeline.length ? [] : s.timeline.slice(from);
}
