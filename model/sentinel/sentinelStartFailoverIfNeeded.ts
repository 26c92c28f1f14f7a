// sentinelStartFailoverIfNeeded / sentinelStartFailover (2.7): on ODOWN, with no failover in progress,
// a new epoch and WAIT_START, unless within 2·failover-timeout of my last try or vote for another.
import { mutations } from '../kernel/mutations.ts';
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { mstime } from './mstime.ts';
import { elapsedSince } from './sentinelElapsed.ts';
import { desync } from './sentinelDesync.ts';
import type { SentinelProc } from './state.ts';

/** sentinelStartFailoverIfNeeded: true when a failover was started (the caller then asks the peers at once). */
export function sentinelStartFailoverIfNeeded(s: State, sen: SentinelProc): boolean {
  const m = sen.master;
  if (!m.odown && !(mutations.sentinelFailoverWithoutOdown && m.sdown)) return false;
  if (m.failoverInProgress) return false;
  const now = mstime(s, sen);
  if (elapsedSince(now, m.failoverStartTime) < m.failoverTimeout * 2) {
    // "Next failover delay: I will not start a failover before …", logged once per start time.
    if (m.failoverDelayLogged !== m.failoverStartTime) {
      m.failoverDelayLogged = m.failoverStartTime;
      const notBefore = m.failoverStartTime + m.failoverTimeout * 2 - sen.clockOffset;
      record(s, sen.name, 'next-failover-delay', { about: m.addr, detail: `not before ${notBefore}` });
    }
    return false;
  }
  sentinelStartFailover(s, sen);
  return true;
}

/** sentinelStartFailover: WAIT_START in epoch ++current_epoch (not saved here: the self-vote saves it). */
export function sentinelStartFailover(s: State, sen: SentinelProc): void {
  const m = sen.master;
  const now = mstime(s, sen);
  m.failoverState = 'wait_start';
  m.failoverInProgress = true;
  m.failoverEpoch = ++sen.currentEpoch;
  record(s, sen.name, 'new-epoch', { about: m.addr, epoch: sen.currentEpoch });
  record(s, sen.name, 'try-failover', { about: m.addr, epoch: m.failoverEpoch });
  m.failoverStartTime = now + desync(s, sen, 'failover-desync');
  m.failoverStateChangeTime = now;
}
