// The search's nodes and the driver loop that takes one from stop to stop. A node is the simulated
// state at a stop (a decision time, or the horizon) after a path of fault events: exactly the state
// `npm run simulate` reaches on the trace "background + path, until = that time".
import { takeNext, withHeapAgenda } from '../model/kernel/agenda.ts';
import { initialState } from '../model/kernel/init.ts';
import { environment } from '../model/kernel/sim.ts';
import type { Action } from '../model/kernel/actions.ts';
import type { State } from '../model/kernel/state.ts';
import { apply } from '../model/kernel/step.ts';
import type { TraceEvent, TraceInput } from '../model/kernel/trace.ts';
import type { Watch } from '../properties/property.ts';
import { cloneState } from './canonical.ts';
import type { MenuItem, Scope } from './scope.ts';

export interface PathEvent { at: number; item: MenuItem }

export interface SearchNode {
  state: State;
  /** Index of the node's time in `stops`. */
  ti: number;
  /** Fault events on the path. */
  depth: number;
  path: PathEvent[];
  /** Background actions already stepped. */
  bg: number;
  /** What runTrace observes per step: each applied write's offset, each watch's scratch. */
  offsets: Map<string, number>;
  scratch: Record<string, Record<string, unknown>>;
  error: string | null;
  /** Children not yet computed: the last one takes this node's state instead of a copy. */
  pending: number;
}

/** A child not yet computed (the parent's state is copied only when its turn comes); no parent: the root. */
export interface Pending { parent: SearchNode | null; inject: MenuItem | null }

export interface Context {
  scope: Scope;
  stops: number[];
  injectable: boolean[];
  background: Array<{ at: number; action: Action }>;
  watches: Array<[string, Watch]>;
}

export function context(scope: Scope): Context {
  const stops = [...new Set([...scope.times, scope.base.until])].sort((a, b) => a - b);
  const times = new Set(scope.times);
  const watches = [...scope.properties, ...(scope.hazard ? [scope.hazard] : [])].filter((p) => p.watch).map((p) => [p.name, p.watch!] as [string, Watch]);
  return { scope, stops, injectable: stops.map((t) => times.has(t)), background: [...environment(scope.base)], watches };
}

/** The model's action for a menu event at time `at` (through the driver's own mapping). */
function actionOf(ctx: Context, e: PathEvent): Action {
  return environment({ ...ctx.scope.base, events: [{ ...e.item.event, at: e.at } as TraceEvent], until: e.at }).next().value!.action;
}

/** runTrace's per-step observer, on a search node. */
function observe(ctx: Context, n: SearchNode, s: State, a: Action, at: number): void {
  for (const [name, watch] of ctx.watches) watch(s, a, at, n.scratch[name]);
  if (a.type === 'ClientRequestDelivered') {
    const w = s.writes[Number(a.wid.slice(1)) - 1];
    if (w.appliedBy !== null && !n.offsets.has(w.id)) n.offsets.set(w.id, s.nodes[w.appliedBy].masterReplOffset);
  }
}

/** The driver's merge loop (model/kernel/sim.ts drive) from the node's state up to and including `until`. */
function settle(ctx: Context, n: SearchNode, until: number): void {
  const w = n.state;
  const bg = ctx.background;
  withHeapAgenda(w.agenda, () => {
    for (;;) {
      const nextEnv = n.bg < bg.length ? bg[n.bg].at : Infinity;
      const nextProto = w.agenda.length ? w.agenda[0].at : Infinity;
      const at = Math.min(nextEnv, nextProto);
      if (at > until) break;
      let action: Action;
      if (nextProto <= nextEnv) { action = w.agenda[0].action; takeNext(w); } else action = bg[n.bg++].action;
      w.now = at;
      apply(w, action);
      observe(ctx, n, w, action, at);
    }
  });
  w.now = until;
}

/** A fault event at the node's time: stepped after the background at that time, then its consequences due at once. */
function inject(ctx: Context, n: SearchNode, e: PathEvent): void {
  const action = actionOf(ctx, e);
  const w = n.state;
  withHeapAgenda(w.agenda, () => {
    w.now = e.at;
    apply(w, action);
    observe(ctx, n, w, action, e.at);
  });
  settle(ctx, n, e.at);
}

function describeError(e: unknown): string {
  const err = e as Error;
  const where = (err.stack ?? '').split('\n').slice(1, 3).map((l) => l.trim()).join(' ← ');
  return `${err.message} (${where})`;
}

export function materialise(ctx: Context, p: Pending, ti: number): SearchNode {
  const par = p.parent;
  if (par === null) return root(ctx);
  const at = ctx.stops[ti];
  const step = p.inject ? { at, item: p.inject } : null;
  const last = --par.pending === 0;
  const n: SearchNode = {
    state: last ? par.state : cloneState(par.state), ti, depth: par.depth + (step ? 1 : 0), path: step ? [...par.path, step] : par.path, bg: par.bg,
    offsets: last ? par.offsets : new Map(par.offsets), scratch: last || !ctx.watches.length ? par.scratch : structuredClone(par.scratch), error: null, pending: 0,
  };
  try {
    if (step) inject(ctx, n, step);
    else settle(ctx, n, at);
  } catch (e) {
    n.error = describeError(e);
  }
  return n;
}

export function root(ctx: Context): SearchNode {
  const n: SearchNode = {
    state: initialState(ctx.scope.base), ti: 0, depth: 0, path: [], bg: 0, offsets: new Map(),
    scratch: Object.fromEntries(ctx.watches.map(([name]) => [name, {}])), error: null, pending: 0,
  };
  try { settle(ctx, n, ctx.stops[0]); } catch (e) { n.error = describeError(e); }
  return n;
}

/** Background then path events, in time order (background first at equal times, as the driver runs them). */
export function eventsOf(scope: Scope, path: PathEvent[]): TraceEvent[] {
  const faults = path.map((p) => ({ at: p.at, ...p.item.event }) as TraceEvent);
  return [...scope.base.events, ...faults].map((e, i) => ({ e, i })).sort((a, b) => a.e.at - b.e.at || a.i - b.i).map((x) => x.e);
}

/** The concrete trace of a path ending at `until`: runnable with `npm run simulate`. */
export function traceInputOf(scope: Scope, path: PathEvent[], until: number, name: string, description: string): TraceInput {
  return { name, description, config: scope.configInput, seed: scope.base.seed, events: eventsOf(scope, path), until };
}
