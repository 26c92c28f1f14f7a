// No reply within the client's timeout: the write's fate is unknown (it may or may not have been applied).
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';

export function clientTimedOut(s: State, a: ActionOf<'ClientTimedOut'>): void {
  const w = s.writes[Number(a.wid.slice(1)) - 1];
  if (w.result === 'pending') { w.result = 'unknown'; w.repliedAt = s.now; }
}
