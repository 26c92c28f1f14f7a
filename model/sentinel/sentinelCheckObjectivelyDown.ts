// sentinelCheckObjectivelyDown (2.5): ODOWN when SDOWN and enough peers answered "down".
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelCheckObjectivelyDown(_s: State, _sen: SentinelProc): void {
  throw new Error('sentinelCheckObjectivelyDown: not modelled yet (issue 12)');
}
