// Redis 7.0.15 defaults for every option a trace may set, in one place (config.c standardConfig table).
// Keys are the Redis option names in camelCase without the `cluster-` prefix, in Redis's own unit.

export type Appendfsync = 'always' | 'everysec' | 'no';
export type DisklessLoad = 'disabled' | 'on-empty-db' | 'swapdb';

/** The deployment kind a trace runs (design §3 "Deployment kinds"). */
export type Topology = 'cluster' | 'sentinel' | 'replication';

export interface Config {
  /** cluster (the default): Redis Cluster; sentinel: M, R1…Rn and Sentinels S1…Sk; replication: M, R1…Rn wired by replicaof. */
  topology: Topology;
  /** Topology: number of slot-owning masters (A, B, C, …); 1 for sentinel and replication. */
  masters: number;
  /** Topology: replicas per master (A1, A2, …). */
  replicasPerMaster: number;
  /** cluster-node-timeout, ms. */
  nodeTimeout: number;
  appendonly: boolean;
  appendfsync: Appendfsync;
  /** save points as [seconds, changes]; [] is `save ""`. */
  save: Array<[number, number]>;
  requireFullCoverage: boolean;
  allowReadsWhenDown: boolean;
  replicaValidityFactor: number;
  replicaNoFailover: boolean;
  allowReplicaMigration: boolean;
  migrationBarrier: number;
  minReplicasToWrite: number;
  /** min-replicas-max-lag, seconds. */
  minReplicasMaxLag: number;
  /** repl-backlog-size, bytes. */
  replBacklogSize: number;
  replDisklessSync: boolean;
  /** repl-diskless-sync-delay, seconds. */
  replDisklessSyncDelay: number;
  replDisklessLoad: DisklessLoad;
  rdbDelSyncFiles: boolean;
  /** repl-ping-replica-period, seconds. */
  replPingReplicaPeriod: number;
  /** repl-timeout, seconds. */
  replTimeout: number;
  /** replica-priority: 0 means never promoted by Sentinel (standalone only; Cluster ignores it). */
  replicaPriority: number;
  // --- sentinel and replication topologies (design §3) ---
  /** Replicas R1…Rn of the standalone master M. */
  replicas: number;
  /** replication: each replica's master at creation ({ R2: "R1" } makes a chain); unlisted replicas follow M. */
  replicaof: Record<string, string>;
  /** sentinel: Sentinel processes S1…Sk. */
  sentinels: number;
  /** sentinel.conf `sentinel monitor … <quorum>`. */
  quorum: number;
  /** sentinel.conf down-after-milliseconds, ms. */
  downAfterMilliseconds: number;
  /** sentinel.conf failover-timeout, ms. */
  failoverTimeout: number;
  parallelSyncs: number;
  /** sentinel.conf master-reboot-down-after-period, ms (0: off). */
  masterRebootDownAfterPeriod: number;
  // --- Not Redis options: properties of the simulated environment (documented in README). ---
  /** One-way network latency between any two hosts, ms. */
  latency: number;
  /**
   * TCP delayed-ACK time of the hosts (Linux: 40 ms), ms; 0 turns the effect off. Redis 7.0 sets
   * TCP_NODELAY only on accepted cluster-bus connections, so Nagle holds a message on an outbound
   * link while an earlier one is unacknowledged (see lib/net.ts sendBus).
   */
  delayedAck: number;
  /** How long a client waits for a reply before it counts the write as unknown, ms. */
  clientTimeout: number;
  /** Duration of one fsync on a healthy disk, ms (a `disk` event can slow it). */
  fsyncMs: number;
  /** Linux dirty writeback: page-cache data older than this is flushed (vm.dirty_expire_centisecs), ms. */
  dirtyExpire: number;
}

export const DEFAULTS: Readonly<Config> = Object.freeze({
  topology: 'cluster',
  masters: 3,
  replicasPerMaster: 1,
  nodeTimeout: 15000,
  appendonly: false,
  appendfsync: 'everysec',
  save: [[3600, 1], [300, 100], [60, 10000]],
  requireFullCoverage: true,
  allowReadsWhenDown: false,
  replicaValidityFactor: 10,
  replicaNoFailover: false,
  allowReplicaMigration: true,
  migrationBarrier: 1,
  minReplicasToWrite: 0,
  minReplicasMaxLag: 10,
  replBacklogSize: 1024 * 1024,
  replDisklessSync: true,
  replDisklessSyncDelay: 5,
  replDisklessLoad: 'disabled',
  rdbDelSyncFiles: false,
  replPingReplicaPeriod: 10,
  replTimeout: 60,
  replicaPriority: 100,
  replicas: 2,
  replicaof: {},
  sentinels: 3,
  // sentinel.c: sentinel_default_down_after 30000, sentinel_default_failover_timeout 180000,
  // SENTINEL_DEFAULT_PARALLEL_SYNCS 1; the quorum has no default (the shipped sentinel.conf says 2).
  quorum: 2,
  downAfterMilliseconds: 30000,
  failoverTimeout: 180000,
  parallelSyncs: 1,
  masterRebootDownAfterPeriod: 0,
  latency: 1,
  delayedAck: 40,
  clientTimeout: 2000,
  fsyncMs: 2,
  dirtyExpire: 30000,
}) as Config;

/** Options that are the deployment's or the environment's, not a data node's. */
export type DeploymentKey = 'topology' | 'masters' | 'replicasPerMaster' | 'latency' | 'delayedAck' | 'clientTimeout'
  | 'replicas' | 'replicaof' | 'sentinels' | 'quorum' | 'downAfterMilliseconds' | 'failoverTimeout' | 'parallelSyncs' | 'masterRebootDownAfterPeriod';

/** Options that can differ per node at run time (CONFIG SET); topology cannot. */
export type NodeConfig = Omit<Config, DeploymentKey>;

// --- cluster.h constants ---
export const CLUSTER_SLOTS = 16384;
export const CRON_MS = 100; // clusterCron, server.hz = 10
export const CLUSTER_FAIL_REPORT_VALIDITY_MULT = 2;
export const CLUSTER_FAIL_UNDO_TIME_MULT = 2;
export const CLUSTER_MF_TIMEOUT = 5000;
export const CLUSTER_MF_PAUSE_MULT = 2;
export const CLUSTER_SLAVE_MIGRATION_DELAY = 5000;
export const CLUSTER_WRITABLE_DELAY = 2000;
/** Wall clock at simulated time 0, seconds since the Unix epoch (repl_down_since = 0 is "since EVER"). */
export const UNIX_EPOCH_AT_T0 = 1_700_000_000;
