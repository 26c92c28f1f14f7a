// A Sentinel process's state (sentinel.c sentinelState, sentinelRedisInstance, instanceLink), and
// its sentinel.conf on disk. One monitored master per deployment ("mymaster"); every address is a
// node name. Sentinels learn about each other and about the data nodes only through messages.
import type { NodeName } from '../kernel/state.ts';

export type FailoverState =
  | 'none' | 'wait_start' | 'select_slave' | 'send_slaveof_noone' | 'wait_promotion' | 'reconf_slaves' | 'update_config';

/** instanceLink: the connections to one monitored instance (a Sentinel peer has no pub/sub one). */
export interface Link {
  /** Connection number of the command connection; 0: none. */
  cc: number;
  /** Connection number of the pub/sub connection (data nodes only); 0: none. */
  pc: number;
  /** 1 until the needed connections exist (link->disconnected). */
  disconnected: boolean;
  /** The peer's process incarnation the connections were made to: a restarted peer's kernel resets them. */
  peerBoot: number;
  pendingCommands: number;
  ccConnTime: number;
  pcConnTime: number;
  pcLastActivity: number;
  /** When the oldest unanswered PING was sent; 0 once answered. Set to now when the link is created. */
  actPingTime: number;
  lastPingTime: number;
  /** Any reply. */
  lastPongTime: number;
  /** A valid reply (PONG, -LOADING, -MASTERDOWN). */
  lastAvailTime: number;
  lastReconnTime: number;
}

/** What INFO told us about a replica, and the failover flags of its record (SRI_SLAVE). */
export interface ReplicaRecord {
  addr: NodeName;
  runid: string | null;
  sdown: boolean;
  sDownSinceTime: number;
  promoted: boolean;
  /**
   * SRI_RECONF_SENT / _INPROG / _DONE. A replica whose RECONF_SENT timed out becomes DONE and, in the
   * same loop, may be sent SLAVEOF again: DONE with SENT, then with INPROG (sentinelFailoverReconfNextSlave).
   */
  reconf: 'none' | 'sent' | 'inprog' | 'done' | 'done-sent' | 'done-inprog';
  slaveReconfSentTime: number;
  roleReported: 'master' | 'slave';
  roleReportedTime: number;
  slaveMasterHost: NodeName | null;
  slaveConfChangeTime: number;
  slaveMasterLinkStatus: 'up' | 'down';
  /** ms, from master_link_down_since_seconds; 0 on every INFO that does not print it; −1000 for "-1". */
  masterLinkDownTime: number;
  slavePriority: number;
  slaveReplOffset: number;
  infoRefresh: number;
  lastPubTime: number;
  link: Link;
}

/** Another Sentinel, as this one knows it (SRI_SENTINEL). */
export interface SentinelRecord {
  addr: NodeName;
  runid: string;
  sdown: boolean;
  sDownSinceTime: number;
  /** Its last answer to is-master-down-by-addr said "down" (SRI_MASTER_DOWN). */
  masterDown: boolean;
  lastMasterDownReplyTime: number;
  /** Its vote as it last reported it to us. */
  leader: string | null;
  leaderEpoch: number;
  lastHelloTime: number;
  lastPubTime: number;
  link: Link;
}

/** The monitored master's record (SRI_MASTER), keyed by name in Redis; one per deployment here. */
export interface MasterRecord {
  name: string;
  addr: NodeName;
  quorum: number;
  downAfterPeriod: number;
  failoverTimeout: number;
  parallelSyncs: number;
  masterRebootDownAfterPeriod: number;
  configEpoch: number;
  /** This Sentinel's own vote: whom (not saved in sentinel.conf) and in which epoch (saved). */
  leader: string | null;
  leaderEpoch: number;
  sdown: boolean;
  odown: boolean;
  failoverInProgress: boolean;
  forceFailover: boolean;
  masterReboot: boolean;
  sDownSinceTime: number;
  oDownSinceTime: number;
  runid: string | null;
  roleReported: 'master' | 'slave';
  roleReportedTime: number;
  infoRefresh: number;
  masterRebootSinceTime: number;
  failoverState: FailoverState;
  failoverEpoch: number;
  /** May lie in the future: it carries a jitter of up to 999 ms. */
  failoverStartTime: number;
  failoverStateChangeTime: number;
  promotedSlave: NodeName | null;
  /** failover_delay_logged: the failover_start_time the "Next failover delay" line was logged for. */
  failoverDelayLogged?: number;
  /** Never removed except by SENTINEL RESET. */
  slaves: Record<NodeName, ReplicaRecord>;
  /** Other Sentinels by address; never removed except by RESET: their number fixes N. */
  sentinels: Record<NodeName, SentinelRecord>;
  lastPubTime: number;
  link: Link;
}

/** sentinel.conf: what survives a restart (sentinelFlushConfig; every save is atomic and fsynced). */
export interface SentinelConf {
  myid: string;
  /** `sentinel monitor` address: sentinelGetCurrentMasterAddress at the time of the save. */
  addr: NodeName;
  configEpoch: number;
  leaderEpoch: number;
  currentEpoch: number;
  knownReplicas: NodeName[];
  /** known-sentinel lines: address and runid. */
  knownSentinels: Array<{ addr: NodeName; runid: string }>;
}

export interface SentinelProc {
  name: NodeName;
  /** Place in the network tables, after every data node (the client is last). */
  idx: number;
  proc: 'up' | 'down' | 'paused';
  bootedAt: number;
  /** s.net.nextConn when SIGSTOP came (as for a data node). */
  pausedConn: number;
  myid: string;
  currentEpoch: number;
  tilt: boolean;
  tiltStartTime: number;
  /** The wall clock at the last sentinelTimer tick (TILT compares against it). */
  previousTime: number;
  /** Wall clock − simulated time, ms: a `clock` event moves it. */
  clockOffset: number;
  /** sentinelTimer calls since this process started: the tick's index in the jitter's hash. */
  cronloops: number;
  /** The timer came due while the process was stopped: it runs again on SIGCONT. */
  timerHeld: boolean;
  master: MasterRecord;
  conf: SentinelConf;
  /** SENTINEL SIMULATE-FAILURE's flag (simfailure_flags), absent when none: where this process exits. */
  simFailure?: SimFailureMode;
}

/** SENTINEL_SIMFAILURE_CRASH_AFTER_ELECTION / _AFTER_PROMOTION, or none (SENTINEL_SIMFAILURE_NONE: the flags cleared). */
export type SimFailureMode = 'crash-after-election' | 'crash-after-promotion' | 'none';

/**
 * One accepted TCP connection to a Sentinel or a data node (the server's end): who connected, to
 * which process incarnation, and whether it is a pub/sub (SUBSCRIBE __sentinel__:hello) one. It
 * exists while the server's end is open; the connecting end is the Link's cc or pc (or a client).
 */
export interface SentinelConn {
  from: NodeName;
  to: NodeName;
  toBoot: number;
  pubsub: boolean;
}

/**
 * A Sentinel-aware client (redis-py's SentinelConnectionPool): the master address it last got from a
 * Sentinel, the writes waiting for one, and the query in flight (to S1 first, then S2 …).
 */
export interface SentinelClientView {
  /** null: ask the Sentinels before the next write. */
  master: NodeName | null;
  /** Writes (ids) waiting for an address. */
  waiting: string[];
  /** The query in flight: its number and the index of the Sentinel asked; null when none. */
  query: { qid: number; sentinel: number } | null;
  nextQid: number;
}
