// The Sentinels of a sentinel deployment as a setup leaves them at T0 (the conformance harness starts
// the trace SENTINEL_SETUP_MS after it spawned them, once every Sentinel knows every replica and every
// other Sentinel): S1…Sk after the data nodes in the network tables, each with its myid, sentinel.conf,
// links up to the master, its replicas and the other Sentinels, epochs 0, and the phases of its timer,
// PINGs, INFO and hellos as its first seconds left them (setup.ts).
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
import { lastHelloFrom, lastHelloOn, replaySetup, type LinkHistory, type SentinelHistory } from './setup.ts';

/** A link connected during the setup, as its history left it (no PING pending at T0). */
function settledLink(s: State, sen: NodeName, addr: NodeName, h: LinkHistory, pcLastActivity: number | null, toBoot: number): Link {
  const link = createInstanceLink(h.created);
  const cc = newConn(s);
  s.sentinelConns[cc] = { from: sen, to: addr, toBoot, pubsub: false };
  link.cc = cc;
  if (pcLastActivity !== null) {
    link.pc = newConn(s);
    s.sentinelConns[link.pc] = { from: sen, to: addr, toBoot, pubsub: true };
  }
  link.disconnected = false;
  link.ccConnTime = h.connAt;
  link.pcConnTime = pcLastActivity !== null ? h.connAt : 0;
  link.pcLastActivity = pcLastActivity ?? 0;
  link.actPingTime = 0;
  link.lastPingTime = h.lastPing;
  link.lastPongTime = h.lastPong;
  link.lastAvailTime = h.lastPong;
  link.lastReconnTime = h.connAt;
  return link;
}

/** pc_last_activity of a data node's pub/sub link: its SUBSCRIBE reply, then every hello published there (a master's reach its replicas too). */
function pubsubActivity(s: State, hist: Record<NodeName, SentinelHistory>, h: LinkHistory, addr: NodeName, isMaster: boolean): number {
  const rtt = 2 * s.config.latency;
  return lastHelloOn(hist, isMaster ? ['master'] : ['master', addr], rtt, h.connAt + rtt);
}

function replicaRecord(s: State, hist: Record<NodeName, SentinelHistory>, sen: NodeName, n: Node): ReplicaRecord {
  const h = hist[sen].slaves[n.name];
  return {
    addr: n.name, runid: runIdOf(s, n), sdown: false, sDownSinceTime: 0, promoted: false, reconf: 'none', slaveReconfSentTime: 0,
    // Its first INFO named the master: slave_conf_change_time moved then.
    roleReported: 'slave', roleReportedTime: h.created, slaveMasterHost: n.repl.master, slaveConfChangeTime: h.firstInfo, slaveMasterLinkStatus: 'up',
    masterLinkDownTime: 0, slavePriority: n.config.replicaPriority, slaveReplOffset: 0, infoRefresh: h.infoRefresh,
    lastPubTime: h.lastPub, link: settledLink(s, sen, n.name, h, pubsubActivity(s, hist, h, n.name, false), n.bootedAt),
  };
}

function sentinelRecord(s: State, hist: Record<NodeName, SentinelHistory>, sen: NodeName, x: NodeName): SentinelRecord {
  const h = hist[sen].sentinels[x];
  return {
    addr: x, runid: hexId(s.seed, 'sentinel-myid', x), sdown: false, sDownSinceTime: 0, masterDown: false, lastMasterDownReplyTime: h.created,
    leader: null, leaderEpoch: 0, lastHelloTime: lastHelloFrom(hist, x, sen, 2 * s.config.latency), lastPubTime: h.lastPub,
    link: settledLink(s, sen, x, h, null, 0),
  };
}

function masterRecord(s: State, hist: Record<NodeName, SentinelHistory>, sen: NodeName, m: Node): MasterRecord {
  const c = s.config;
  const h = hist[sen].master;
  return {
    name: MASTER_NAME, addr: m.name, quorum: c.quorum, downAfterPeriod: c.downAfterMilliseconds, failoverTimeout: c.failoverTimeout,
    parallelSyncs: c.parallelSyncs, masterRebootDownAfterPeriod: c.masterRebootDownAfterPeriod, configEpoch: 0, leader: null, leaderEpoch: 0,
    sdown: false, odown: false, failoverInProgress: false, forceFailover: false, masterReboot: false, sDownSinceTime: 0, oDownSinceTime: 0,
    runid: runIdOf(s, m), roleReported: 'master', roleReportedTime: h.created, infoRefresh: h.infoRefresh, masterRebootSinceTime: 0,
    failoverState: 'none', failoverEpoch: 0, failoverStartTime: 0, failoverStateChangeTime: 0, promotedSlave: null,
    slaves: {}, sentinels: {}, lastPubTime: h.lastPub, link: settledLink(s, sen, m.name, h, pubsubActivity(s, hist, h, m.name, true), m.bootedAt),
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
  // Every data node but the master is its replica: the master's first INFO lists them.
  const replicas = data.filter((n) => n !== master);
  const hist = replaySetup(s, names, replicas.map((n) => n.name), s.config.downAfterMilliseconds);
  // Network tables: data nodes, then the Sentinels, then the client (clientIdx is the last).
  const size = first + names.length + 1;
  s.net.incarnation = Array.from({ length: size - 1 }, (_, i) => s.net.incarnation[i] ?? 0);
  s.net.lastDelivery = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  names.forEach((name, i) => {
    const m = masterRecord(s, hist, name, master);
    for (const n of replicas) m.slaves[n.name] = replicaRecord(s, hist, name, n);
    for (const x of names) if (x !== name) m.sentinels[x] = sentinelRecord(s, hist, name, x);
    const sen: SentinelProc = {
      name, idx: first + i, proc: 'up', bootedAt: 0, pausedConn: 0, myid: hexId(s.seed, 'sentinel-myid', name), currentEpoch: 0,
      tilt: false, tiltStartTime: 0, previousTime: hist[name].ticks[hist[name].ticks.length - 1], clockOffset: 0, cronloops: 0, timerHeld: false, master: m, conf: undefined as never,
    };
    sentinelFlushConfig(s, sen);
    s.sentinels[name] = sen;
    schedule(s, hist[name].nextTick, { type: 'SentinelTimer', node: name, boot: 0 });
  });
  s.client.sentinel = { master: null, waiting: [], query: null, nextQid: 1 };
}
