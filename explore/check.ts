// What a node's checks see, and the checks: each property's own check on the run up to the node,
// over its history in a canonical order (so that dedup may merge what the checks cannot tell apart).
import { outcome as outcomeOf } from '../model/kernel/outcome.ts';
import type { State } from '../model/kernel/state.ts';
import type { Trace } from '../model/kernel/trace.ts';
import type { Property, RunResult } from '../properties/property.ts';
import { eventsOf, traceInputOf, type Context, type PathEvent, type SearchNode } from './node.ts';

export interface Finding {
  kind: 'violated' | 'found';
  property: Property;
  /** The search's own verdict on the node (step numbers there are not counted; see confirm). */
  message: string;
  events: number;
  at: number;
  path: PathEvent[];
}

/**
 * The history a node's checks see, in a canonical order: the path's events of one millisecond by
 * menu index, the timeline's entries of one millisecond by node (each node's own entries keep their
 * order). Two paths that differ only in the order of simultaneous events on different nodes then
 * show their checks the same history, which is what lets dedup merge them.
 */
export interface History { path: PathEvent[]; timeline: State['timeline'] }

export function historyOf(n: SearchNode): History {
  const path = n.path.length > 1 ? [...n.path].sort((a, b) => a.at - b.at || a.item.index - b.item.index) : n.path;
  const tl = n.state.timeline;
  let ordered = true;
  for (let i = 1; i < tl.length && ordered; i++) ordered = tl[i - 1].at < tl[i].at || tl[i - 1].node <= tl[i].node;
  if (ordered) return { path, timeline: tl };
  // Array.prototype.sort is stable.
  return { path, timeline: [...tl].sort((a, b) => a.at - b.at || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)) };
}

/** The RunResult a property check reads, for a search node (outcome and input computed on demand). */
function runResultOf(ctx: Context, n: SearchNode, h: History): RunResult {
  const trace: Trace = { ...ctx.scope.base, events: eventsOf(ctx.scope, h.path), until: n.state.now };
  const state: State = { ...n.state, timeline: h.timeline };
  let outcome: RunResult['outcome'] | null = null;
  const r = { trace, state, error: n.error, stepTimes: [], writeOffset: n.offsets, scratch: {} } as unknown as RunResult;
  Object.defineProperty(r, 'outcome', { get: () => (outcome ??= outcomeOf(trace, state)) });
  Object.defineProperty(r, 'input', { get: () => traceInputOf(ctx.scope, h.path, trace.until, trace.name, '') });
  return r;
}

export function check(ctx: Context, n: SearchNode, h: History): Finding | null {
  const r = runResultOf(ctx, n, h);
  const found = (kind: Finding['kind'], property: Property, message: string): Finding => ({ kind, property, message, events: n.depth, at: n.state.now, path: n.path });
  for (const p of ctx.scope.properties) {
    r.scratch = n.scratch[p.name] ?? {};
    const m = p.check(r);
    if (m !== null) return found('violated', p, m);
  }
  const hazard = ctx.scope.hazard;
  if (hazard) {
    r.scratch = n.scratch[hazard.name] ?? {};
    const m = hazard.check(r);
    if (m !== null) return found('found', hazard, m);
  }
  return null;
}
