// sentinelFailoverStateMachine (2.8–2.11): one step of the failover in progress, by its state.
import type { State } from '../kernel/state.ts';
import { sentinelFailoverReconfNextSlave } from './sentinelFailoverReconfNextSlave.ts';
import { sentinelFailoverSelectSlave } from './sentinelSelectSlave.ts';
import { sentinelFailoverSendSlaveOfNoOne } from './sentinelFailoverSendSlaveOfNoOne.ts';
import { sentinelFailoverWaitPromotion } from './sentinelFailoverWaitPromotion.ts';
import { sentinelFailoverWaitStart } from './sentinelFailoverWaitStart.ts';
import type { SentinelProc } from './state.ts';

export function sentinelFailoverStateMachine(s: State, sen: SentinelProc): void {
  const m = sen.master;
  if (!m.failoverInProgress) return;
  switch (m.failoverState) {
    case 'wait_start': sentinelFailoverWaitStart(s, sen); break;
    case 'select_slave': sentinelFailoverSelectSlave(s, sen); break;
    case 'send_slaveof_noone': sentinelFailoverSendSlaveOfNoOne(s, sen); break;
    case 'wait_promotion': sentinelFailoverWaitPromotion(s, sen); break;
    case 'reconf_slaves': sentinelFailoverReconfNextSlave(s, sen); break;
    // none and update_config: nothing here (the switch runs at the end of the tick).
    case 'none': case 'update_config': break;
  }
}
