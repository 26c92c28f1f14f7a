// What Sentinels send and receive (sentinel.c): probes to data nodes and Sentinels, their replies,
// hellos, is-master-down-by-addr, and the SLAVEOF transaction. Each travels on one connection of a
// Sentinel's link (Link.cc or Link.pc), so crashes, pauses and partitions act on it as on any TCP stream.
import type { NodeName } from '../kernel/state.ts';

/** The INFO fields sentinelRefreshInstanceInfo parses (server.c genRedisInfoString). */
export interface InfoReply {
  runId: string;
  role: 'master' | 'slave';
  /** On a master: its online replicas (slaveN lines). */
  slaves: NodeName[];
  masterHost: NodeName | null;
  masterLinkStatus: 'up' | 'down';
  /** master_link_down_since_seconds: null while the link is up (not printed), −1 when repl_down_since is 0. */
  masterLinkDownSinceSeconds: number | null;
  slavePriority: number;
  slaveReplOffset: number;
}

/** A hello (sentinelSendHello): who I am, and which configuration I hold for the master. */
export interface Hello {
  sentinel: NodeName;
  runid: string;
  currentEpoch: number;
  masterName: string;
  masterAddr: NodeName;
  configEpoch: number;
}

export type SentinelBody =
  | { type: 'ping' }
  | { type: 'pong'; reply: 'PONG' | 'LOADING' | 'MASTERDOWN' | 'other' }
  | { type: 'info' }
  | { type: 'info-reply'; info: InfoReply }
  /** PUBLISH __sentinel__:hello to a data node (which fans it out to its subscribers) or to a Sentinel. */
  | { type: 'hello'; hello: Hello }
  /** A hello arriving on a pub/sub connection. */
  | { type: 'hello-message'; hello: Hello }
  | { type: 'is-master-down'; addr: NodeName; epoch: number; runid: string | '*' }
  | { type: 'is-master-down-reply'; down: boolean; leader: string | '*'; leaderEpoch: number }
  /** MULTI; SLAVEOF …; CONFIG REWRITE; CLIENT KILL TYPE normal; CLIENT KILL TYPE pubsub; EXEC (sentinelSendSlaveOf). */
  | { type: 'slaveof'; master: NodeName | null }
  /** The peer's kernel closed the connection (its process died). */
  | { type: 'closed' };

export interface SentinelMsg {
  from: NodeName;
  to: NodeName;
  conn: number;
  fromBoot: number;
  body: SentinelBody;
}
