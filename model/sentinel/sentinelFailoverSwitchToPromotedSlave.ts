// sentinelFailoverSwitchToPromotedSlave (2.12): +switch-master at the end of the tick that reached UPDATE_CONFIG.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelFailoverSwitchToPromotedSlave(_s: State, _sen: SentinelProc): void {
  throw new Error('sentinelFailoverSwitchToPromotedSlave: not modelled yet (issue 12)');
}
