// sentinelCheckSubjectivelyDown (2.3, 2.4): SDOWN of one instance, and closing links that look dead.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelCheckSubjectivelyDown(_s: State, _sen: SentinelProc, _addr: string): void {
  throw new Error('sentinelCheckSubjectivelyDown: not modelled yet (issue 12)');
}
