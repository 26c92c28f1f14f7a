// sentinelAbortFailover (2.13): back to no failover; failover_start_time stays, so the retry waits 2·failover-timeout.
import type { State } from '../kernel/state.ts';
import { mstime } from './mstime.ts';
import type { SentinelProc } from './state.ts';

const ABORTABLE = new Set(['wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion']);

export function sentinelAbortFailover(s: State, sen: SentinelProc): void {
  const m = sen.master;
  // serverAssert: only a failover in progress, and only before the promoted replica acknowledged.
  if (!m.failoverInProgress || !ABORTABLE.has(m.failoverState)) {
    throw new Error(`sentinelAbortFailover: ${sen.name} cannot abort in state ${m.failoverState}`);
  }
  m.failoverInProgress = false;
  m.forceFailover = false;
  m.failoverState = 'none';
  m.failoverStateChangeTime = mstime(s, sen);
  if (m.promotedSlave !== null) {
    const r = m.slaves[m.promotedSlave];
    if (r) r.promoted = false;
    m.promotedSlave = null;
  }
}
