// A process boots from its disk alone (server.c loadDataFromDisk): the trace's configuration
// (CONFIG SET is forgotten) and, for a cluster node, nodes.conf (cluster.c clusterLoadConfig); for a
// standalone node, its redis.conf (options and the replicaof line); then the AOF if appendonly,
// else dump.rdb (a master skips the keys already expired in it: model/kernel/expire.ts).
import { EMPTY } from './history.ts';
import { cronDrift, nodeConfig } from './initNode.ts';
import type { Node, State } from './state.ts';
import { newPeerView, pongTable, type PeerView } from '../cluster/state.ts';
import type { NodesConf } from '../cluster/state.ts';
import { copyTable } from '../cluster/slots.ts';
import { changeReplicationId, clearReplicationId2 } from '../replication/replication.ts';
import { inertClusterView } from '../replication/init.ts';
import { rdbLoadSkipExpired } from './expire.ts';
import { hash, uint32Mod } from './rng.ts';
import { clockPhase, unixtime } from './clock.ts';
import { setIncarnation } from './net.ts';

/**
 * From the restart (the harness's spawn) to aeMain's first event-loop pass, where serverCron first
 * runs: fork/exec, initServer, loadDataFromDisk. Measured on 7.0.15: 8–10 ms ("Ready to accept
 * connections", the first serverCron a ms later) on an idle machine, 10–66 ms spawned by the
 * conformance harness on a loaded one; stable per (seed, node, boot).
 */
export function startupMs(seed: number, name: string, bootedAt: number): number {
  return 10 + uint32Mod(hash(seed, name, 'startup', bootedAt), 57);
}

export function boot(s: State, n: Node): void {
  n.proc = 'up';
  n.bootedAt = s.now;
  // main(): initServer opens the listening sockets (listenToPort) only after exec and the config, and
  // loadDataFromDisk (a few ms here) comes before aeMain, whose first pass runs serverCron: a connect
  // before then is refused, so listening and the first serverCron are taken as one instant.
  n.listensAt = s.now + startupMs(s.seed, n.name, s.now);
  n.cronDrift = cronDrift(s.seed, n.name, s.now);
  setIncarnation(s, n.idx, s.now);
  const file = n.disk.redisConf;
  n.config = { ...nodeConfig(s.config), ...file.set };
  // loadServerConfig: a `replicaof` line sets masterhost (replicaofCommand's config twin), so the
  // node starts as a replica in REPL_STATE_CONNECT; replicationCron connects at its first run.
  const conf = n.clusterEnabled ? n.disk.nodesConf! : null;
  const master = conf ? (conf.role === 'replica' ? conf.master : null) : file.replicaof;
  n.role = master === null ? 'master' : 'replica';
  if (conf) n.cluster = clusterViewFrom(s, conf);
  else n.cluster = inertClusterView(0);
  // initServerConfig: a random replid, offset 0, repl_down_since = 0 ("since EVER").
  changeReplicationId(s, n, 'boot');
  clearReplicationId2(n);
  n.masterReplOffset = 0;
  // A cluster node's replication is set by clusterCron (clusterSetMaster); a standalone one is CONNECT at once.
  const state = !conf && master !== null ? 'connect' : 'none';
  n.repl = { state, master, conn: 0, reploff: 0, lastInteraction: 0, cached: null, downSince: 0, handshakeSince: 0, fullsync: null };
  n.ms = { replicas: {}, goodReplicas: 0, backlogStart: null, rdbChild: null, noReplicasSince: s.now, selectPending: true };
  // initServerConfig: aof_last_fsync = time(NULL), so the boot's own second gets no everysec fsync.
  n.aof = { on: n.config.appendonly, fsyncUntil: 0, fsyncTarget: null, lastFsyncSec: unixtime(s.seed, s.now), postponedSince: 0, fsyncMs: n.aof.fsyncMs };
  n.rdbSave = { dirty: 0, lastSave: s.now, child: null };
  n.clientsPausedUntil = 0;
  n.waits = [];
  n.ownHist = -1;
  n.dataGen++;
  loadData(s, n);
}

/** clusterLoadConfig: fail flags come back with fail_time = now; replica lines get configEpoch 0. */
function clusterViewFrom(s: State, conf: NodesConf): Node['cluster'] {
  const peers: Record<string, PeerView> = {};
  for (const [x, p] of Object.entries(conf.peers)) {
    const masterIdx = p.master === null ? -1 : s.nodes[p.master].idx;
    peers[x] = newPeerView(s.nodes[x].idx, p.role, p.master, masterIdx, p.role === 'replica' ? 0 : p.configEpoch, p.fail, s.now, p.role === 'master');
  }
  return {
    currentEpoch: conf.currentEpoch, lastVoteEpoch: conf.lastVoteEpoch, configEpoch: conf.configEpoch, state: 'fail', size: 1,
    slots: copyTable(conf.slots), peers, pongReceived: pongTable(Object.values(peers), s.now), firstCallTime: 0, amongMinorityTime: 0,
    election: { authTime: -1e12, authCount: 0, authSent: false, authRank: 0, authEpoch: 0, cantFailoverReason: 'none' },
    mf: { end: 0, replica: null, masterOffset: -1, canStart: false, mode: null }, cronIteration: 0, statsPfailNodes: 0, votedTime: -1e12,
    clockPhase: clockPhase(s.seed),
  };
}

function loadData(s: State, n: Node): void {
  if (n.config.appendonly) {
    // AOF_NOT_EXIST: start empty even when a dump.rdb exists.
    n.data = n.disk.aofExists ? n.disk.aofWritten : EMPTY;
    if (!n.disk.aofExists) { n.disk.aofExists = true; n.disk.aofWritten = EMPTY; n.disk.aofDurable = EMPTY; }
    return;
  }
  const rdb = n.disk.rdb;
  n.data = rdb ? rdb.data : EMPTY;
  if (!rdb) return;
  if (rdb.replid === null) { rdbLoadSkipExpired(s, n, false); return; }
  if (n.role === 'replica') {
    // replicationCacheMasterUsingMyself: the RDB's repl-id/offset become the cached master for PSYNC.
    n.replid = rdb.replid;
    n.masterReplOffset = rdb.offset;
    n.repl.cached = { replid: rdb.replid, reploff: rdb.offset };
  } else {
    n.replid2 = rdb.replid;
    n.secondReplidOffset = rdb.offset + 1;
    n.masterReplOffset = rdb.offset;
    n.ms.backlogStart = rdb.offset + 1; // the backlog is kept, rebased, with nothing in it
    rdbLoadSkipExpired(s, n, true);
  }
}
