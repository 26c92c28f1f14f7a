// One real run of a sentinel or replication trace on a fresh Deployment (its own port block and temp
// dir), torn down before returning, whatever happened.
import type { Trace } from '../model/trace.ts';
import { WipeSampler } from './observe.ts';
import { Deployment } from './standalone.ts';
import { observeStandalone, type StandaloneRealOutcome } from './standalone-observe.ts';
import { playStandalone } from './standalone-play.ts';

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
