// TILT (sentinelCheckTiltCondition, sentinel.md 2.18): a tick more than 2 s after the last one, or before it, stops the Sentinel acting for 30 s.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelCheckTiltCondition(_s: State, _sen: SentinelProc): void {
  throw new Error('sentinelCheckTiltCondition: not modelled yet (issue 12)');
}

/** sentinelHandleRedisInstance: TILT ends at the first instance handled 30 s after it began (-tilt); true once it has. */
export function sentinelTiltExpired(_s: State, _sen: SentinelProc): boolean {
  throw new Error('sentinelTiltExpired: not modelled yet (issue 12)');
}
