// The model's state, grouped by lifetime as in raft.tla: per-node volatile process state, durable disk
// state, each node's own view of the cluster, the network, the agenda, and ghost history (kept only
// for checking). Plain objects, arrays, strings and numbers, except the shared HistoryStore.
import type { Config, NodeConfig } from './config.ts';
import type { DataRef, HistoryStore } from './history.ts';
import type { SlotTable } from '../cluster/slots.ts';
import type { ClusterView, NodesConf } from '../cluster/state.ts';
import type { MasterSide, ReplicaSide } from '../replication/state.ts';
import type { SentinelClientView, SentinelConn, SentinelProc } from '../sentinel/state.ts';
import type { Action } from './actions.ts';

export type NodeName = string;
export type Role = 'master' | 'replica';

// ---------- durable state (what survives a crash, per machine) ----------

export interface Rdb {
  data: DataRef;
  /** aux fields repl-id / repl-offset (rdbPopulateSaveInfo); null when saved without repl info. */
  replid: string | null;
  offset: number;
}

export interface Disk {
  /** The AOF exists (appendonly was on at some point, aof files created). */
  aofExists: boolean;
  /** Up to where the AOF has been write()n to the page cache. */
  aofWritten: DataRef;
  /** Up to where it is on stable storage. */
  aofDurable: DataRef;
  /** Page-cache samples for the kernel's dirty writeback (appendfsync no), oldest first: [time, ref]. */
  aofDirty: Array<[number, DataRef]>;
  rdb: Rdb | null;
  rdbDurable: Rdb | null;
  /** nodes.conf (cluster nodes only; null for a standalone node). */
  nodesConf: NodesConf | null;
  nodesConfDurable: NodesConf | null;
  nodesConfDirty: Array<[number, NodesConf]>;
  /**
   * redis.conf: the options read at boot, changed by CONFIG REWRITE and by an operator's edit;
   * written whole and durably. A cluster node's `replicaof` line stays null (nodes.conf decides).
   */
  redisConf: RedisConf;
}

/** A standalone node's redis.conf: its `replicaof` line and the options it sets over the trace's config. */
export interface RedisConf {
  replicaof: NodeName | null;
  set: Partial<NodeConfig>;
}

// ---------- the node ----------

export interface Node {
  name: NodeName;
  /** Fixed place in the node table (0…N-1, creation order); the client is N. */
  idx: number;
  id: string;
  /** server.cluster_enabled: a Redis Cluster node (false: standalone, wired by replicaof). */
  clusterEnabled: boolean;
  proc: 'up' | 'down' | 'paused';
  bootedAt: number;
  /**
   * When this incarnation started listening and entered aeMain (a restarted process's first
   * serverCron; 0 for the processes running at T0): before it, a connect to the node is refused.
   */
  listensAt: number;
  /** Hundredths of a ms each serverCron tick of this incarnation adds to 1000/hz (initNode.ts cronDrift). */
  cronDrift: number;
  config: NodeConfig;
  role: Role;
  replid: string;
  replid2: string;
  secondReplidOffset: number;
  masterReplOffset: number;
  /** The dataset in memory. */
  data: DataRef;
  /** The history this node appends to while master (-1: none yet; it forks one on its first write). */
  ownHist: number;
  /** Incremented each time data is replaced by a sync or load (for the per-step reports). */
  dataGen: number;
  repl: ReplicaSide;
  ms: MasterSide;
  cluster: ClusterView;
  /** persistence bookkeeping (aof_buf is the gap between data and disk.aofWritten) */
  aof: {
    on: boolean;
    fsyncUntil: number;
    fsyncTarget: DataRef | null;
    lastFsyncSec: number;
    postponedSince: number;
    fsyncMs: number;
  };
  rdbSave: { dirty: number; lastSave: number; child: { until: number; data: DataRef; replid: string; offset: number } | null };
  /** Pipelined WAITs blocked on this master: the write's offset and the replicas wanted. */
  waits: Array<{ wid: string; woff: number; replicas: number }>;
  /** write-pause for a manual failover (pauseClients PAUSE_WRITE) until this time */
  clientsPausedUntil: number;
  /** s.net.nextConn when SIGSTOP came: links numbered above it were accepted by the kernel while it slept. */
  pausedConn: number;
  disk: Disk;
}

