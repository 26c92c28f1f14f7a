// server.unixtime, the whole seconds that replicationCron and flushAppendOnlyFile count in: the wall
// clock's second boundaries fall at a phase of their own, unrelated to when the processes started.
import { hash, uint32Mod } from './rng.ts';

const phase = { seed: NaN, ms: 0 };

/** The run's wall-clock phase within a second (ms), stable per seed. */
export function clockPhase(seed: number): number {
  if (seed !== phase.seed) { phase.seed = seed; phase.ms = uint32Mod(hash(seed, 'unixtime-phase'), 1000); }
  return phase.ms;
}

/** server.unixtime at model time `ms` (whole seconds on the run's wall clock). */
export function unixtime(seed: number, ms: number): number {
  return Math.floor((ms + clockPhase(seed)) / 1000);
}
