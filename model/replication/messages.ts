// Messages on a replication link (replication.c): the handshake, the RDB payload, the stream, ACKs.
import type { DataRef } from '../kernel/history.ts';
import type { NodeName } from '../kernel/state.ts';

export type ReplBody =
  | { type: 'psync'; replid: string | null; offset: number }
  /** connectWithMaster's SYN to a host it cannot reach yet: the PSYNC the handshake sends once connected. */
  | { type: 'syn'; sentAt: number; retries: number; replid: string | null; offset: number }
  | { type: 'fullresync'; replid: string; offset: number }
  /** usemark: a diskless payload, ended by an EOF mark; the replica ACKs once it has loaded it. */
  | { type: 'rdb'; data: DataRef; replid: string; offset: number; usemark: boolean }
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
