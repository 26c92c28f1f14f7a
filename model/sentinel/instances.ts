// The instances one Sentinel knows (sentinelRedisInstance): its master, that master's replicas and the
// other Sentinels, found by address (node name), and how a new record starts (createSentinelRedisInstance).
import type { NodeName } from '../kernel/state.ts';
import type { Link, MasterRecord, ReplicaRecord, SentinelProc, SentinelRecord } from './state.ts';

export type Instance =
  | { kind: 'master'; ri: MasterRecord }
  | { kind: 'slave'; ri: ReplicaRecord }
  | { kind: 'sentinel'; ri: SentinelRecord };

/** The record for `addr` under this Sentinel's master, or null when it knows no such instance. */
export function instanceOf(sen: SentinelProc, addr: NodeName): Instance | null {
  const m = sen.master;
  if (m.addr === addr) return { kind: 'master', ri: m };
  const r = m.slaves[addr];
  if (r) return { kind: 'slave', ri: r };
  const x = m.sentinels[addr];
  if (x) return { kind: 'sentinel', ri: x };
  return null;
}

/** createInstanceLink: not connected; act_ping_time = now, so an instance never reached goes SDOWN after dam. */
export function createInstanceLink(now: number): Link {
  return {
    cc: 0, pc: 0, disconnected: true, peerBoot: 0, pendingCommands: 0, ccConnTime: 0, pcConnTime: 0, pcLastActivity: 0,
    actPingTime: now, lastPingTime: 0, lastPongTime: now, lastAvailTime: now, lastReconnTime: 0,
  };
}

/** createSentinelRedisInstance(SRI_SLAVE): a replica record as INFO discovery or a reset makes it. */
export function createReplicaRecord(addr: NodeName, now: number): ReplicaRecord {
  return {
    addr, runid: null, sdown: false, sDownSinceTime: 0, promoted: false, reconf: 'none', slaveReconfSentTime: 0,
    roleReported: 'slave', roleReportedTime: now, slaveMasterHost: null, slaveConfChangeTime: now, slaveMasterLinkStatus: 'down',
    masterLinkDownTime: 0, slavePriority: 100, slaveReplOffset: 0, infoRefresh: 0, lastPubTime: now, link: createInstanceLink(now),
  };
}

/** createSentinelRedisInstance(SRI_SENTINEL), with the runid filled in at once (sentinelProcessHelloMessage). */
export function createSentinelRecord(addr: NodeName, runid: string, now: number): SentinelRecord {
  return {
    addr, runid, sdown: false, sDownSinceTime: 0, masterDown: false, lastMasterDownReplyTime: now, leader: null, leaderEpoch: 0,
    lastHelloTime: now, lastPubTime: now, link: createInstanceLink(now),
  };
}

/** Every link this Sentinel holds, with the instance's address. */
export function allLinks(sen: SentinelProc): Array<[NodeName, Link]> {
  const m = sen.master;
  const out: Array<[NodeName, Link]> = [[m.addr, m.link]];
  for (const r of Object.values(m.slaves)) out.push([r.addr, r.link]);
  for (const x of Object.values(m.sentinels)) out.push([x.addr, x.link]);
  return out;
}
