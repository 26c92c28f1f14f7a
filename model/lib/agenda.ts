// The agenda: protocol events waiting for their time, kept sorted by (at, seq) so that equal times
// run in the order they were scheduled. Deterministic by construction.
import type { Action } from '../actions.ts';
import type { State } from '../state.ts';

export function schedule(s: State, at: number, action: Action): void {
  const item = { at, seq: s.seq++, action };
  const q = s.agenda;
  // Binary search for the first item later than `at` (ties go after existing ones).
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid].at <= at) lo = mid + 1;
    else hi = mid;
  }
  q.splice(lo, 0, item);
}

export function nextDue(s: State): number {
  return s.agenda.length ? s.agenda[0].at : Infinity;
}
