// The initial state of a standalone deployment (topology sentinel or replication): M and its
// replicas R1…Rn, each replica synced with the master its redis.conf names (config.replicaof; a
// chain R2 → R1 → M shares M's replid and offsets), no cluster bus and no nodes.conf.
import { EMPTY } from '../kernel/history.ts';
import { hexId } from '../kernel/rng.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { ClusterView } from '../cluster/state.ts';
import { nodeNames, type Trace } from '../kernel/trace.ts';
import { initSentinels } from '../sentinel/init.ts';
import { connectSyncedReplica, cronDrift, emptyState, initNetwork, nodeConfig, scheduleFirstTimers, startCronloops, initialPersistence, SETUP_MIN_MS } from '../kernel/initNode.ts';

/** Each data node's master at creation: config.replicaof, else M (M itself: none). */
export function initialMasterOf(t: Trace, name: NodeName): NodeName | null {
  if (name === 'M') return null;
  return t.config.replicaof[name] ?? 'M';
}

/**
 * The cluster view of a standalone node: inert (no peers, no slots, never changed; clusterCron does
 * not run). cronIteration still counts serverCron's cronloops (serverCron's run_with_period).
 */
export function inertClusterView(cronloops: number): ClusterView {
  return {
    currentEpoch: 0, lastVoteEpoch: 0, configEpoch: 0, state: 'ok', size: 0, slots: [], peers: {}, pongReceived: [], firstCallTime: 0, amongMinorityTime: 0,
    election: { authTime: -1e12, authCount: 0, authSent: false, authRank: 0, authEpoch: 0, cantFailoverReason: 'none' },
    mf: { end: 0, replica: null, masterOffset: -1, canStart: false, mode: null }, cronIteration: cronloops, statsPfailNodes: 0, votedTime: -1e12, clockPhase: 0,
  };
}

export function standaloneInitialState(t: Trace): State {
  const c = t.config;
  const { masters, replicas } = nodeNames(c);
  const all = [...masters, ...replicas];
  const s = emptyState(t, []);
  // One history for the whole chain: every node took M's replid at its full sync.
  const replid = hexId(t.seed, 'replid', 'M');
  for (const name of all) {
    const master = initialMasterOf(t, name);
    const isMaster = master === null;
    const hasReplicas = all.some((x) => initialMasterOf(t, x) === name);
    const n: Node = {
      name, idx: all.indexOf(name), id: hexId(t.seed, 'node-id', name), clusterEnabled: false, proc: 'up', bootedAt: 0, listensAt: 0, cronDrift: cronDrift(t.seed, name, 0), config: nodeConfig(c), role: isMaster ? 'master' : 'replica',
      replid, replid2: '0'.repeat(40), secondReplidOffset: -1, masterReplOffset: 0, data: EMPTY, ownHist: -1, dataGen: 0,
      repl: { state: isMaster ? 'none' : 'connected', master, conn: 0, reploff: 0, lastInteraction: 0, cached: null, downSince: 0, handshakeSince: 0, fullsync: null },
      // A replica made its backlog at its full sync (syncCommand/readSyncBulkPayload); a master only once a replica asked.
      ms: { replicas: {}, goodReplicas: 0, backlogStart: isMaster && !hasReplicas ? null : 1, rdbChild: null, noReplicasSince: 0, selectPending: true },
      cluster: inertClusterView(startCronloops(t.seed, name)),
      ...initialPersistence(t, name, SETUP_MIN_MS[c.topology === 'sentinel' ? 'sentinel' : 'replication'], isMaster, replid, master),
    };
    s.nodes[name] = n;
  }
  initNetwork(s, all);
  for (const name of all) {
    const m = s.nodes[name].repl.master;
    if (m !== null) connectSyncedReplica(s, name, m);
  }
  for (const n of Object.values(s.nodes)) n.ms.goodReplicas = Object.keys(n.ms.replicas).length;
  scheduleFirstTimers(s, all);
  if (c.topology === 'sentinel') initSentinels(s);
  return s;
}
