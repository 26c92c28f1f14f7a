// The wall clock of a node's machine jumps (settimeofday, an NTP step). A Sentinel reads it for every
// time it keeps (mstime), so its next tick may see a negative or > 2 s gap and enter TILT (2.18).
// Data nodes' timers run on the monotonic clock in this model: the jump is only recorded for them.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { record } from '../timeline.ts';

export function clockJumped(s: State, a: ActionOf<'ClockJumped'>): void {
  const sen = s.sentinels[a.node];
  if (sen !== undefined) sen.clockOffset += a.jumpMs;
  record(s, a.node, 'clock', { detail: `${a.jumpMs > 0 ? '+' : ''}${a.jumpMs} ms` });
}
