// Readers over a Sentinel or standalone-replication run shared by their properties: the Sentinels'
// timeline entries (Sentinel's own event names, issue 12 contract), and the moments a data node
// turned master, observed step by step.
import type { State, TimelineEntry } from '../model/kernel/state.ts';
import type { RunResult, Watch } from './property.ts';

export const isSentinelName = (n: string): boolean => /^S\d+$/.test(n);

/** Timeline entries a Sentinel recorded (optionally of one event), in timeline order, with their index. */
export function sentinelEntries(r: RunResult, event?: string): Array<TimelineEntry & { i: number }> {
  const out: Array<TimelineEntry & { i: number }> = [];
  r.state.timeline.forEach((e, i) => { if (isSentinelName(e.node) && (event === undefined || e.event === event)) out.push({ ...e, i }); });
  return out;
}

/** A Sentinel's `elected-leader` entry as the failover half records it: its vote count, its N, and whether SENTINEL FAILOVER forced it. */
export interface Election { at: number; i: number; node: string; epoch: number; votes: number | null; known: number | null; forced: boolean }

export function elections(r: RunResult): Election[] {
  return sentinelEntries(r, 'elected-leader').map((e) => ({
    at: e.at, i: e.i, node: e.node, epoch: e.epoch ?? -1,
    votes: typeof e.votes === 'number' ? e.votes : null,
    known: typeof e.known === 'number' ? e.known : null,
    forced: e.forced === true || e.detail === 'forced',
  }));
}

/** max(majority of N, quorum): the votes sentinelGetLeader needs (sentinel.md 2.8). */
export const votesNeeded = (known: number, quorum: number): number => Math.max(Math.floor(known / 2) + 1, quorum);

/**
 * A data node that turned master from replica, with its offset and keys at that step, and what did
 * it: a restart (its redis.conf had no replicaof line), an operator's REPLICAOF NO ONE, or a
 * Sentinel's SLAVEOF NO ONE (any other step: a Sentinel message delivered).
 */
export interface Promotion { at: number; node: string; offset: number; keys: number; by: 'restart' | 'operator' | 'sentinel' }

const cause = (type: string): Promotion['by'] => (type === 'ProcessRestarted' ? 'restart' : type === 'ReplicaofRequested' ? 'operator' : 'sentinel');

/** After every step: each data node's replica → master turn (a master's restart as master is not one). */
export const watchPromotions: Watch = (s: State, a, t, scratch) => {
  const roles = (scratch.roles ??= {}) as Record<string, string>;
  const out = (scratch.promotions ??= []) as Promotion[];
  for (const name in s.nodes) {
    const n = s.nodes[name];
    const was = roles[name];
    if (was === 'replica' && n.role === 'master') out.push({ at: t, node: name, offset: n.masterReplOffset, keys: s.store.keyCount(n.data), by: cause(a.type) });
    roles[name] = n.role;
  }
};

export const promotionsOf = (r: RunResult): Promotion[] => (r.scratch.promotions as Promotion[] | undefined) ?? [];

/** The trace's environment events of one type. */
export const traceEventsOf = (r: RunResult, type: string) =>
  r.trace.events.filter((e) => e.type === type) as Array<{ at: number; type: string; node?: string; groups?: string[][]; from?: string; to?: string; ms?: number }>;

/** Did process `node` crash or restart at a timeline index in (from, to)? (Sentinel restarts forget flags and failovers.) */
export function restartedBetween(r: RunResult, node: string, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) {
    const e = r.state.timeline[i];
    if (e.node === node && (e.event === 'crash' || e.event === 'restart')) return true;
  }
  return false;
}

/** The first completed sync (full or partial) of `node` after timeline index i. */
export function syncedAfter(r: RunResult, node: string, t: number, until: number): boolean {
  return r.state.timeline.some((e) => e.node === node && e.at >= t && e.at <= until && (e.event === 'full-sync' || e.event === 'partial-sync' || e.event === 'psync-continue'));
}

export const lostBy = (r: RunResult, node: string, from = -Infinity, to = Infinity) =>
  r.outcome.lost.filter((l) => l.appliedBy === node && l.ackedAt >= from && l.ackedAt <= to);
