// The failover desync jitter: rand() % SENTINEL_MAX_DESYNC, drawn from the seed (same trace, same draw).
import type { State } from '../kernel/state.ts';
import { pick } from '../kernel/rng.ts';
import type { SentinelProc } from './state.ts';

/** SENTINEL_MAX_DESYNC: failover_start_time carries up to this much random delay, ms. */
export const SENTINEL_MAX_DESYNC = 1000;

/** rand() % SENTINEL_MAX_DESYNC for one purpose (a failover start, a vote for another Sentinel). */
export function desync(s: State, sen: SentinelProc, purpose: string): number {
  return pick(SENTINEL_MAX_DESYNC, s.seed, purpose, sen.name, s.now, sen.currentEpoch);
}
