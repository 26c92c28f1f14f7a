// The initial state of a cluster: just after `redis-cli --cluster create` with its replicas synced —
// slots split as redis-cli splits them. redis-cli gives every node a config epoch (CLUSTER
// SET-CONFIG-EPOCH 1, 2, 3… in node order, masters first), so currentEpoch is the number of nodes.
import { EMPTY } from '../kernel/history.ts';
import { clockPhase } from '../kernel/clock.ts';
import { nodesConfOf } from './nodesconf.ts';
import { hexId, pickAfter, prefix } from '../kernel/rng.ts';
import { copyTable, initialSlots, tableFrom } from './slots.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import { newPeerView, pongTable, type PeerView } from './state.ts';
import { shardOfName } from './names.ts';
import { nodeNames, type Trace } from '../kernel/trace.ts';
import { connectSyncedReplica, cronDrift, emptyState, initNetwork, nodeConfig, scheduleFirstTimers, startCronloops, initialPersistence, SETUP_MIN_MS } from '../kernel/initNode.ts';

export function clusterInitialState(t: Trace): State {
  const c = t.config;
  const { masters, replicas } = nodeNames(c);
  const slots = initialSlots(c.masters);
  const table = tableFrom(masters.map((m, i) => ({ owner: m, slots: slots[i] })));
  const all = [...masters, ...replicas];
  // Each node's place, role, master and config epoch, looked up once: the peer tables below have
  // N × N entries (160,000 at 200 masters), so nothing per entry may scan the name lists.
  const masterOf = new Map(replicas.map((r) => [r, masters.find((m) => m === shardOfName(r))!]));
  const idxOf = new Map(all.map((x, i) => [x, i]));
  const epochOf = new Map(masters.map((m, i) => [m, i + 1]));
  const s = emptyState(t, copyTable(table));
  // Each node's records also in a list, in the table's key order: the passes below walk these
  // instead of 400 dictionaries of 399 keys.
  const records: PeerView[][] = [];
  for (const name of all) {
    const master = masterOf.get(name) ?? null;
    const isMaster = master === null;
    const peers: Record<NodeName, PeerView> = {};
    const list: PeerView[] = [];
    for (const x of all) {
      if (x === name) continue;
      const xm = masterOf.get(x) ?? null;
      list.push(peers[x] = newPeerView(idxOf.get(x)!, xm === null ? 'master' : 'replica', xm, xm === null ? -1 : idxOf.get(xm)!, epochOf.get(xm ?? x)!, false, 0, xm === null && c.replicasPerMaster > 0));
    }
    records.push(list);
    const replid = hexId(t.seed, 'replid', master ?? name);
    const n: Node = {
      name, idx: idxOf.get(name)!, id: hexId(t.seed, 'node-id', name), clusterEnabled: true, proc: 'up', bootedAt: 0, listensAt: 0, cronDrift: cronDrift(t.seed, name, 0), config: nodeConfig(c), role: isMaster ? 'master' : 'replica',
      replid, replid2: '0'.repeat(40), secondReplidOffset: -1, masterReplOffset: 0, data: EMPTY, ownHist: -1, dataGen: 0,
      repl: { state: isMaster ? 'none' : 'connected', master, conn: 0, reploff: 0, lastInteraction: 0, cached: null, downSince: 0, handshakeSince: 0, fullsync: null },
      ms: { replicas: {}, goodReplicas: 0, backlogStart: isMaster && c.replicasPerMaster === 0 ? null : 1, rdbChild: null, noReplicasSince: 0, selectPending: true },
      cluster: {
        currentEpoch: all.length, lastVoteEpoch: 0, configEpoch: idxOf.get(name)! + 1, state: 'ok', size: c.masters, slots: table,
        peers, pongReceived: pongTable(list, 0), firstCallTime: -1e9, amongMinorityTime: -1e9,
        election: { authTime: -1e12, authCount: 0, authSent: false, authRank: 0, authEpoch: 0, cantFailoverReason: 'none' },
        mf: { end: 0, replica: null, masterOffset: -1, canStart: false, mode: null }, cronIteration: startCronloops(t.seed, name), statsPfailNodes: 0, votedTime: -1e12,
        clockPhase: clockPhase(t.seed),
      },
      ...initialPersistence(t, name, SETUP_MIN_MS.cluster, isMaster, replid, null),
    };
    n.disk.nodesConf = nodesConfOf(n);
    n.disk.nodesConfDurable = n.disk.nodesConf;
    s.nodes[name] = n;
  }
  initNetwork(s, all);
  connectInitialLinks(s, records);
  steadyPingPhases(s, t.seed, c.nodeTimeout, records);
  scheduleFirstTimers(s, all);
  return s;
}

/**
 * A trace starts in a cluster that has been running, not at the instant every node met. clusterCron
 * pings a peer once its PONG is NT/2 old, and once a second the peer with the oldest PONG among five
 * random ones: so each pair's last PONG lies anywhere in the last NT/2, or in the last N−1 seconds
 * when those come round sooner (N nodes), drawn per pair from the seed. With one shared instant every
 * node would ping every peer in the same tick, and the time to PFAIL after a fault would follow the
 * fault's phase against that single clock instead of spreading as in a real cluster. Links are as
 * old as the cluster (link->ctime long past). data_received is the later of the peer's PONG and its
 * own PING to me, which it sent when it asked for its PONG from me.
 */
function steadyPingPhases(s: State, seed: number, nt: number, records: PeerView[][]): void {
  const nodes = Object.values(s.nodes);
  const size = nodes.length;
  const half = Math.min(Math.floor(nt / 2), (size - 1) * 1000);
  // pick(half, seed, 'pong-phase', a, b) for every ordered pair, each once, by idx: [a · size + b].
  // 0 - x, not -x: a draw of 0 would be -0, a double, and one stored in a record's field makes V8
  // keep that field of every record as a boxed double from then on.
  const pongAt = new Float64Array(size * size);
  for (const a of nodes) {
    const head = prefix(seed, 'pong-phase', a.name);
    for (const b of nodes) if (b !== a) pongAt[a.idx * size + b.idx] = 0 - pickAfter(half, head, b.name);
  }
  nodes.forEach((n, i) => {
    for (const p of records[i]) {
      const pong = pongAt[n.idx * size + p.idx];
      n.cluster.pongReceived[p.idx] = pong;
      p.dataReceived = Math.max(pong, pongAt[p.idx * size + n.idx]);
      p.linkCreated = -1e9;
    }
  });
}

/** Bus links between every pair (`records`: each node's peer records, aligned with s.nodes) and the replication links of the synced replicas. */
function connectInitialLinks(s: State, records: PeerView[][]): void {
  Object.values(s.nodes).forEach((n, i) => {
    for (const p of records[i]) p.link = ++s.net.nextConn;
    if (n.role === 'replica' && n.repl.master) connectSyncedReplica(s, n.name, n.repl.master);
  });
  for (const n of Object.values(s.nodes)) n.ms.goodReplicas = Object.keys(n.ms.replicas).length;
}
