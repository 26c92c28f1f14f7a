// The bounded exhaustive search (issue 14.3). A search node is the simulated state at a stop (a
// decision time, or the horizon) after a path of fault events: exactly the state `npm run simulate`
// reaches on the trace "background + path, until = that time". Its children: advance to the next
// stop with no event, or inject one enabled menu event at the current decision time. Breadth-first
// by number of events (level d = states reached with d events), each level swept in time order, so
// the first violation found has the fewest events, and among those the earliest end.
import { takeNext, withHeapAgenda } from '../model/lib/agenda.ts';
import { initialState } from '../model/init.ts';
import { outcome as outcomeOf } from '../model/outcome.ts';
import { environment } from '../model/sim.ts';
import type { Action } from '../model/actions.ts';
import type { State } from '../model/state.ts';
import { apply } from '../model/step.ts';
import type { Trace, TraceEvent, TraceInput } from '../model/trace.ts';
import type { Property, RunResult, Watch } from '../properties/property.ts';
import { cloneState, historyKey, modelKey } from './canonical.ts';
import { enabled } from './enabled.ts';
import type { MenuItem, Scope } from './scope.ts';

export interface PathEvent { at: number; item: MenuItem }

interface SearchNode {
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
interface Pending { parent: SearchNode | null; inject: MenuItem | null }

export interface Finding {
  kind: 'violated' | 'found';
  property: Property;
  /** The search's own verdict on the node (step numbers there are not counted; see confirm). */
  message: string;
  events: number;
  at: number;
  path: PathEvent[];
}

export interface LevelFigures { explored: number; distinct: number }

export interface ExploreResult {
  explored: number;
  distinct: number;
  /** Distinct states counting the model state alone (what differs in history only counts once). */
  distinctModel: number;
  /** Most fault events on any explored path. */
  depth: number;
  levels: LevelFigures[];
  ms: number;
  /** Every path of the scope was explored (or a finding ended the search first: see finding). */
  exhausted: boolean;
  finding: Finding | null;
}

export interface ExploreOptions {
  /** Stop (not exhausted) after this many states. */
  maxStates?: number;
  /** Called after each level with its figures. */
  onLevel?: (depth: number, f: LevelFigures) => void;
  /** Called with every distinct state and the path that reached it (tests compare it with a replay). */
  onState?: (s: State, path: PathEvent[]) => void;
}

interface Context {
  scope: Scope;
  stops: number[];
  injectable: boolean[];
  background: Array<{ at: number; action: Action }>;
  watches: Array<[string, Watch]>;
}

function context(scope: Scope): Context {
  const stops = [...new Set([...scope.times, scope.base.until])].sort((a, b) => a - b);
  const times = new Set(scope.times);
  const watches = [...scope.properties, ...(scope.hazard ? [scope.hazard] : [])].filter((p) => p.watch).map((p) => [p.name, p.watch!] as [string, Watch]);
  return { scope, stops, injectable: stops.map((t) => times.has(t)), background: environment(scope.base), watches };
}

/** The model's action for a menu event at time `at` (through the driver's own mapping). */
function actionOf(ctx: Context, e: PathEvent): Action {
  return environment({ ...ctx.scope.base, events: [{ ...e.item.event, at: e.at } as TraceEvent], until: e.at })[0].action;
}

/** runTrace's per-step observer, on a search node. */
function observe(ctx: Context, n: SearchNode, s: State, a: Action, at: number): void {
  for (const [name, watch] of ctx.watches) watch(s, a, at, n.scratch[name]);
  if (a.type === 'ClientRequestDelivered') {
    const w = s.writes[Number(a.wid.slice(1)) - 1];
    if (w.appliedBy !== null && !n.offsets.has(w.id)) n.offsets.set(w.id, s.nodes[w.appliedBy].masterReplOffset);
  }
}

/** The driver's merge loop (model/sim.ts drive) from the node's state up to and including `until`. */
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

function materialise(ctx: Context, p: Pending, ti: number): SearchNode {
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

function root(ctx: Context): SearchNode {
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

/**
 * The history a node's checks see, in a canonical order: the path's events of one millisecond by
 * menu index, the timeline's entries of one millisecond by node (each node's own entries keep their
 * order). Two paths that differ only in the order of simultaneous events on different nodes then
 * show their checks the same history, which is what lets dedup merge them.
 */
interface History { path: PathEvent[]; timeline: State['timeline'] }

function historyOf(n: SearchNode): History {
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

function check(ctx: Context, n: SearchNode, h: History): Finding | null {
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

/** Queue the node's children: its advance in this level's next bucket, its injections in the next level. */
function children(ctx: Context, n: SearchNode, level: Pending[][], next: Pending[][]): void {
  if (n.error !== null) return;
  if (n.ti + 1 < ctx.stops.length) { level[n.ti + 1].push({ parent: n, inject: null }); n.pending++; }
  if (n.depth < ctx.scope.maxEvents && ctx.injectable[n.ti]) {
    for (const item of ctx.scope.menu) if (enabled(n.state, item.event)) { next[n.ti].push({ parent: n, inject: item }); n.pending++; }
  }
}

export function explore(scope: Scope, opts: ExploreOptions = {}): ExploreResult {
  const started = performance.now();
  const ctx = context(scope);
  const max = opts.maxStates ?? Infinity;
  const seen = new Set<string>();
  const seenModel = new Set<string>();
  const levels: LevelFigures[] = [];
  const result = (exhausted: boolean, finding: Finding | null): ExploreResult => ({
    explored: levels.reduce((a, l) => a + l.explored, 0), distinct: seen.size, distinctModel: seenModel.size,
    depth: levels.length - 1, levels, ms: performance.now() - started, exhausted, finding,
  });
  const buckets = (): Pending[][] => ctx.stops.map(() => []);
  let level = buckets();
  level[0].push({ parent: null, inject: null });
  for (let d = 0; d <= scope.maxEvents; d++) {
    const next = buckets();
    const fig: LevelFigures = { explored: 0, distinct: 0 };
    levels.push(fig);
    for (let ti = 0; ti < ctx.stops.length; ti++) {
      const todo = level[ti];
      level[ti] = [];
      for (const p of todo) {
        const n = materialise(ctx, p, ti);
        fig.explored++;
        const mk = modelKey(n.state);
        const h = historyOf(n);
        const key = `${mk}${historyKey(h.timeline, [[...n.offsets], n.scratch, h.path.map((p) => [p.at, p.item.index]), n.error])}`;
        if (seen.has(key)) continue;
        seen.add(key);
        seenModel.add(mk);
        fig.distinct++;
        opts.onState?.(n.state, n.path);
        const f = check(ctx, n, h);
        if (f) { opts.onLevel?.(d, fig); return result(false, f); }
        children(ctx, n, level, next);
        if (seen.size >= max) { opts.onLevel?.(d, fig); return result(false, null); }
      }
    }
    opts.onLevel?.(d, fig);
    level = next;
    if (level.every((b) => b.length === 0)) break;
  }
  return result(true, null);
}
