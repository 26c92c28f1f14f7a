// The observing half of sentinelRefreshInstanceInfo (2.1, 2.15d, 2.20): what an INFO reply tells a
// Sentinel — run_id (a reboot), the replicas a master lists, the replica's link and offset, the role
// reported — then the acting half (sentinelRefreshInstanceInfoActing), unless in TILT.
import type { NodeName, State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import type { InfoReply } from './messages.ts';
import type { SentinelProc } from './state.ts';
import { createReplicaRecord, instanceOf } from './instances.ts';
import { mstime } from './mstime.ts';
import { sentinelFlushConfig } from './sentinelFlushConfig.ts';
import { sentinelRefreshInstanceInfoActing } from './sentinelRefreshInstanceInfoActing.ts';

export function sentinelRefreshInstanceInfo(s: State, sen: SentinelProc, addr: NodeName, info: InfoReply): void {
  const inst = instanceOf(sen, addr);
  if (inst === null || inst.kind === 'sentinel') return;
  const ri = inst.ri;
  const now = mstime(s, sen);
  if (inst.kind === 'slave') inst.ri.masterLinkDownTime = 0; // reset when INFO does not print it
  if (ri.runid === null) ri.runid = info.runId;
  else if (ri.runid !== info.runId) {
    record(s, sen.name, 'reboot', { about: addr });
    if (inst.kind === 'master' && inst.ri.masterRebootDownAfterPeriod !== 0) {
      inst.ri.masterReboot = true;
      inst.ri.masterRebootSinceTime = now;
    }
    ri.runid = info.runId;
  }
  if (inst.kind === 'master') discoverReplicas(s, sen, info.slaves, now);
  if (inst.kind === 'slave') {
    const r = inst.ri;
    if (info.masterLinkDownSinceSeconds !== null) r.masterLinkDownTime = info.masterLinkDownSinceSeconds * 1000;
    if (info.role === 'slave') {
      if (r.slaveMasterHost !== info.masterHost) { r.slaveMasterHost = info.masterHost; r.slaveConfChangeTime = now; }
      r.slaveMasterLinkStatus = info.masterLinkStatus;
      r.slavePriority = info.slavePriority;
      r.slaveReplOffset = info.slaveReplOffset;
    }
  }
  ri.infoRefresh = now;
  // Remember when the role changed (±role-change), in TILT too.
  if (info.role !== ri.roleReported) {
    ri.roleReportedTime = now;
    ri.roleReported = info.role;
    if (inst.kind === 'slave' && info.role === 'slave') inst.ri.slaveConfChangeTime = now;
  }
  if (sen.tilt) return;
  sentinelRefreshInstanceInfoActing(s, sen, addr, info);
}

/** 2.1: each replica a master lists that this Sentinel does not know yet gets a record (+slave), saved. */
function discoverReplicas(s: State, sen: SentinelProc, slaves: NodeName[], now: number): void {
  const m = sen.master;
  for (const r of slaves) {
    if (r in m.slaves || r === m.addr) continue;
    m.slaves[r] = createReplicaRecord(r, now);
    sentinelFlushConfig(s, sen);
  }
}
