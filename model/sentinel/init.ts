// The Sentinels of a sentinel deployment as they are once settled (the conformance harness starts a
// trace when every Sentinel knows every replica and every other Sentinel): S1…Sk after the data nodes
// in the network tables, each with its myid, sentinel.conf, links up to the master, its replicas and
// the other Sentinels, epochs 0, and its timer at a phase of its own.
import type { Node, NodeName, State } from '../kernel/state.ts';
import { schedule } from '../kernel/agenda.ts';
import { newConn } from '../kernel/net.ts';
import { hexId, pick } from '../kernel/rng.ts';
import { sentinelNames } from '../kernel/trace.ts';
import type { Link, MasterRecord, ReplicaRecord, SentinelProc, SentinelRecord } from './state.ts';
import { createInstanceLink } from './instances.ts';
import { runIdOf } from './dataNodeReceives.ts';
import { sentinelFlushConfig } from './sentinelFlushConfig.ts';
import { MASTER_NAME } from './sentinelSendPeriodicCommands.ts';

/** When the settled links were made (wall ms): the Sentinels had been running for a while. */
const LINKS_MADE_AT = -60000;

/** A link connected before T0, its last PING answered within the last second (a phase per pair). */
function settledLink(s: State, sen: NodeName, addr: NodeName, pubsub: boolean, toBoot: number): Link {
  const link = createInstanceLink(0);
  const cc = newConn(s);
  s.sentinelConns[cc] = { from: sen, to: addr, toBoot, pubsub: false };
  link.cc = cc;
  if (pubsub) {
    link.pc = newConn(s);
    s.sentinelConns[link.pc] = { from: sen, to: addr, toBoot, pubsub: true };
  }
  link.disconnected = false;
  // Made a minute before T0 (long-running Sentinels): the 15 s link-recycling rules apply at once.
  link.ccConnTime = LINKS_MADE_AT;
  link.pcConnTime = pubsub ? LINKS_MADE_AT : 0;
  link.pcLastActivity = pubsub ? -pick(700, s.seed, 'sentinel-pubsub-phase', sen, addr) : 0;
  link.actPingTime = 0;
  link.lastPingTime = -pick(1000, s.seed, 'sentinel-ping-phase', sen, addr);
  link.lastPongTime = link.lastPingTime + 2 * s.config.latency;
  link.lastAvailTime = link.lastPongTime;
  link.lastReconnTime = -60000;
  return link;
}

/** Last INFO and hello times before T0 (info_refresh is never 0 here: 0 means "never"). */
function infoPhase(s: State, sen: NodeName, addr: NodeName): number {
  return -1 - pick(9999, s.seed, 'sentinel-info-phase', sen, addr);
}
function pubPhase(s: State, sen: NodeName, addr: NodeName): number {
  return -pick(2000, s.seed, 'sentinel-hello-phase', sen, addr);
}

function replicaRecord(s: State, sen: NodeName, n: Node): ReplicaRecord {
  return {
    addr: n.name, runid: runIdOf(s, n), sdown: false, sDownSinceTime: 0, promoted: false, reconf: 'none', slaveReconfSentTime: 0,
    roleReported: 'slave', roleReportedTime: 0, slaveMasterHost: n.repl.master, slaveConfChangeTime: 0, slaveMasterLinkStatus: 'up',
    masterLinkDownTime: 0, slavePriority: n.config.replicaPriority, slaveReplOffset: 0, infoRefresh: infoPhase(s, sen, n.name),
    lastPubTime: pubPhase(s, sen, n.name), link: settledLink(s, sen, n.name, true, n.bootedAt),
  };
}

function sentinelRecord(s: State, sen: NodeName, x: NodeName): SentinelRecord {
  return {
    addr: x, runid: hexId(s.seed, 'sentinel-myid', x), sdown: false, sDownSinceTime: 0, masterDown: false, lastMasterDownReplyTime: 0,
    leader: null, leaderEpoch: 0, lastHelloTime: 0, lastPubTime: pubPhase(s, sen, x), link: settledLink(s, sen, x, false, 0),
  };
}

function masterRecord(s: State, sen: NodeName, m: Node): MasterRecord {
  const c = s.config;
  return {
    name: MASTER_NAME, addr: m.name, quorum: c.quorum, downAfterPeriod: c.downAfterMilliseconds, failoverTimeout: c.failoverTimeout,
    parallelSyncs: c.parallelSyncs, masterRebootDownAfterPeriod: c.masterRebootDownAfterPeriod, configEpoch: 0, leader: null, leaderEpoch: 0,
    sdown: false, odown: false, failoverInProgress: false, forceFailover: false, masterReboot: false, sDownSinceTime: 0, oDownSinceTime: 0,
    runid: runIdOf(s, m), roleReported: 'master', roleReportedTime: 0, infoRefresh: infoPhase(s, sen, m.name), masterRebootSinceTime: 0,
    failoverState: 'none', failoverEpoch: 0, failoverStartTime: 0, failoverStateChangeTime: 0, promotedSlave: null,
    slaves: {}, sentinels: {}, lastPubTime: pubPhase(s, sen, m.name), link: settledLink(s, sen, m.name, true, m.bootedAt),
  };
}

/** The phase of a Sentinel's first tick within the 100 ms period: stable per (seed, Sentinel). */
export function sentinelPhase(seed: number, name: NodeName): number {
  return pick(100, seed, 'sentinel-phase', name);
}

/** Adds the Sentinels to a state whose data nodes exist: the master (the one node in role master) and its replicas. */
export function initSentinels(s: State): void {
  const names = sentinelNames(s.config);
  const data = Object.values(s.nodes).sort((a, b) => a.idx - b.idx);
  const master = data.find((n) => n.role === 'master');
  if (master === undefined) throw new Error('initSentinels: no master among the data nodes');
  const first = data.length;
  // Network tables: data nodes, then the Sentinels, then the client (clientIdx is the last).
  const size = first + names.length + 1;
  s.net.incarnation = Array.from({ length: size - 1 }, (_, i) => s.net.incarnation[i] ?? 0);
  s.net.lastDelivery = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  names.forEach((name, i) => {
    const m = masterRecord(s, name, master);
    for (const n of data) if (n !== master) m.slaves[n.name] = replicaRecord(s, name, n);
    for (const x of names) if (x !== name) m.sentinels[x] = sentinelRecord(s, name, x);
    const sen: SentinelProc = {
      name, idx: first + i, proc: 'up', bootedAt: 0, pausedConn: 0, myid: hexId(s.seed, 'sentinel-myid', name), currentEpoch: 0,
      tilt: false, tiltStartTime: 0, previousTime: 0, clockOffset: 0, cronloops: 0, timerHeld: false, master: m, conf: undefined as never,
    };
    sentinelFlushConfig(s, sen);
    s.sentinels[name] = sen;
    schedule(s, sentinelPhase(s.seed, name), { type: 'SentinelTimer', node: name, boot: 0 });
  });
  s.client.sentinel = { master: null, waiting: [], query: null, nextQid: 1 };
}
