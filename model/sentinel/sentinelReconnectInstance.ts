// sentinelReconnectInstance (2.2): reopen a link's missing connections, at most once a second; a PING at once on reconnect.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelReconnectInstance(_s: State, _sen: SentinelProc, _addr: string): void {
  throw new Error('sentinelReconnectInstance: not modelled yet (issue 12)');
}
