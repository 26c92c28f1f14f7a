// Timing fields (issue 15, point 3): how long each protocol reaction took after the fault that caused
// it, measured the same way on the model's outcome and on a real run. Both sides are first turned into
// one neutral Observation (faults at their own times, protocol events, the client's ledger), and one
// function derives every field from it, so a field cannot mean one thing for the model and another
// for Redis.
import type { Outcome } from '../model/kernel/outcome.ts';
import type { WriteRecord } from '../model/kernel/state.ts';
import type { Trace, TraceEvent } from '../model/kernel/trace.ts';
import type { RealOutcome } from './observe.ts';

/** A fault as one side played it: `at` on that side's clock, `planned` the trace's time (the field's key). */
export interface TimingFault { type: TraceEvent['type']; node: string | null; mode?: string; at: number; planned: number }
/** A protocol event, in the side's own vocabulary translated to the one below. */
export interface TimingEvent { at: number; node: string; event: TimingEventKind; about?: string; ok?: boolean }
export type TimingEventKind = 'fail' | 'fail-cleared' | 'promoted' | 'cluster-state' | 'full-sync-start' | 'full-sync-end';
export interface TimingWrite { id: string; slot: number; sentAt: number; repliedAt: number; acked: boolean; lost: boolean }
export interface Observation { faults: TimingFault[]; events: TimingEvent[]; writes: TimingWrite[] }

/** Faults that start an outage; the others (restart, resume, heal) end one. Standalone: SENTINEL FAILOVER and REPLICAOF change the master too. */
const FAILURES = new Set<string>(['crash', 'pause', 'partition', 'failover', 'sentinel-failover', 'replicaof']);
const RECOVERIES = new Set<string>(['restart', 'resume', 'heal']);
const PLAYED = new Set<string>([...FAILURES, ...RECOVERIES]);

/** The trace's fault events in the order the environment plays them (stable by time). */
export function traceFaults(t: Trace): TimingFault[] {
  return t.events.map((e, k) => ({ e, k })).filter(({ e }) => PLAYED.has(e.type))
    .sort((a, b) => a.e.at - b.e.at || a.k - b.k)
    .map(({ e }) => ({ type: e.type, node: 'node' in e ? e.node ?? null : null, ...(e.type === 'failover' ? { mode: e.mode ?? 'default' } : {}), at: e.at, planned: e.at }));
}

const oneFault = (f: TimingFault) => `${f.type}${f.node ? ` ${f.node}` : ''}${f.mode && f.mode !== 'default' ? ` ${f.mode}` : ''}`;

/** A fault's name in a field, with every fault planned at the same time ("crash A + crash B @1333"): they share a window. */
export function faultLabel(f: TimingFault, all: TimingFault[] = [f]): string {
  const same = all.filter((g) => g.planned === f.planned);
  return `${(same.length ? same : [f]).map(oneFault).join(' + ')} @${f.planned}`;
}

/** One failure per planned time (the first in the trace's order): simultaneous failures share their window's fields. */
const firstFailures = (faults: TimingFault[]) => faults.filter((f, i) => FAILURES.has(f.type) && !faults.slice(0, i).some((g) => FAILURES.has(g.type) && g.planned === f.planned));

/** Every write the environment issues: its id (`w<n>` in environment() order), time and writer. */
export function issuedWrites(t: Trace): Array<{ id: string; at: number; writer: string }> {
  const issued: Array<{ at: number; k: number; writer: string }> = [];
  t.events.forEach((e, k) => {
    if (e.type === 'write') issued.push({ at: e.at, k, writer: `write@${e.at}` });
    if (e.type !== 'writes') return;
    const end = Math.min(e.until, t.until);
    for (let at = e.at; at <= end; at += e.every) issued.push({ at, k, writer: `writer ${k + 1}${e.node ? ` (${e.node})` : ''}` });
  });
  issued.sort((a, b) => a.at - b.at || a.k - b.k);
  return issued.map((w, i) => ({ id: `w${i + 1}`, at: w.at, writer: w.writer }));
}

