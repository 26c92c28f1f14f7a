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
  /** A hello PUBLISH in the replication stream, as a replica applies it (conn: the replication link). */
  | { type: 'publish-propagated'; hello: Hello }
  /** A hello arriving on a pub/sub connection. */
  | { type: 'hello-message'; hello: Hello }
  | { type: 'is-master-down'; addr: NodeName; epoch: number; runid: string | '*' }
  | { type: 'is-master-down-reply'; down: boolean; leader: string | '*'; leaderEpoch: number }
  /** MULTI; SLAVEOF …; CONFIG REWRITE; CLIENT KILL TYPE normal; CLIENT KILL TYPE pubsub; EXEC (sentinelSendSlaveOf). */
  | { type: 'slaveof'; master: NodeName | null }
  /** The peer's kernel closed the connection (its process died). */
  | { type: 'closed' }
  /** The SYN of a new connection (redisAsyncConnectBind); a pub/sub one SUBSCRIBEs __sentinel__:hello at once. */
  | { type: 'connect'; pubsub: boolean }
  /** The SUBSCRIBE's confirmation on a pub/sub connection (sentinelReceiveHelloMessages sees it too). */
  | { type: 'subscribed' }
  /** The reply to a hello PUBLISH (sentinelPublishReplyCallback). */
  | { type: 'publish-reply' }
  /** The six replies to the SLAVEOF transaction (sentinelDiscardReplyCallback each). */
  | { type: 'slaveof-reply' }
  /** A Sentinel-aware client's SENTINEL get-master-addr-by-name (query number qid), and its answer. */
  | { type: 'get-master-addr'; qid: number }
  | { type: 'master-addr'; qid: number; addr: NodeName | null };

export interface SentinelMsg {
  /** A Sentinel, a data node, or "client". */
  from: NodeName;
  to: NodeName;
  conn: number;
  fromBoot: number;
  body: SentinelBody;
}
