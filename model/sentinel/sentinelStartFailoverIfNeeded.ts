// sentinelStartFailoverIfNeeded / sentinelStartFailover (2.7): a new epoch and WAIT_START, unless within 2·failover-timeout of the last try.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelStartFailoverIfNeeded(_s: State, _sen: SentinelProc): boolean {
  throw new Error('sentinelStartFailoverIfNeeded: not modelled yet (issue 12)');
}
