// sentinelFailoverReconfNextSlave / sentinelFailoverDetectEnd (2.11): point the other replicas at the
// promoted one, at most parallel-syncs at a time, and end when they are done or after failover-timeout.
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { dictOrder } from './dictOrder.ts';
import { mstime } from './mstime.ts';
import { sentinelSendSlaveOf } from './sentinelSendSlaveOf.ts';
import type { ReplicaRecord, SentinelProc } from './state.ts';

/** sentinel_slave_reconf_timeout, ms: a replica in RECONF_SENT this long counts as done. */
export const SENTINEL_SLAVE_RECONF_TIMEOUT = 10000;

/** The SRI_RECONF_* flags of a replica record. */
export const reconfSent = (r: ReplicaRecord): boolean => r.reconf === 'sent' || r.reconf === 'done-sent';
export const reconfInprog = (r: ReplicaRecord): boolean => r.reconf === 'inprog' || r.reconf === 'done-inprog';
export const reconfDone = (r: ReplicaRecord): boolean => r.reconf === 'done' || r.reconf === 'done-sent' || r.reconf === 'done-inprog';

export function sentinelFailoverReconfNextSlave(s: State, sen: SentinelProc): void {
  const m = sen.master;
  const promoted = m.promotedSlave as string;
  let inProgress = 0;
  for (const r of Object.values(m.slaves)) if (reconfSent(r) || reconfInprog(r)) inProgress++;
  // The loop stops once parallel-syncs are in progress: replicas it does not reach are not even
  // timed out, so which ones it reaches first (the dict's order) decides who waits.
  for (const r of dictOrder(s, sen, m.slaves)) {
    if (inProgress >= m.parallelSyncs) break;
    if (r.promoted || reconfDone(r)) continue;
    if (reconfSent(r) && mstime(s, sen) - r.slaveReconfSentTime > SENTINEL_SLAVE_RECONF_TIMEOUT) {
      record(s, sen.name, 'slave-reconf-sent-timeout', { about: r.addr, epoch: m.failoverEpoch });
      r.reconf = 'done';
    }
    // Redis tests SENT|INPROG here, not DONE: a replica that just timed out is sent SLAVEOF once more.
    if (reconfSent(r) || reconfInprog(r)) continue;
    if (r.link.disconnected) continue;
    if (sentinelSendSlaveOf(s, sen, r.addr, promoted)) {
      r.reconf = reconfDone(r) ? 'done-sent' : 'sent';
      r.slaveReconfSentTime = mstime(s, sen);
      record(s, sen.name, 'slave-reconf-sent', { about: r.addr, epoch: m.failoverEpoch });
      inProgress++;
    }
  }
  sentinelFailoverDetectEnd(s, sen);
}

/** sentinelFailoverDetectEnd: no end while the promoted replica is SDOWN; on timeout, a best-effort SLAVEOF to the rest. */
export function sentinelFailoverDetectEnd(s: State, sen: SentinelProc): void {
  const m = sen.master;
  const promoted = m.promotedSlave === null ? undefined : m.slaves[m.promotedSlave];
  if (!promoted || promoted.sdown) return;
  const elapsed = mstime(s, sen) - m.failoverStateChangeTime;
  let notReconfigured = 0;
  for (const r of Object.values(m.slaves)) {
    if (r.promoted || reconfDone(r)) continue;
    if (r.sdown) continue;
    notReconfigured++;
  }
  const timeout = elapsed > m.failoverTimeout;
  if (timeout) notReconfigured = 0;
  if (notReconfigured === 0) {
    record(s, sen.name, 'failover-end', { about: m.addr, epoch: m.failoverEpoch, ...(timeout ? { detail: 'for-timeout' } : {}) });
    m.failoverState = 'update_config';
    m.failoverStateChangeTime = mstime(s, sen);
  }
  if (!timeout) return;
  // The switch at the end of this tick re-creates every record, so the flags set here do not outlive it.
  for (const r of Object.values(m.slaves)) {
    if (r.promoted || reconfDone(r) || reconfSent(r)) continue;
    if (r.link.disconnected) continue;
    if (sentinelSendSlaveOf(s, sen, r.addr, promoted.addr)) {
      record(s, sen.name, 'slave-reconf-sent', { about: r.addr, epoch: m.failoverEpoch, detail: 'best-effort' });
      r.reconf = 'sent';
    }
  }
}