// ---------- network and clients ----------

export interface Network {
  /** node (or "client") → partition group index; everyone in the same group reaches everyone. */
  group: Record<string, number>;
  /** extra one-way latency "from>to" → ms; replaced whole when it changes (lib/net.ts reads it so). */
  delay: Record<string, number>;
  /**
   * Each node's process incarnation by idx: its bootedAt while it runs (or is paused), -1 while it
   * is down. What a peer's kernel sees of it; clusterCron compares it with each link's linkPeerBoot
   * every tick, so it is one array instead of a look at every peer's Node.
   */
  incarnation: number[];
  /**
   * Last delivery time per channel, [from.idx][to.idx] (the client is idx N), to keep each TCP stream
   * FIFO: written only for an arrival later than its send time + latency (blocked, delayed or held
   * back), as only such a one can be later than a message sent after it (kernel/net.ts arrival).
   */
  lastDelivery: number[][];
  /** The latest time in lastDelivery: an arrival at or after it needs no look at its channel. */
  lateUntil: number;
  nextConn: number;
  /**
   * Connections (by number) with data lost to a partition: when its first lost segment was sent.
   * TCP retransmits from then on with a doubling RTO, so after a heal the data goes at the next retry.
   */
  unacked: Record<number, number>;
  /**
   * Connections whose lost data TCP retransmitted: when that data arrives. The receiver's kernel
   * passes nothing that follows it on the connection before it (in-order delivery).
   */
  resent: Record<number, number>;
}

/**
 * What the connecting side of a bus link has in flight (kernel/net.ts nagleSend), kept in the
 * owner's record of the peer (cluster/state.ts PeerView), where sending reads it anyway.
 */
export interface NagleConn {
  /** The link these fields are for: a new link (another number) starts with nothing in flight. */
  nagleLink: number;
  /** When the ACK for the data in flight reaches the sender (it may send again from then on). */
  nagleAckAt: number;
  /** Data held back by Nagle leaves at nagleAckAt, and its own ACK comes at this time; NAGLE_NONE: nothing held. */
  nagleHeldAckAt: number;
}

/** NagleConn.nagleHeldAckAt with nothing held (times are never negative). */
export const NAGLE_NONE = -1;

export type WriteResult = 'pending' | 'acked' | 'refused' | 'unknown';

export interface WriteRecord {
  id: string;
  key: string;
  slot: number;
  sentAt: number;
  /** node that applied it (if any) and when */
  appliedBy: NodeName | null;
  appliedAt: number;
  result: WriteResult;
  error: string | null;
  repliedAt: number;
  wait: { replicas: number; timeout: number; acked: number | null } | null;
  /** SET … PX: the key's time to live in ms (absent: no TTL). */
  px?: number;
}

export interface Client {
  /** The client's slot map (refreshed from a node's view on MOVED or a connection error). */
  slots: SlotTable;
  nextWrite: number;
  /** Standalone topologies: the node the client last wrote to (null: none yet). */
  node: NodeName | null;
  /** In a sentinel deployment: where the client's writes go and how it finds out (model/sentinel/client.ts). */
  sentinel?: SentinelClientView;
}

// ---------- ghost state ----------

export interface TimelineEntry {
  at: number;
  node: NodeName;
  event: string;
  about?: NodeName;
  from?: NodeName;
  epoch?: number;
  detail?: string;
  [k: string]: unknown;
}

export interface Scheduled {
  at: number;
  seq: number;
  action: Action;
}

export interface State {
  now: number;
  seed: number;
  config: Config;
  nodes: Record<NodeName, Node>;
  /** The Sentinel processes of a sentinel deployment (none otherwise). */
  sentinels: Record<NodeName, SentinelProc>;
  /** Open server ends of the connections Sentinels (and Sentinel-aware clients) made, by connection number. */
  sentinelConns: Record<number, SentinelConn>;
  net: Network;
  client: Client;
  writes: WriteRecord[];
  timeline: TimelineEntry[];
  /** Deliveries waiting for a paused process (its socket buffers) or a healed partition (TCP retransmits). */
  held: Record<NodeName, Action[]>;
  /** The protocol agenda: a time-ordered queue (ties broken by seq). */
  agenda: Scheduled[];
  seq: number;
  store: HistoryStore;
}
