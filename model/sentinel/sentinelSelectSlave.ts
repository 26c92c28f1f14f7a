// sentinelSelectSlave / compareSlavesForPromotion / sentinelFailoverSelectSlave (2.9): the replica to
// promote — reachable, fresh, priority not 0, link down not too long — best priority, offset, runid.
import type { NodeName, State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { sentinelAbortFailover } from './sentinelAbortFailover.ts';
import { mstime } from './mstime.ts';
import { elapsedSince } from './sentinelElapsed.ts';
import type { ReplicaRecord, SentinelProc } from './state.ts';

/** sentinel_ping_period and sentinel_info_period, ms. */
export const SENTINEL_PING_PERIOD = 1000;
export const SENTINEL_INFO_PERIOD = 10000;

/** sentinelSelectSlave: the best candidate's address, or null. The role a record reports is not checked. */
export function sentinelSelectSlave(s: State, sen: SentinelProc): NodeName | null {
  const m = sen.master;
  const now = mstime(s, sen);
  let maxMasterDownTime = 0;
  if (m.sdown) maxMasterDownTime += now - m.sDownSinceTime;
  maxMasterDownTime += m.downAfterPeriod * 10;
  const infoValidityTime = m.sdown ? SENTINEL_PING_PERIOD * 5 : SENTINEL_INFO_PERIOD * 3;
  const candidates: ReplicaRecord[] = [];
  for (const r of Object.values(m.slaves)) {
    if (r.sdown) continue;
    if (r.link.disconnected) continue;
    if (now - r.link.lastAvailTime > SENTINEL_PING_PERIOD * 5) continue;
    if (r.slavePriority === 0) continue;
    if (elapsedSince(now, r.infoRefresh) > infoValidityTime) continue;
    // A replica that never synced since its start reports −1 s (−1000 ms) and passes.
    if (r.masterLinkDownTime > maxMasterDownTime) continue;
    candidates.push(r);
  }
  if (candidates.length === 0) return null;
  candidates.sort(compareSlavesForPromotion);
  return candidates[0].addr;
}

/** compareSlavesForPromotion: lower priority, then greater offset, then smaller runid (a null runid last). */
export function compareSlavesForPromotion(a: ReplicaRecord, b: ReplicaRecord): number {
  if (a.slavePriority !== b.slavePriority) return a.slavePriority - b.slavePriority;
  if (a.slaveReplOffset > b.slaveReplOffset) return -1;
  if (a.slaveReplOffset < b.slaveReplOffset) return 1;
  if (a.runid === null && b.runid === null) return 0;
  if (a.runid === null) return 1;
  if (b.runid === null) return -1;
  const x = a.runid.toLowerCase();
  const y = b.runid.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** sentinelFailoverSelectSlave: mark the chosen replica PROMOTED and go to SEND_SLAVEOF_NOONE, or abort. */
export function sentinelFailoverSelectSlave(s: State, sen: SentinelProc): void {
  const m = sen.master;
  const addr = sentinelSelectSlave(s, sen);
  if (addr === null) {
    record(s, sen.name, 'failover-abort', { about: m.addr, epoch: m.failoverEpoch, detail: 'no-good-slave' });
    sentinelAbortFailover(s, sen);
    return;
  }
  record(s, sen.name, 'selected-slave', { about: addr, epoch: m.failoverEpoch });
  m.slaves[addr].promoted = true;
  m.promotedSlave = addr;
  m.failoverState = 'send_slaveof_noone';
  m.failoverStateChangeTime = mstime(s, sen);
}
