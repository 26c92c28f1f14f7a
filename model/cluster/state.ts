// A cluster node's own state: nodes.conf as on disk, and its view of the cluster (clusterState +
// clusterNode, cluster.h). Only Redis Cluster nodes use it.
import { NAGLE_NONE, type NagleConn, type NodeName, type Role } from '../kernel/state.ts';
import type { SlotTable } from './slots.ts';

/** nodes.conf content (cluster.c clusterSaveConfig / clusterGenNodeDescription). */
export interface NodesConf {
  currentEpoch: number;
  lastVoteEpoch: number;
  role: Role;
  master: NodeName | null;
  configEpoch: number;
  /** Every known node's line: role, master, configEpoch, fail flag (slots are in the table). */
  peers: Record<NodeName, { role: Role; master: NodeName | null; configEpoch: number; fail: boolean }>;
  slots: SlotTable;
}

export interface PeerView extends NagleConn {
  /** The peer's place in the node table (Node.idx): hot paths index arrays with it, not names. */
  idx: number;
  role: Role;
  master: NodeName | null;
  /** Node.idx of `master`, -1 with none: set with it (clusterCron counts replicas per master by idx). */
  masterIdx: number;
  configEpoch: number;
  pfail: boolean;
  fail: boolean;
  failTime: number;
  /** ms; 0 = no ping pending */
  pingSent: number;
  dataReceived: number;
  /** Last time I voted for a replica of this master. */
  votedTime: number;
  /** Gossiped master_repl_offset / replica offset from the peer's headers. */
  replOffset: number;
  /**
   * Failure reports as Redis keeps them (clusterNode->fail_reports, a list): flat pairs
   * [reporter idx, when, reporter idx, when, …]; null while there has been none (the common case:
   * no array per pair of nodes). A list, not a table by reporter, so that a node's view of 400 nodes
   * does not hold 400 × 400 slots and counting is O(reports).
   */
  failReports: number[] | null;
  /** My outbound link to this peer: a generation number, 0 = no link. */
  link: number;
  /** The link's non-blocking connect is in progress (EINPROGRESS): nothing is sent on it yet (BusConnected ends it). */
  linkPending: boolean;
  linkCreated: number;
  /** the peer's process incarnation when the link was made: a restarted peer resets it (kernel RST) */
  linkPeerBoot: number;
  nofailover: boolean;
  /** MIGRATE_TO: this master has had replicas (a target for replica migration when orphaned). */
  migrateTo: boolean;
  /** orphaned_time: since when this master has been orphaned, as clusterHandleSlaveMigration last saw it (0: not orphaned). */
  orphanedTime: number;
  /** Peer is in manual-failover pause (mflags PAUSED seen in its last header). */
  paused: boolean;
}

/**
 * voted_time before any vote (createClusterNode's 0, ages ago on the wall clock): longer ago than
 * 2·NT for any node timeout and trace length a trace accepts. A small integer, not -1e12: V8 keeps
 * a field that ever held a number outside ±2^31 as a boxed double in every record.
 */
export const NEVER_VOTED = -(2 ** 30);

/**
 * A new peer record (clusterCreateNode, or a nodes.conf line at boot): `now` is its data_received
 * (and pong_received, in ClusterView.pongReceived: see pongTable), and its fail_time when it comes
 * back flagged FAIL. Every record is made here,
 * so all share one V8 shape, with the fields read for every message from the peer first (its
 * header's epoch, offset and flags, data_received, ping_sent, the link): a 400-node
 * cluster holds 160,000 records, far more than the processor's caches, and each message reads one at
 * random; these fit in two cache lines of the three the record takes.
 */
export function newPeerView(idx: number, role: Role, master: NodeName | null, masterIdx: number, configEpoch: number, fail: boolean, now: number, migrateTo: boolean): PeerView {
  return {
    pfail: false, fail, role, master, link: 0, idx, pingSent: 0, dataReceived: now,
    configEpoch, replOffset: 0, paused: false, nofailover: false,
    linkCreated: 0, masterIdx, failReports: null, linkPending: false, linkPeerBoot: 0, failTime: fail ? now : 0, votedTime: NEVER_VOTED, migrateTo, orphanedTime: 0,
    nagleLink: 0, nagleAckAt: 0, nagleHeldAckAt: NAGLE_NONE,
  };
}

export interface Election {
  authTime: number;
  authCount: number;
  authSent: boolean;
  authRank: number;
  authEpoch: number;
  cantFailoverReason: string;
}

export interface ManualFailover {
  /** mf_end: 0 when no manual failover is in progress. */
  end: number;
  /** On the master: the replica it paused for. */
  replica: NodeName | null;
  /** On the replica: master offset announced with PAUSED, -1 until seen. */
  masterOffset: number;
  canStart: boolean;
  mode: 'default' | 'force' | 'takeover' | null;
}

export interface ClusterView {
  currentEpoch: number;
  lastVoteEpoch: number;
  configEpoch: number;
  state: 'ok' | 'fail';
  /** size: masters with ≥ 1 slot, failed ones included (clusterUpdateState). */
  size: number;
  slots: SlotTable;
  peers: Record<NodeName, PeerView>;
  /**
   * Each peer's pong_received (clusterNode->pong_received), by the peer's idx; my own entry is
   * unused. Kept out of the peer records in one dense array per node: gossip refreshes it for a
   * dozen peers per message in a 400-node cluster, and a record of 160,000 is a cache miss.
   */
  pongReceived: number[];
  /** statics of clusterUpdateState */
  firstCallTime: number;
  amongMinorityTime: number;
  election: Election;
  mf: ManualFailover;
  cronIteration: number;
  /** stats_pfail_nodes: peers flagged PFAIL when clusterCron last counted them (gossip's pfail_wanted). */
  statsPfailNodes: number;
  /** myself->voted_time: when I last voted for one of my own replicas (manual failover). */
  votedTime: number;
  /** The host clock's phase within a second (clock.ts clockPhase): gossip's pong_received counts wall seconds. */
  clockPhase: number;
}

/** A new ClusterView.pongReceived: `now` for every peer of `views` (and my own, unused, entry below the last). */
export function pongTable(views: PeerView[], now: number): number[] {
  let size = 0;
  for (const p of views) size = Math.max(size, p.idx + 1);
  return new Array<number>(size).fill(now);
}
