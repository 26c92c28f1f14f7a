// The bounded exhaustive search (issue 14.3) over the nodes of node.ts. A node's children: advance
// to the next stop with no event, or inject one enabled menu event at the current decision time.
// Breadth-first by number of events (level d = states reached with d events), each level swept in
// time order, so the first violation found has the fewest events, and among those the earliest end.
import type { State } from '../model/kernel/state.ts';
import { historyKey, modelKey } from './canonical.ts';
import { check, historyOf, type Finding } from './check.ts';
import { enabled } from './enabled.ts';
import { context, materialise, type Context, type PathEvent, type Pending, type SearchNode } from './node.ts';
import type { Scope } from './scope.ts';

export type { Finding } from './check.ts';
export { traceInputOf, type PathEvent } from './node.ts';

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
