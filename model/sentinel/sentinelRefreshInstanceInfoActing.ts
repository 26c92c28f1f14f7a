// The acting half of sentinelRefreshInstanceInfo (sentinel.md 2.10, 2.11, 2.15): what an INFO reply
// makes a Sentinel do — see a promotion, follow a replica's reconfiguration, demote a returning old
// master, fix a replica following the wrong master. Called after the observing half has updated the
// record (role_reported and its time included); none of it runs in TILT.
import type { NodeName, State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import type { InfoReply } from './messages.ts';
import { mstime } from './mstime.ts';
import { elapsedSince } from './sentinelElapsed.ts';
import { reconfInprog, reconfSent } from './sentinelFailoverReconfNextSlave.ts';
import { sentinelFlushConfig } from './sentinelFlushConfig.ts';
import { sentinelForceHelloUpdateForMaster } from './sentinelForceHelloUpdateForMaster.ts';
import { SENTINEL_INFO_PERIOD } from './sentinelSelectSlave.ts';
import { sentinelSendSlaveOf } from './sentinelSendSlaveOf.ts';
import type { MasterRecord, ReplicaRecord, SentinelProc } from './state.ts';
import { sentinelSimFailureCrash } from './transitions/sentinelSimulateFailure.ts';

/** sentinel_publish_period, ms (hellos). */
const SENTINEL_PUBLISH_PERIOD = 2000;

export function sentinelRefreshInstanceInfoActing(s: State, sen: SentinelProc, addr: NodeName, info: InfoReply): void {
  if (sen.tilt) return;
  // A master record reporting role:slave: nothing to do (it goes SDOWN after dam + 20 s).
  const r = sen.master.slaves[addr];
  if (!r) return;
  if (info.role === 'master') replicaReportsMaster(s, sen, r);
  if (info.role === 'slave') {
    if (r.slaveMasterHost !== sen.master.addr) fixSlaveConfig(s, sen, r);
    if (reconfSent(r) || reconfInprog(r)) reconfProgress(s, sen, r);
  }
}

/** Slave -> master role switch: the promotion I am waiting for, or a replica to convert back (2.10, 2.15b). */
function replicaReportsMaster(s: State, sen: SentinelProc, r: ReplicaRecord): void {
  const m = sen.master;
  const now = mstime(s, sen);
  if (r.promoted && m.failoverInProgress && m.failoverState === 'wait_promotion') {
    m.configEpoch = m.failoverEpoch;
    m.failoverState = 'reconf_slaves';
    m.failoverStateChangeTime = now;
    sentinelFlushConfig(s, sen);
    record(s, sen.name, 'promoted-slave', { about: r.addr, epoch: m.configEpoch });
    if (sen.simFailure === 'crash-after-promotion') sentinelSimFailureCrash(s, sen);
    sentinelForceHelloUpdateForMaster(s, sen);
    return;
  }
  // Wait 4 hello periods after the change, to receive a newer configuration first if there is one.
  const waitTime = SENTINEL_PUBLISH_PERIOD * 4;
  if (!r.promoted && sentinelMasterLooksSane(s, sen, m) && noDownFor(now, r.sDownSinceTime, 0, waitTime) && now - r.roleReportedTime > waitTime) {
    if (sentinelSendSlaveOf(s, sen, r.addr, m.addr)) record(s, sen.name, 'convert-to-slave', { about: r.addr });
  }
}

/** A replica replicating from another address: reconfigure it once the master is sane and nothing changed for failover-timeout (2.15c). */
function fixSlaveConfig(s: State, sen: SentinelProc, r: ReplicaRecord): void {
  const m = sen.master;
  const now = mstime(s, sen);
  const waitTime = m.failoverTimeout;
  if (sentinelMasterLooksSane(s, sen, m) && noDownFor(now, r.sDownSinceTime, 0, waitTime) && now - r.slaveConfChangeTime > waitTime) {
    if (sentinelSendSlaveOf(s, sen, r.addr, m.addr)) record(s, sen.name, 'fix-slave-config', { about: r.addr });
  }
}

/** RECONF_SENT -> INPROG once it follows the promoted address, INPROG -> DONE once its link is up (2.11). */
function reconfProgress(s: State, sen: SentinelProc, r: ReplicaRecord): void {
  const m = sen.master;
  const done = r.reconf === 'done-sent' || r.reconf === 'done-inprog';
  if (reconfSent(r) && r.slaveMasterHost !== null && r.slaveMasterHost === m.promotedSlave) {
    r.reconf = done ? 'done-inprog' : 'inprog';
    record(s, sen.name, 'slave-reconf-inprog', { about: r.addr, epoch: m.failoverEpoch });
  }
  if (reconfInprog(r) && r.slaveMasterLinkStatus === 'up') {
    r.reconf = 'done';
    record(s, sen.name, 'slave-reconf-done', { about: r.addr, epoch: m.failoverEpoch });
  }
}

/** sentinelMasterLooksSane: it reports role:master, is neither SDOWN nor ODOWN, and its INFO is < 20 s old. */
export function sentinelMasterLooksSane(s: State, sen: SentinelProc, m: MasterRecord): boolean {
  return m.roleReported === 'master' && !m.sdown && !m.odown && elapsedSince(mstime(s, sen), m.infoRefresh) < SENTINEL_INFO_PERIOD * 2;
}

/** sentinelRedisInstanceNoDownFor: no SDOWN or ODOWN of this instance began in the last `ms`. */
function noDownFor(now: number, sDownSince: number, oDownSince: number, ms: number): boolean {
  const mostRecent = Math.max(sDownSince, oDownSince);
  return mostRecent === 0 || now - mostRecent > ms;
}
