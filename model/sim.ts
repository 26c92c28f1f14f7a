// The driver (design §2): merges the trace's environment events with the agenda by time. Before an
// environment event at T, every protocol event due at or before T is stepped. Deterministic.
import type { Action } from './actions.ts';
import { initialState } from './init.ts';
import { apply } from './step.ts';
import { takeNext, withHeapAgenda } from './lib/agenda.ts';
import type { State } from './state.ts';
import type { Trace, TraceEvent } from './trace.ts';

/** Environment events as actions at their times; a `writes` loop becomes one write per period. */
export function environment(t: Trace): Array<{ at: number; action: Action }> {
  const out: Array<{ at: number; action: Action }> = [];
  for (const e of t.events) {
    if (e.type === 'writes') {
      for (let at = e.at; at <= e.until && at <= t.until; at += e.every) out.push({ at, action: { type: 'WriteIssued', node: e.node } });
    } else out.push({ at: e.at, action: toAction(e) });
  }
  // Array.prototype.sort is stable: equal times keep their order in the trace.
  return out.sort((a, b) => a.at - b.at);
}

function toAction(e: Exclude<TraceEvent, { type: 'writes' }>): Action {
  switch (e.type) {
    case 'write': return { type: 'WriteIssued', node: e.node, key: e.key, wait: e.wait };
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
  const env = environment(t);
  let i = 0;
  for (;;) {
    const nextEnv = i < env.length ? env[i].at : Infinity;
    const nextProto = s.agenda.length ? s.agenda[0].at : Infinity;
    const at = Math.min(nextEnv, nextProto);
    if (at > t.until || at === Infinity) break;
    s = nextProto <= nextEnv ? next(s, s.agenda[0].action, at, true) : next(s, env[i++].action, at, false);
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
