// sentinelFailoverStateMachine (2.8–2.11): one step of the failover in progress.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelFailoverStateMachine(_s: State, _sen: SentinelProc): void {
  throw new Error('sentinelFailoverStateMachine: not modelled yet (issue 12)');
}
