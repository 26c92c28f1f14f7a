// sentinelFailoverWaitPromotion (2.10): only the timeout; the promotion itself is seen in an INFO reply.
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { sentinelAbortFailover } from './sentinelAbortFailover.ts';
import { mstime } from './mstime.ts';
import type { SentinelProc } from './state.ts';

export function sentinelFailoverWaitPromotion(s: State, sen: SentinelProc): void {
  const m = sen.master;
  if (mstime(s, sen) - m.failoverStateChangeTime > m.failoverTimeout) {
    record(s, sen.name, 'failover-abort', { about: m.addr, epoch: m.failoverEpoch, detail: 'slave-timeout' });
    sentinelAbortFailover(s, sen);
  }
}
