// Cluster bus messages (clusterMsg, cluster.h) and the CLUSTER FAILOVER modes.
import type { NodeName, Role } from '../kernel/state.ts';
import type { SlotRanges } from './slots.ts';

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

export type FailoverMode = 'default' | 'force' | 'takeover';
