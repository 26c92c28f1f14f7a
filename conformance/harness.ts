// One trace end to end: the model's outcome, the real cluster's, and the field-by-field comparison.
import { simulate, type Outcome } from '../model/index.ts';
import { hasSlot, initialSlots } from '../model/cluster/slots.ts';
import { nodeNames, type Trace } from '../model/kernel/trace.ts';
import { Cluster, partitionsSupported } from './cluster.ts';
import { compare, type FieldResult } from './compare.ts';
import { observe, WipeSampler, type RealOutcome } from './observe.ts';
import { play, unsupported } from './play.ts';
import { compareTimings, type TimingRow } from './ranges.ts';
import { classesOverSeeds } from './seeds.ts';
import { fromModel, fromReal, timings, writerOf } from './timing.ts';
import { runStandaloneTrace } from './standalone-run.ts';

export interface TraceResult {
  trace: Trace;
  source: string;
  skipped: string | null;
  error: string | null;
  model: Outcome | null;
  /** the first real run (its log events are printed) */
  real: RealOutcome | null;
  /** every real run */
  reals: RealOutcome[];
  fields: FieldResult[];
  /** timing fields: the model's range over its seeds vs the real range over the runs */
  timings: TimingRow[];
  runs: { model: number; real: number };
  seconds: number;
  /** why the comparison differs from a plain replay of the trace, if it does */
  note: string | null;
  /** the model could not run the trace (a topology or event it does not model yet): real runs only, nothing compared */
  modelError?: string | null;
}

/** The trace as the harness can play it: power losses become kill -9. */
export function asPlayed(t: Trace): Trace {
  if (!t.events.some((e) => e.type === 'crash' && e.power)) return t;
  return { ...t, events: t.events.map((e) => (e.type === 'crash' && e.power ? { ...e, power: false } : e)) };
}

/**
 * Scales a trace to cluster-node-timeout ≤ maxTimeout ms (every time multiplied alike, a writer's period
 * at least 20 ms), then shortens idle gaps (no writer running, nothing happening) to 10 × nodeTimeout,
 * so an "hour later" restart runs in seconds. The model gets the very same scaled trace.
 */
export function scaleTrace(t: Trace, maxTimeout = 2000): Trace {
  if (t.config.topology !== 'cluster') return scaleStandalone(t);
  const f = t.config.nodeTimeout > maxTimeout ? maxTimeout / t.config.nodeTimeout : 1;
  const nt = Math.min(t.config.nodeTimeout, maxTimeout);
  const r = rescale(t, f, 10 * nt, 6 * nt, 6 * nt + 10000);
  if (!r) return t;
  return {
    ...t,
    name: `${t.name} [scaled ×${f.toFixed(3)}, nodeTimeout ${nt}${r.cut ? `, idle gaps cut to ${10 * nt} ms` : ''}]`,
    config: { ...t.config, nodeTimeout: nt },
    events: r.events,
    until: r.until,
  };
}

/** The longest down-after-milliseconds a standalone trace runs with here (conformance/README.md "Sentinel"). */
export const MAX_DOWN_AFTER_MS = 2000;

/**
 * A sentinel or replication trace scaled like a Cluster one, with down-after-milliseconds in the role of
 * the node timeout (≤ MAX_DOWN_AFTER_MS): failover-timeout and master-reboot-down-after-period are
 * multiplied alike, idle gaps are cut to 10 × dam, and the trace runs at least 3 × dam (a failover)
 * and at most 3 × dam + 20 s (a returning master's demotion ~10 s, then its full sync) past its last event.
 * A replication trace has no Sentinel timing: only its idle gaps are cut (to 20 s).
 */
export function scaleStandalone(t: Trace): Trace {
  const c = t.config;
  const sentinel = c.topology === 'sentinel';
  const dam = sentinel ? Math.min(c.downAfterMilliseconds, MAX_DOWN_AFTER_MS) : 2000;
  const f = sentinel && c.downAfterMilliseconds > MAX_DOWN_AFTER_MS ? MAX_DOWN_AFTER_MS / c.downAfterMilliseconds : 1;
  const maxGap = 10 * dam;
  const r = rescale(t, f, maxGap, 3 * dam, 3 * dam + 20000);
  if (!r) return t;
  const sc = (x: number) => Math.max(1, Math.round(x * f));
  const config = sentinel ? {
    ...c, downAfterMilliseconds: dam, failoverTimeout: sc(c.failoverTimeout),
    masterRebootDownAfterPeriod: c.masterRebootDownAfterPeriod ? sc(c.masterRebootDownAfterPeriod) : 0,
  } : c;
  const how = sentinel ? `scaled ×${f.toFixed(3)}, downAfterMilliseconds ${dam}, failoverTimeout ${config.failoverTimeout}` : 'scaled ×1.000';
  return { ...t, name: `${t.name} [${how}${r.cut ? `, idle gaps cut to ${maxGap} ms` : ''}]`, config, events: r.events, until: r.until };
}

/**
 * Every time multiplied by f (a writer's period at least 20 ms), then every idle gap (no writer
 * running) longer than maxGap cut to it; the end at least `minTail` and at most `maxTail` past the
 * last event. Null when nothing changes.
 */
