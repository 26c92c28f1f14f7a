// Replication state of a node (replication.c): its side as a replica of a master, and its side as
// a master of replicas. Cluster and standalone nodes share it.
import type { DataRef } from '../kernel/history.ts';
import type { NodeName } from '../kernel/state.ts';

export type ReplState = 'none' | 'connect' | 'handshake' | 'transfer' | 'connected';

export interface ReplicaSide {
  state: ReplState;
  master: NodeName | null;
  /** Connection id of the current link to the master (0 = none). */
  conn: number;
  /** master client's reploff: offset applied */
  reploff: number;
  /** lastinteraction of the master client, ms (compared in whole seconds, as Redis does). */
  lastInteraction: number;
  /** replid/offset of the cached master used for the next PSYNC; null → PSYNC ? -1 */
  cached: { replid: string; reploff: number } | null;
  /** repl_down_since, ms since T0; 0 means "never connected since boot" (initServerConfig). */
  downSince: number;
  handshakeSince: number;
  /** +FULLRESYNC received: the master's replid and offset for the payload to come. */
  fullsync: { replid: string; offset: number } | null;
}

export type ReplicaClientState = 'wait_bgsave_start' | 'wait_bgsave_end' | 'send_bulk' | 'online';

export interface ReplicaClient {
  conn: number;
  state: ReplicaClientState;
  /** Position (in my history) and offset up to which the stream has been sent on this link. */
  sentPos: number;
  sentOff: number;
  ackOff: number;
  /** repl_ack_time, ms */
  ackTime: number;
  /** when it entered WAIT_BGSAVE_START (for repl-diskless-sync-delay) */
  since: number;
  /**
   * repl_start_cmd_stream_on_ack: after a diskless payload the stream waits for the replica's first
   * REPLCONF ACK (it sends one as soon as it has loaded), so the payload's EOF mark ends the socket.
   */
  startOnAck?: boolean;
}

export interface MasterSide {
  replicas: Record<NodeName, ReplicaClient>;
  goodReplicas: number;
  /** First offset held by the backlog, or null when there is no backlog. */
  backlogStart: number | null;
  /** A fork for replication is running: it finishes at `until` with a snapshot of `data` at `offset`. */
  rdbChild: { until: number; data: DataRef; offset: number; replicas: NodeName[]; toDisk: boolean } | null;
  noReplicasSince: number;
  /** slaveseldb == -1: the next command in the stream is preceded by a SELECT. */
  selectPending: boolean;
}
