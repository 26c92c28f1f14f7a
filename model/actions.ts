// Every action the reducer knows, named as what happened. Environment events come from traces;
// protocol events are scheduled by the nodes themselves in the agenda.
import type { DataRef } from './history.ts';
import type { NodeConfig } from './config.ts';
import type { SlotRanges } from './slots.ts';
import type { NodeName, Role } from './state.ts';

// ---------- cluster bus (clusterMsg, cluster.h) ----------

export interface BusHeader {
  sender: NodeName;
  role: Role;
  /** slaveof in the header */
  master: NodeName | null;
  currentEpoch: number;
  /** a replica's packets carry its master's configEpoch */
  configEpoch: number;
  /** master_repl_offset, or the replica's applied offset */
  offset: number;
  /** the slots of the sender, or of its master for a replica */
  slots: SlotRanges;
  nofailover: boolean;
  /** mflags: CLUSTERMSG_FLAG0_PAUSED / FORCEACK */
  paused: boolean;
  forceack: boolean;
}

/**
 * A gossip section (clusterMsgDataGossip[]), packed: GOSSIP_STRIDE numbers per entry — the node's
 * idx, its flags (GOSSIP_PFAIL | GOSSIP_FAIL | GOSSIP_MASTER) and pong_received (ms, whole
 * seconds). A 400-node cluster sends ~40 entries per message: one array read in order instead of 40
 * objects scattered over the heap. lib/bus.ts packGossip / gossipEntries convert.
 */
export type GossipSection = number[];
export const GOSSIP_STRIDE = 3;
export const GOSSIP_PFAIL = 1;
export const GOSSIP_FAIL = 2;
export const GOSSIP_MASTER = 4;

export type BusBody =
  | { type: 'ping' | 'pong'; gossip: GossipSection }
  | { type: 'fail'; about: NodeName }
  | { type: 'update'; about: NodeName; configEpoch: number; slots: SlotRanges }
  | { type: 'auth-request' }
  | { type: 'auth-ack' }
  | { type: 'mfstart' };

export interface BusMsg {
  from: NodeName;
  to: NodeName;
  /** Node.idx of `from` and `to` (the receiver finds nodes, records and channels by index) */
  fromIdx: number;
  toIdx: number;
  /** The TCP connection it travels on: the outbound link of `linkOwner`, generation `linkGen`. */
  linkOwner: NodeName;
  linkGen: number;
  /** sender's process incarnation (bootedAt): a message from a dead process is never delivered */
  fromBoot: number;
  /** the receiver's incarnation the link was made to */
  toBoot: number;
  hdr: BusHeader;
  body: BusBody;
}

// ---------- replication link ----------

export type ReplBody =
  | { type: 'psync'; replid: string | null; offset: number }
  /** connectWithMaster's SYN to a host it cannot reach yet: the PSYNC the handshake sends once connected. */
  | { type: 'syn'; sentAt: number; retries: number; replid: string | null; offset: number }
  | { type: 'fullresync'; replid: string; offset: number }
  | { type: 'rdb'; data: DataRef; replid: string; offset: number }
  | { type: 'continue'; replid: string }
  | { type: 'stream'; pos: number; off: number; hist: number }
  | { type: 'ack'; off: number }
  | { type: 'getack' }
  | { type: 'closed' };

export interface ReplMsg {
  from: NodeName;
  to: NodeName;
  conn: number;
  fromBoot: number;
  body: ReplBody;
}

export type FailoverMode = 'default' | 'force' | 'takeover';

export type Action =
  // environment
  | { type: 'WriteIssued'; key?: string; node?: NodeName; wait?: { replicas: number; timeout: number } }
  | { type: 'ProcessCrashed'; node: NodeName; power: boolean }
  | { type: 'ProcessRestarted'; node: NodeName }
  | { type: 'ProcessPaused'; node: NodeName }
  | { type: 'ProcessResumed'; node: NodeName }
  | { type: 'NetworkPartitioned'; groups: string[][] }
  | { type: 'NetworkHealed' }
  | { type: 'LinkDelayed'; from: string; to: string; ms: number }
  | { type: 'FsyncRequested'; node: NodeName }
  | { type: 'DiskSlowed'; node: NodeName; fsyncMs: number }
  | { type: 'ManualFailoverRequested'; node: NodeName; mode: FailoverMode }
  | { type: 'ConfigSet'; node: NodeName; set: Partial<NodeConfig> }
  // environment, standalone topologies (sentinel, replication)
  | { type: 'ReplicaofRequested'; node: NodeName; master: NodeName | null }
  | { type: 'ConfigFileEdited'; node: NodeName; set: Partial<NodeConfig> & { replicaof?: NodeName | null } }
  | { type: 'SentinelFailoverRequested'; node: NodeName }
  | { type: 'ClockJumped'; node: NodeName; jumpMs: number }
  // protocol
  | { type: 'ServerCron'; node: NodeName; boot: number }
  | { type: 'BusDelivered'; msg: BusMsg }
  | { type: 'BusConnected'; node: NodeName; peer: NodeName; link: number; boot: number }
  | { type: 'ReplDelivered'; msg: ReplMsg }
  | { type: 'ClientRequestDelivered'; wid: string; node: NodeName; redirects: number }
  | { type: 'ClientReplyDelivered'; wid: string; node: NodeName; reply: string; redirects: number }
  | { type: 'ClientTimedOut'; wid: string }
  | { type: 'WaitTimedOut'; wid: string; node: NodeName; boot: number }
  | { type: 'FsyncCompleted'; node: NodeName; boot: number }
  | { type: 'BgsaveCompleted'; node: NodeName; boot: number }
  | { type: 'ReplForkCompleted'; node: NodeName; boot: number }
  | { type: 'KernelWriteback'; node: NodeName };

export type ActionType = Action['type'];
export type ActionOf<T extends ActionType> = Extract<Action, { type: T }>;
