// The acting half of sentinelRefreshInstanceInfo (sentinel.md 2.10, 2.11, 2.15): what an INFO reply
// makes a Sentinel do — see a promotion, follow a replica's reconfiguration, demote a returning old
// master, fix a replica following the wrong master. Called after the observing half has updated the record.
import type { NodeName, State } from '../kernel/state.ts';
import type { InfoReply } from './messages.ts';
import type { SentinelProc } from './state.ts';

export function sentinelRefreshInstanceInfoActing(_s: State, _sen: SentinelProc, _addr: NodeName, _info: InfoReply): void {
  throw new Error('sentinelRefreshInstanceInfoActing: not modelled yet (issue 12)');
}
