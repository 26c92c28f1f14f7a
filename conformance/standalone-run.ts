// One sentinel or replication trace end to end: the model's outcome (when the model runs it), R real
// runs each on a fresh Deployment torn down before the next, the class comparison and timing ranges.
// A model that throws (a topology or event not modelled yet) leaves the real runs standing alone:
// the result says "model not available" and nothing is compared.
import { simulate } from '../model/index.ts';
import type { WriteRecord } from '../model/kernel/state.ts';
import type { Trace } from '../model/kernel/trace.ts';
import { asPlayed, DEFAULT_SEEDS, type RunOptions, type TraceResult } from './harness.ts';
import { partitionsSupported } from './netfilter.ts';
import { WipeSampler } from './observe.ts';
import { compareTimings } from './ranges.ts';
import { classesOverSeeds } from './seeds.ts';
import { Deployment } from './standalone.ts';
import { compareStandalone, type StandaloneModelOutcome } from './standalone-compare.ts';
import { observeStandalone, type StandaloneRealOutcome } from './standalone-observe.ts';
import { playStandalone, unsupportedStandalone } from './standalone-play.ts';
import { standaloneModelTimings, standaloneRealTimings } from './standalone-timing.ts';

export async function realStandaloneRun(t: Trace, slot: number): Promise<StandaloneRealOutcome> {
  const d = new Deployment(t, slot);
  const sampler = new WipeSampler(d);
  try {
    await d.create();
    let t0Wall = 0;
    const p = await playStandalone(d, t, (t0) => { t0Wall = Date.now(); sampler.start(t0); });
    sampler.stop();
    return await observeStandalone(d, p, sampler.wipes, t0Wall);
  } finally {
    sampler.stop();
    await d.destroy();
  }
}

/** The model's run of `t`, or the reason it cannot run it (its first line). */
export function simulateStandalone(t: Trace): { outcome: StandaloneModelOutcome; writes: WriteRecord[] } | { error: string } {
  try {
    const sim = simulate(t);
    const outcome = sim.outcome as StandaloneModelOutcome;
    // A model that runs the data nodes but no Sentinel process cannot be compared with Sentinel's behaviour.
    if (t.config.topology === 'sentinel' && !outcome.sentinels) return { error: 'the model ran the data nodes only: its outcome has no `sentinels` part (Sentinel not modelled yet)' };
    return { outcome, writes: sim.state.writes };
  } catch (e) {
    return { error: String((e as Error)?.message ?? e).split('\n')[0] };
  }
}

export async function runStandaloneTrace(t: Trace, source: string, slot: number, opts: Partial<RunOptions> = {}): Promise<TraceResult> {
  const { repeat = 1, seeds = DEFAULT_SEEDS, explained = {} } = opts;
  const started = Date.now();
  const res: TraceResult = { trace: t, source, skipped: null, error: null, model: null, real: null, reals: [], fields: [], timings: [], runs: { model: seeds, real: repeat }, seconds: 0, note: null, modelError: null };
  const why = unsupportedStandalone(t, opts.saved ? { ok: true, reason: '' } : partitionsSupported());
  if (why) { res.skipped = why; return res; }
  // A power loss is played as kill -9 (the page cache survives), so the model runs what was played.
  const played = asPlayed(t);
  if (played !== t) res.note = 'power loss is played as kill -9 here (the page cache survives), so it is compared with the model\'s kill -9 run of the same trace';
  const sim = simulateStandalone(played);
  if ('error' in sim) res.modelError = sim.error;
  else res.model = sim.outcome;
  const realTimings: Array<Map<string, number>> = [];
  const sims: Array<ReturnType<typeof simulateStandalone>> = [];
  try {
    for (let r = 0; r < repeat; r++) {
      const real = opts.saved ? (opts.saved[r] as StandaloneRealOutcome) : await realStandaloneRun(t, slot);
      if (r === 0) res.real = real;
      res.reals.push(real);
      if ('error' in sim) continue;
      const fields = classesOverSeeds(played.seed, seeds, (k) => {
        const run = k === 0 ? sim : (sims[k] ??= simulateStandalone({ ...played, seed: played.seed + k }));
        return 'error' in run ? [{ field: 'model', agree: false, model: run.error, real: '', why: `model run with seed ${played.seed + k} failed` }] : compareStandalone(played, run.outcome, real, run.writes);
      });
      res.fields.push(...(r === 0 ? fields : fields.map((f) => ({ ...f, field: `${f.field} [run ${r + 1}]` }))));
      realTimings.push(standaloneRealTimings(played, real));
    }
    if (!('error' in sim)) {
      const model = Array.from({ length: seeds }, (_, k) => {
        const run = k === 0 ? sim : (sims[k] ??= simulateStandalone({ ...played, seed: played.seed + k }));
        if ('error' in run) throw new Error(`model run with seed ${played.seed + k}: ${run.error}`);
        return standaloneModelTimings({ ...played, seed: played.seed + k }, run.outcome, run.writes);
      });
      res.timings = compareTimings(played, model, realTimings, explained);
    }
  } catch (e) {
    res.error = (e as Error).stack ?? String(e);
  } finally {
    res.seconds = Math.round((Date.now() - started) / 1000);
  }
  return res;
}