/** Which writer (the trace's `writes` loop, numbered by its place among the events, or a single `write`) issued each write id. */
export function writerOf(t: Trace): Map<string, string> {
  return new Map(issuedWrites(t).map((w) => [w.id, w.writer]));
}

// ---------- the two sides as Observations ----------

/**
 * The model's outcome. Its timeline records a full sync once, when the replica loads the payload
 * ('full-sync', readSyncBulkPayload); a 'full-sync-start' entry, if the model records one, is the start,
 * and otherwise the start is taken as the load (the model's transfer lasts a few ms).
 */
export function fromModel(t: Trace, o: Outcome, writes: WriteRecord[]): Observation {
  const lost = new Set(o.writes.lostIds);
  const events: TimingEvent[] = [];
  const hasStart = o.timeline.some((e) => e.event === 'full-sync-start');
  for (const e of o.timeline) {
    const about = typeof e.about === 'string' ? e.about : undefined;
    switch (e.event) {
      case 'fail': case 'fail-cleared': case 'promoted': events.push({ at: e.at, node: e.node, event: e.event, about }); break;
      case 'cluster-state': events.push({ at: e.at, node: e.node, event: 'cluster-state', ok: e.detail === 'ok' }); break;
      case 'full-sync-start': events.push({ at: e.at, node: e.node, event: 'full-sync-start' }); break;
      case 'full-sync':
        if (!hasStart) events.push({ at: e.at, node: e.node, event: 'full-sync-start' });
        events.push({ at: e.at, node: e.node, event: 'full-sync-end' });
        break;
      default: break;
    }
  }
  return {
    faults: traceFaults(t),
    events,
    writes: writes.map((w) => ({ id: w.id, slot: w.slot, sentAt: w.sentAt, repliedAt: w.repliedAt, acked: w.result === 'acked', lost: lost.has(w.id) })),
  };
}

const PLAYED_AS: Record<string, TraceEvent['type']> = {
  ProcessCrashed: 'crash', ProcessRestarted: 'restart', ProcessPaused: 'pause', ProcessResumed: 'resume',
  NetworkPartitioned: 'partition', NetworkHealed: 'heal', ManualFailoverRequested: 'failover',
  SentinelFailoverRequested: 'sentinel-failover', ReplicaofRequested: 'replicaof',
};

/**
 * A real run: faults at the times they were applied, events from the logs (observe.ts: "Marking node …
 * as failing", "Clear FAIL state", "Failover election won" / "Taking over the master", "Cluster state
 * changed", "Full resync from master" = start, "MASTER <-> REPLICA sync: Finished with success" = end).
 */
export function fromReal(t: Trace, r: RealOutcome): Observation {
  const planned = traceFaults(t);
  const played = r.faults.filter((f) => PLAYED_AS[f.type]);
  const faults = planned.map((p, i) => {
    const f = played[i];
    if (!f || PLAYED_AS[f.type] !== p.type || f.planned !== p.planned) throw new Error(`timing: played fault ${i + 1} (${f ? `${f.type} at ${f.planned}` : 'none'}) does not match the trace's ${oneFault(p)} @${p.planned}`);
    return { ...p, at: f.at };
  });
  const KINDS: Record<string, TimingEventKind> = { fail: 'fail', 'fail-cleared': 'fail-cleared', promoted: 'promoted', 'full-sync': 'full-sync-start', 'full-sync-done': 'full-sync-end' };
  const events: TimingEvent[] = [];
  for (const e of r.events) {
    if (e.event === 'cluster-state') events.push({ at: e.at, node: e.node, event: 'cluster-state', ok: /changed: ok/.test(e.detail ?? '') });
    else if (KINDS[e.event]) events.push({ at: e.at, node: e.node, event: KINDS[e.event], ...(e.about ? { about: e.about } : {}) });
  }
  const lost = new Set(r.writes.lostIds);
  return {
    faults,
    events,
    writes: r.writeLog.map((w) => ({ id: w.id, slot: w.slot, sentAt: w.sentAt, repliedAt: w.repliedAt, acked: w.result === 'acked', lost: lost.has(w.id) })),
  };
}

// ---------- the fields ----------

