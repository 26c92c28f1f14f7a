// Pieces of the initial state every deployment kind shares: a node's options from the trace, its
// cron phase, its persistence at T0, the empty network and the first timers.
import type { Config, NodeConfig } from './config.ts';
import { EMPTY, HistoryStore } from './history.ts';
import { schedule } from './agenda.ts';
import { hash, uint32Mod } from './rng.ts';
import { unixtime } from './clock.ts';
import type { Node, NodeName, State } from './state.ts';
import { keepsSyncFile } from '../replication/replication.ts';
import type { SlotTable } from '../cluster/slots.ts';
import type { Trace } from './trace.ts';

export function nodeConfig(c: Config): NodeConfig {
  const {
    topology: _k, masters: _m, replicasPerMaster: _r, latency: _l, delayedAck: _d, clientTimeout: _t,
    replicas: _n, replicaof: _o, sentinels: _s, quorum: _q, downAfterMilliseconds: _a, failoverTimeout: _f, parallelSyncs: _p, masterRebootDownAfterPeriod: _b,
    ...rest
  } = c;
  return { ...rest, save: c.save.map((p) => [p[0], p[1]] as [number, number]) };
}

/**
 * server.cronloops at T0: the deployment was created before T0 and each process started at its own
 * time, so its once-a-second replicationCron (cronloops % 10 == 0) falls anywhere in the second.
 */
export function startCronloops(seed: number, name: NodeName): number {
  return uint32Mod(hash(seed, name, 'cronloops'), 10);
}

/** Cron phase of a node within the 100 ms period: stable per (seed, node). */
export function cronPhase(seed: number, name: NodeName): number {
  return uint32Mod(hash(seed, name, 'cron-phase'), 100);
}

/**
 * What one serverCron period adds to 1000/hz, in hundredths of a ms: ae.c re-arms the timer from the
 * time the cron *returned* and epoll_wait's timeout is rounded up to whole ms, so the period is the
 * cron's own run time plus that rounding. Measured on 7.0.15 (hz 10, 50-tick debug lines): 100.26–100.38
 * ms a tick on an idle machine, 100.32–100.64 under load (docs/decisions.md, sessions 14–15); each
 * process incarnation gets one value in that range, so nodes' crons drift against each other.
 */
export function cronDrift(seed: number, name: NodeName, boot: number): number {
  return 26 + uint32Mod(hash(seed, name, 'cron-drift', boot), 39);
}

/**
 * How long before T0 a deployment's data processes had at least been started (the conformance
 * harness, timed from the first spawn to T0): plain replication waits only for the replicas' first
 * sync (0.14–0.17 s, ~1.1 s when a replica's first connect missed its master); Sentinel deployments
 * start their Sentinels after that and run SENTINEL_SETUP_MS more; a cluster's MEET, slot assignment
 * and syncs took 5.1–8.0 s.
 */
export const SETUP_MIN_MS = { replication: 140, sentinel: 140 + 3000, cluster: 5000 } as const;

/**
 * When the node's process started (initServer), in model ms (negative: before T0), consistent with
 * its cron phase and cronloops: serverCron first runs 1 ms after the start and then every 100 ms, so
 * the tick at cronPhase is the one numbered cronloops (mod 10); the latest such start at least
 * `setupMin` before T0. What the start sets matters for saves: lastsave and aof_last_fsync.
 */
export function processStart(seed: number, name: NodeName, setupMin: number): number {
  let start = cronPhase(seed, name) - 1 - 100 * startCronloops(seed, name);
  while (start > -setupMin) start -= 1000;
  return start;
}

/** A state with no node yet: the client holds `slots` as its slot map (empty for standalone nodes). */
export function emptyState(t: Trace, slots: SlotTable): State {
  return {
    now: 0, seed: t.seed, config: t.config, nodes: {}, sentinels: {}, sentinelConns: {}, net: { group: {}, delay: {}, incarnation: [], lastDelivery: [], lateUntil: 0, nextConn: 0, unacked: {}, resent: {} },
    client: { slots, nextWrite: 1, node: null }, writes: [], timeline: [], agenda: [], seq: 0, held: {}, store: new HistoryStore(),
  };
}

/** The per-node network tables, once every node is in s.nodes. */
export function initNetwork(s: State, all: NodeName[]): void {
  s.net.incarnation = all.map(() => 0);
  // One row and one column per node, and the client's last (its idx is the number of nodes).
  s.net.lastDelivery = Array.from({ length: all.length + 1 }, () => new Array<number>(all.length + 1).fill(0));
}

/** Every node's first serverCron and kernel writeback. */
export function scheduleFirstTimers(s: State, all: NodeName[]): void {
  for (const name of all) {
    schedule(s, cronPhase(s.seed, name), { type: 'ServerCron', node: name, boot: 0 });
    schedule(s, 5000 + cronPhase(s.seed, name), { type: 'KernelWriteback', node: name });
  }
}

/** The replication link of a synced replica, connected and ONLINE on both ends. */
export function connectSyncedReplica(s: State, r: NodeName, m: NodeName): void {
  const conn = ++s.net.nextConn;
  s.nodes[r].repl.conn = conn;
  s.nodes[m].ms.replicas[r] = { conn, state: 'online', sentPos: 0, sentOff: 0, ackOff: 0, ackTime: 0, since: 0 };
}

/**
 * A node's persistence as the deployment left it at T0: nothing written yet, and a replica's
 * dump.rdb from its initial full sync (readSyncBulkPayload keeps it even with save "", unless
 * rdb-del-sync-files without persistence unlinked it). lastsave and aof_last_fsync are still the
 * process's start (initServer): the setup wrote nothing, and a diskless sync saves nothing.
 */
export function initialPersistence(t: Trace, name: NodeName, setupMin: number, isMaster: boolean, replid: string, replicaof: NodeName | null): Pick<Node, 'aof' | 'rdbSave' | 'clientsPausedUntil' | 'pausedConn' | 'waits' | 'disk'> {
  const c = t.config;
  const rdb = isMaster || !keepsSyncFile(c) ? null : { data: EMPTY, replid, offset: 0 };
  const started = processStart(t.seed, name, setupMin);
  return {
    aof: { on: c.appendonly, fsyncUntil: 0, fsyncTarget: null, lastFsyncSec: unixtime(t.seed, started), postponedSince: 0, fsyncMs: c.fsyncMs },
    rdbSave: { dirty: 0, lastSave: started, child: null },
    clientsPausedUntil: 0,
    pausedConn: 0,
    waits: [],
    disk: {
      aofExists: c.appendonly, aofWritten: EMPTY, aofDurable: EMPTY, aofDirty: [], rdb, rdbDurable: rdb,
      nodesConf: null, nodesConfDurable: null, nodesConfDirty: [], redisConf: { replicaof, set: {} },
    },
  };
}

