// sentinelFailoverSendSlaveOfNoOne (2.10): SLAVEOF NO ONE to the chosen replica once its link is up; abort after failover-timeout.
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { sentinelAbortFailover } from './sentinelAbortFailover.ts';
import { mstime } from './mstime.ts';
import { sentinelSendSlaveOf } from './sentinelSendSlaveOf.ts';
import type { SentinelProc } from './state.ts';

export function sentinelFailoverSendSlaveOfNoOne(s: State, sen: SentinelProc): void {
  const m = sen.master;
  const r = m.slaves[m.promotedSlave as string];
  if (r.link.disconnected) {
    if (mstime(s, sen) - m.failoverStateChangeTime > m.failoverTimeout) {
      record(s, sen.name, 'failover-abort', { about: m.addr, epoch: m.failoverEpoch, detail: 'slave-timeout' });
      sentinelAbortFailover(s, sen);
    }
    return;
  }
  if (!sentinelSendSlaveOf(s, sen, r.addr, null)) return;
  m.failoverState = 'wait_promotion';
  m.failoverStateChangeTime = mstime(s, sen);
}