/**
 * Every timing field of one run, keyed `<kind>: <what> after <fault>`. Times are ms from the fault on
 * that side's own clock; a field a run does not show is absent (compared as n/a).
 * `shardOf(slot)` names a slot's shard (its first master's letter), `writer` each write's writer.
 */
export function timings(obs: Observation, shardOf: (slot: number) => string, writer: Map<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  const { faults, events } = obs;
  const put = (kind: string, what: string, f: TimingFault, v: number) => { const k = `${kind}: ${what} after ${faultLabel(f, faults)}`; if (!out.has(k)) out.set(k, v); };
  // A fault's window lasts until the next fault planned later (one planned at the same time shares it);
  // FAIL and promotion, which the failure set going, until the next failure (a promotion may follow a heal).
  const windowEnd = (f: TimingFault, kinds?: Set<string>) => faults.find((g) => g.planned > f.planned && (!kinds || kinds.has(g.type)))?.at ?? Infinity;
  const within = (f: TimingFault, at: number) => at >= f.at && at < windowEnd(f);
  const shard = (n: string) => n[0];

  for (const f of faults) {
    // Measured from when the last fault planned with it was applied: the harness applies a group's
    // faults one after another (an iptables commit takes tens of ms), and the situation the trace
    // describes exists only once all of them are in place. The model applies them at one instant.
    const ref = Math.max(...faults.filter((g) => g.planned === f.planned).map((g) => g.at));
    const inWin = events.filter((e) => within(f, e.at));
    if (FAILURES.has(f.type)) {
      const inFailWin = events.filter((e) => e.at >= f.at && e.at < windowEnd(f, FAILURES));
      // Time to FAIL: the first node marking a master FAIL (crashed/paused node, or anyone cut off).
      const targets = f.type === 'crash' || f.type === 'pause' ? [f.node!] : f.type === 'partition' ? null : [];
      for (const e of inFailWin) if (e.event === 'fail' && e.about && (targets === null || targets.includes(e.about))) put('time to FAIL', e.about, f, e.at - ref);
      // Time to promotion: the first replica of the shard taking over.
      for (const e of inFailWin) {
        if (e.event !== 'promoted') continue;
        if (f.type !== 'partition' && shard(e.node) !== shard(f.node!)) continue;
        put('time to promotion', `shard ${shard(e.node)}`, f, e.at - ref);
      }
    }
    // Full sync, start and end, of every node whose first full sync falls in the fault's window.
    const started = new Set<string>();
    for (const e of inWin) {
      if (e.event !== 'full-sync-start' || started.has(e.node)) continue;
      started.add(e.node);
      put('full-sync start', e.node, f, e.at - ref);
      const end = events.find((x) => x.event === 'full-sync-end' && x.node === e.node && x.at >= e.at);
      if (end) put('full-sync end', e.node, f, end.at - ref);
    }
    if (RECOVERIES.has(f.type)) {
      // Links back: the first FAIL cleared by a node hearing from the other side again.
      const cleared = inWin.find((e) => e.event === 'fail-cleared');
      if (cleared) put('links back', 'first FAIL cleared', f, cleared.at - ref);
      // Cluster ok again: every running node in state fail at the fault (after all faults planned with it) is ok again.
      const failing = clusterFailAt(obs, ref);
      if (failing.length) {
        const oks = failing.map((n) => inWin.find((e) => e.event === 'cluster-state' && e.ok && e.node === n)?.at);
        if (oks.every((x) => x !== undefined)) put('cluster ok', 'every node in state fail at the fault', f, Math.max(...(oks as number[])) - ref);
      }
    }
  }
  outages(obs, shardOf, put);
  losses(obs, writer, put);
  return out;
}

/** Nodes running with cluster_state fail at `at` (a restart then included): ok at the start, fail from a restart, gone while crashed. */
export function clusterFailAt(obs: Observation, at: number): string[] {
  const marks = [
    ...obs.faults.filter((f) => f.at <= at && (f.type === 'crash' || f.type === 'restart')).map((f) => ({ at: f.at, node: f.node!, ok: f.type === 'crash' ? null : false })),
    ...obs.events.filter((e) => e.event === 'cluster-state' && e.at < at).map((e) => ({ at: e.at, node: e.node, ok: e.ok === true })),
  ].sort((a, b) => a.at - b.at);
  const state = new Map<string, boolean | null>();
  for (const m of marks) state.set(m.node, m.ok);
  return [...state].filter(([, ok]) => ok === false).map(([n]) => n).sort();
}

