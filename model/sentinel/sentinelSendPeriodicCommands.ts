// sentinelSendPeriodicCommands (2.2): INFO, PING and hello to one instance when they are due.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelSendPeriodicCommands(_s: State, _sen: SentinelProc, _addr: string): void {
  throw new Error('sentinelSendPeriodicCommands: not modelled yet (issue 12)');
}