function rescale(t: Trace, f: number, maxGap: number, minTail: number, maxTail: number): { events: Trace['events']; until: number; cut: number } | null {
  const sc = (x: number) => Math.round(x * f);
  const events = t.events.map((e) => (e.type === 'writes' ? { ...e, at: sc(e.at), until: sc(e.until), every: Math.max(20, sc(e.every)) } : { ...e, at: sc(e.at) }));
  // Compress idle gaps.
  const busy = events.filter((e) => e.type === 'writes').map((e) => [e.at, (e as { until: number }).until] as const);
  const points = [...new Set([0, ...events.map((e) => e.at), ...busy.map((b) => b[1])])].sort((a, b) => a - b);
  const shift = new Map<number, number>();
  let cut = 0;
  for (let i = 0; i < points.length; i++) {
    if (i > 0) {
      const gap = points[i] - points[i - 1];
      const active = busy.some(([a, b]) => a < points[i] && b > points[i - 1]);
      if (gap > maxGap && !active) cut += gap - maxGap;
    }
    shift.set(points[i], points[i] - cut);
  }
  const mapT = (x: number) => { let best = 0; for (const p of points) if (p <= x) best = p; return x - (best - shift.get(best)!); };
  const out = events.map((e) => (e.type === 'writes' ? { ...e, at: mapT(e.at), until: mapT(e.until) } : { ...e, at: mapT(e.at) }));
  const until = Math.max(mapT(sc(t.until)), ...out.map((e) => e.at + minTail));
  const last = out.reduce((m, e) => Math.max(m, e.at), 0);
  if (f === 1 && cut === 0) return null;
  return { events: out, until: Math.min(until, last + maxTail), cut };
}

export interface RunOptions {
  /** real runs of the trace (each on a fresh cluster and port block) */
  repeat: number;
  /** model runs, with seeds trace.seed, trace.seed + 1, … */
  seeds: number;
  /** reasons for timing fields whose ranges do not overlap (conformance/explained.json), by field */
  explained: Record<string, string>;
  /** real runs recorded earlier (conformance/saved.ts): compared again instead of played again */
  saved?: unknown[];
}

// 64: a restart's fork lands on the 5th or the 6th replicationCron and the PSYNC anywhere in a second, so
// 8 seeds often missed one end of the model's range (docs/decisions.md, "listening"), and 32 missed a real
// run's outcome that 1 seed in 30 shows (session 17); model runs cost minutes of an hour-long run.
export const DEFAULT_SEEDS = 64;

/** The slot's shard: the letter of the master it was first given to (redis-cli's split). */
export function shardOfSlot(t: Trace): (slot: number) => string {
  const { masters } = nodeNames(t.config);
  const ranges = initialSlots(masters.length);
  return (slot) => masters[ranges.findIndex((r) => hasSlot(r, slot))] ?? '?';
}

/** Every timing field of the model's run with each seed (`sims[k]`: seed + k's run, if already made). */
export function modelTimings(played: Trace, seeds: number, sims: Array<ReturnType<typeof simulate>> = []): Array<Map<string, number>> {
  const shard = shardOfSlot(played);
  const writers = writerOf(played);
  return Array.from({ length: seeds }, (_, k) => {
    const t = { ...played, seed: played.seed + k };
    const sim = (sims[k] ??= simulate(t));
    return timings(fromModel(t, sim.outcome, sim.state.writes), shard, writers);
  });
}

export async function runTrace(t: Trace, source: string, run: number, opts: Partial<RunOptions> = {}): Promise<TraceResult> {
  if (t.config.topology !== 'cluster') return runStandaloneTrace(t, source, run, opts);
  const { repeat = 1, seeds = DEFAULT_SEEDS, explained = {} } = opts;
  const started = Date.now();
  const res: TraceResult = { trace: t, source, skipped: null, error: null, model: null, real: null, reals: [], fields: [], timings: [], runs: { model: seeds, real: repeat }, seconds: 0, note: null };
  // A power loss is played as kill -9 (the page cache survives), so the model runs what was played.
  const played = asPlayed(t);
  if (played !== t) res.note = 'power loss is played as kill -9 here (the page cache survives), so it is compared with the model\'s kill -9 run of the same trace; the power-loss loss itself is checked by the model only';
  const sim = simulate(played);
  res.model = sim.outcome;
  const why = unsupported(t, opts.saved ? { ok: true, reason: '' } : partitionsSupported());
  if (why) { res.skipped = why; return res; }
  const realTimings: Array<Map<string, number>> = [];
  const sims: Array<ReturnType<typeof simulate>> = [sim];
  try {
    for (let r = 0; r < repeat; r++) {
      const real = opts.saved ? (opts.saved[r] as RealOutcome) : await realRun(t, run);
      if (r === 0) res.real = real;
      res.reals.push(real);
      // Repeats after the first are compared too; their fields say which run they are.
      const fields = classesOverSeeds(played.seed, seeds, (k) => {
        const run = (sims[k] ??= simulate({ ...played, seed: played.seed + k }));
        return compare(t, run.outcome, real, run.state.writes);
      });
      res.fields.push(...(r === 0 ? fields : fields.map((f) => ({ ...f, field: `${f.field} [run ${r + 1}]` }))));
      realTimings.push(timings(fromReal(played, real), shardOfSlot(played), writerOf(played)));
    }
    res.timings = compareTimings(played, modelTimings(played, seeds, sims), realTimings, explained);
  } catch (e) {
    res.error = (e as Error).stack ?? String(e);
  } finally {
    res.seconds = Math.round((Date.now() - started) / 1000);
  }
  return res;
}

/** One real run on a fresh cluster (its own port block and temp dir), torn down before returning. */
async function realRun(t: Trace, run: number): Promise<RealOutcome> {
  const c = new Cluster(t, run);
  const sampler = new WipeSampler(c);
  try {
    await c.create();
    let t0Wall = 0;
    const p = await play(c, t, (t0) => { t0Wall = Date.now(); sampler.start(t0); });
    sampler.stop();
    return await observe(c, p, sampler.wipes, t0Wall);
  } finally {
    sampler.stop();
    await c.destroy();
  }
}
