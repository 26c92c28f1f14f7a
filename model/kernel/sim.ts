// The driver (design §2): merges the trace's environment events with the agenda by time. Before an
// environment event at T, every protocol event due at or before T is stepped. Deterministic.
import './heap.ts';
import type { Action } from './actions.ts';
import { initialState } from './init.ts';
import { apply } from './step.ts';
import { takeNext, withHeapAgenda } from './agenda.ts';
import type { State } from './state.ts';
import type { Trace, TraceEvent } from './trace.ts';

/** A `writes` loop while it runs: its next write's time, its period, its last time, its place in the trace. */
interface Loop { at: number; every: number; end: number; index: number; node: string | undefined; px: number | undefined }

/** Loop a runs before loop b: earlier, or as early and earlier in the trace. */
const sooner = (a: Loop, b: Loop) => a.at < b.at || (a.at === b.at && a.index < b.index);

/**
 * The trace's environment events as actions, in time order, made one at a time: a `writes` loop is
 * a cursor, not its list of writes, so memory does not grow with the length of a trace. Same order
 * as a stable sort by time of every event and every write: equal times keep their order in the
 * trace (an earlier loop's write before a later event).
 */
export class EnvironmentStream {
  /** Time of the next action; Infinity when there is none. */
  at = Infinity;
  /** The next action (meaningless once `at` is Infinity). */
  action: Action = { type: 'NetworkHealed' };
  private i = 0;
  /** Running loops, a binary min-heap by (at, index). */
  private readonly loops: Loop[] = [];
  /** Indexes of the trace's events in time order (parseTrace requires it; a Trace built by hand may not be). */
  private readonly order: number[] | null;

  constructor(private readonly t: Trace) {
    const inOrder = t.events.every((e, k) => k === 0 || t.events[k - 1].at <= e.at);
    this.order = inOrder ? null : t.events.map((_, k) => k).sort((a, b) => t.events[a].at - t.events[b].at); // stable
    this.next();
  }

  /** Moves to the following action. */
  next(): void {
    const { events } = this.t;
    for (;;) {
      const k = this.i < events.length ? (this.order === null ? this.i : this.order[this.i]) : -1;
      const e = k >= 0 ? events[k] : undefined;
      const loop = this.loops[0];
      if (loop !== undefined && (e === undefined || loop.at < e.at || (loop.at === e.at && loop.index < k))) {
        this.at = loop.at;
        this.action = loop.px === undefined ? { type: 'WriteIssued', node: loop.node } : { type: 'WriteIssued', node: loop.node, px: loop.px };
        loop.at += loop.every;
        if (loop.at > loop.end) this.popLoop();
        else this.siftDown(0);
        return;
      }
      if (e === undefined) { this.at = Infinity; return; }
      this.i++;
      const index = k;
      if (e.type !== 'writes') { this.at = e.at; this.action = toAction(e); return; }
      // Writes after the trace's end are never issued (nor made).
      const end = Math.min(e.until, this.t.until);
      if (e.at <= end) this.pushLoop({ at: e.at, every: e.every, end, index, node: e.node, px: e.px });
    }
  }

  private pushLoop(l: Loop): void {
    const q = this.loops;
    let k = q.push(l) - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!sooner(q[k], q[parent])) break;
      [q[k], q[parent]] = [q[parent], q[k]];
      k = parent;
    }
  }

  private popLoop(): void {
    const q = this.loops;
    const last = q.pop()!;
    if (q.length) { q[0] = last; this.siftDown(0); }
  }

  private siftDown(k: number): void {
    const q = this.loops;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < q.length && sooner(q[l], q[m])) m = l;
      if (r < q.length && sooner(q[r], q[m])) m = r;
      if (m === k) return;
      [q[k], q[m]] = [q[m], q[k]];
      k = m;
    }
  }
}

/** The environment as an iterable of timed actions (made lazily, see EnvironmentStream). */
export function* environment(t: Trace): Generator<{ at: number; action: Action }> {
  for (const env = new EnvironmentStream(t); env.at !== Infinity; env.next()) yield { at: env.at, action: env.action };
}

function toAction(e: Exclude<TraceEvent, { type: 'writes' }>): Action {
  switch (e.type) {
    case 'write': return e.px === undefined ? { type: 'WriteIssued', node: e.node, key: e.key, wait: e.wait } : { type: 'WriteIssued', node: e.node, key: e.key, wait: e.wait, px: e.px };
    case 'crash': return { type: 'ProcessCrashed', node: e.node, power: !!e.power };
    case 'restart': return { type: 'ProcessRestarted', node: e.node };
    case 'pause': return { type: 'ProcessPaused', node: e.node };
    case 'resume': return { type: 'ProcessResumed', node: e.node };
    case 'partition': return { type: 'NetworkPartitioned', groups: e.groups };
    case 'heal': return { type: 'NetworkHealed' };
    case 'delay': return { type: 'LinkDelayed', from: e.from, to: e.to, ms: e.ms };
    case 'fsync': return { type: 'FsyncRequested', node: e.node };
    case 'disk': return { type: 'DiskSlowed', node: e.node, fsyncMs: e.fsyncMs };
    case 'failover': return { type: 'ManualFailoverRequested', node: e.node, mode: e.mode ?? 'default' };
    case 'config': return { type: 'ConfigSet', node: e.node, set: e.set };
    case 'replicaof': return { type: 'ReplicaofRequested', node: e.node, master: e.master };
    case 'edit-config': return { type: 'ConfigFileEdited', node: e.node, set: e.set };
    case 'sentinel-failover': return { type: 'SentinelFailoverRequested', node: e.node };
    case 'sentinel-simulate-failure': return { type: 'SentinelSimulateFailureRequested', node: e.node, mode: e.mode };
    case 'clock': return { type: 'ClockJumped', node: e.node, jumpMs: e.jumpMs };
  }
}

export interface RunOptions {
  /** Called after every step with the action and the (mutable, working) state; its agenda is in heap order. */
  observe?: (s: State, a: Action, at: number) => void;
}

/**
 * The merge loop: at each turn the earliest of the next environment event and the
 * agenda's head (the agenda first on a tie), handed to `next`, which removes it from the agenda if
 * it came from there, steps it, and returns the state to continue from.
 */
export function drive(t: Trace, next: (s: State, action: Action, at: number, fromAgenda: boolean) => State, start: State = initialState(t)): State {
  let s = start;
  const env = new EnvironmentStream(t);
  for (;;) {
    const nextEnv = env.at;
    const nextProto = s.agenda.length ? s.agenda[0].at : Infinity;
    const at = Math.min(nextEnv, nextProto);
    if (at > t.until || at === Infinity) break;
    if (nextProto <= nextEnv) s = next(s, s.agenda[0].action, at, true);
    else {
      const action = env.action;
      env.next();
      s = next(s, action, at, false);
    }
  }
  return s;
}

/**
 * Run a trace to its end on a working copy, stepping every action through `apply`. The working
 * copy's agenda is a binary heap while it runs (lib/agenda.ts: same order of events); the state
 * returned has it sorted again, as the reducer keeps it.
 */
export function run(t: Trace, opts: RunOptions = {}): State {
  const s = initialState(t);
  const observe = opts.observe;
  withHeapAgenda(s.agenda, () => drive(t, (w, action, at, fromAgenda) => {
    if (fromAgenda) takeNext(w);
    w.now = at;
    apply(w, action);
    if (observe !== undefined) observe(w, action, at);
    return w;
  }, s));
  s.now = t.until;
  return s;
}
