// sentinelFailoverSwitchToPromotedSlave (2.12): +switch-master at the end of the tick that reached
// UPDATE_CONFIG — the record is reset to the promoted address, with the old master as a replica.
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { sentinelResetMasterAndChangeAddress } from './sentinelResetMasterAndChangeAddress.ts';
import type { SentinelProc } from './state.ts';

export function sentinelFailoverSwitchToPromotedSlave(s: State, sen: SentinelProc): void {
  const m = sen.master;
  const to = m.promotedSlave ?? m.addr;
  record(s, sen.name, 'switch-master', { about: to, from: m.addr, epoch: m.configEpoch });
  sentinelResetMasterAndChangeAddress(s, sen, to);
}