type Put = (kind: string, what: string, f: TimingFault, v: number) => void;

/**
 * Downtime per shard: from the first write of the shard not acknowledged (refused or timed out) sent
 * in the fault's window to the first acknowledged one sent after it; 0 when every write of the shard
 * in the window was acknowledged. No value when no write was acknowledged after the outage.
 */
function outages(obs: Observation, shardOf: (slot: number) => string, put: Put): void {
  const failures = firstFailures(obs.faults);
  for (const f of failures) {
    const end = obs.faults.find((g) => g.planned > f.planned)?.at ?? Infinity;
    const byShard = new Map<string, TimingWrite[]>();
    for (const w of obs.writes) {
      if (!byShard.has(shardOf(w.slot))) byShard.set(shardOf(w.slot), []);
      byShard.get(shardOf(w.slot))!.push(w);
    }
    for (const [s, ws] of [...byShard].sort()) {
      ws.sort((a, b) => a.sentAt - b.sentAt);
      const inWin = ws.filter((w) => w.sentAt >= f.at && w.sentAt < end);
      if (!inWin.length) continue;
      const first = inWin.find((w) => !w.acked);
      if (!first) { put('downtime', `shard ${s}`, f, 0); continue; }
      const back = ws.find((w) => w.acked && w.sentAt > first.sentAt);
      if (back) put('downtime', `shard ${s}`, f, back.sentAt - first.sentAt);
    }
  }
}

/**
 * Loss windows: each acknowledged write later lost is blamed on the failure whose window holds its
 * acknowledgement (a split brain's minority master, a paused master acking after it resumed), or else
 * on the first failure after it (acked, then the master crashed or was taken over before replicating).
 * "loss before" = fault − earliest such ack before it; "loss after" = latest such ack − fault; 0 when
 * none. FORCE / TAKEOVER failovers also get the count of lost writes per writer.
 */
function losses(obs: Observation, writer: Map<string, string>, put: Put): void {
  const failures = firstFailures(obs.faults);
  if (!failures.length) return;
  const windowEnd = (f: TimingFault) => obs.faults.find((g) => g.planned > f.planned)?.at ?? Infinity;
  const blamed = new Map<TimingFault, TimingWrite[]>(failures.map((f) => [f, []]));
  for (const w of obs.writes) {
    if (!w.acked || !w.lost) continue;
    const holder = [...failures].reverse().find((f) => f.at <= w.repliedAt && w.repliedAt < windowEnd(f));
    const f = holder ?? failures.find((x) => x.at >= w.repliedAt);
    if (f) blamed.get(f)!.push(w);
  }
  for (const f of failures) {
    const ws = blamed.get(f)!;
    const before = ws.filter((w) => w.repliedAt <= f.at).map((w) => f.at - w.repliedAt);
    const after = ws.filter((w) => w.repliedAt > f.at).map((w) => w.repliedAt - f.at);
    put('loss window before', 'acked then lost', f, before.length ? Math.max(...before) : 0);
    put('loss window after', 'acked then lost', f, after.length ? Math.max(...after) : 0);
    if (obs.faults.some((g) => g.planned === f.planned && g.type === 'failover' && (g.mode === 'force' || g.mode === 'takeover'))) {
      // The writers running across the failover (one write sent before it, one after).
      const span = (k: string) => obs.writes.filter((w) => writer.get(w.id) === k).map((w) => w.sentAt);
      const writers = [...new Set(writer.values())].filter((k) => { const s = span(k); return s.some((x) => x <= f.at) && s.some((x) => x >= f.at); });
      for (const k of writers.sort()) put('lost writes', k, f, ws.filter((w) => writer.get(w.id) === k).length);
    }
  }
}
