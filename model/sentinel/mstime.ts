// mstime() in a Sentinel: its own wall clock (gettimeofday), simulated time plus the offset a `clock`
// event moved it by. Every Sentinel time field is on this clock, which is why a jump causes TILT (2.18).
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function mstime(s: State, sen: SentinelProc): number {
  return s.now + sen.clockOffset;
}
