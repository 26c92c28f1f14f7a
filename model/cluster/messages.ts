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
 * A gossip section (clusterMsgDataGossip[]), packed one number per entry: the node's idx, its flags
 * (GOSSIP_PFAIL | GOSSIP_FAIL | GOSSIP_MASTER) and pong_received in whole seconds, as
 * ((seconds · 8) + flags) · GOSSIP_IDX_SPACE + idx — exact in a double (a trace lasts at most 7 days:
 * < 2^35). A 400-node cluster sends ~40 entries per message: one short array read in order instead
 * of 40 objects scattered over the heap. gossipEntry / packGossip (bus.ts) convert.
 */
export type GossipSection = number[];
/** Node idx values stay below this (200 masters × 6 nodes, plus Sentinels). */
export const GOSSIP_IDX_SPACE = 4096;
/**
 * Added to the seconds so that the packed number stays non-negative: a PONG from before the trace
 * began (the steady ping phases of clusterInitialState) has a negative time. 2^16 s exceeds NT/2
 * for any node timeout a trace accepts (at most a day).
 */
export const GOSSIP_PONG_BIAS = 1 << 16;

export function entryIdx(e: number): number {
  return e % GOSSIP_IDX_SPACE;
}

export function entryFlags(e: number): number {
  return ((e - entryIdx(e)) / GOSSIP_IDX_SPACE) & 7;
}

/** pong_received as the entry carries it: ms, whole seconds. */
export function entryPong(e: number): number {
  return ((((e - entryIdx(e)) / GOSSIP_IDX_SPACE) >> 3) - GOSSIP_PONG_BIAS) * 1000;
}

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
