// INFO replication as a data node prints it (server.c genRedisInfoString, "# Replication"): the
// offsets an operator's script reads. A pure function of one node's state; nothing in the model calls it.
import type { Node } from '../kernel/state.ts';
import type { ReplicaClientState } from './state.ts';

export interface InfoReplication {
  role: 'master' | 'slave';
  /** server.master_repl_offset: on a replica, its own stream offset (it grows as it applies the master's stream). */
  masterReplOffset: number;
  /** Replicas only: master->reploff, else cached_master->reploff, else 1. */
  slaveReplOffset: number | null;
  /** Replicas only: "up" when repl_state is CONNECTED. */
  masterLinkStatus: 'up' | 'down' | null;
  /** slaveN:…,state=…,offset=<repl_ack_off> — the offset each replica last acknowledged (REPLCONF ACK). */
  slaves: Array<{ name: string; state: string; offset: number }>;
}

/** replstateToString: both wait_bgsave states print as wait_bgsave. */
const STATE: Record<ReplicaClientState, string> = {
  wait_bgsave_start: 'wait_bgsave', wait_bgsave_end: 'wait_bgsave', send_bulk: 'send_bulk', online: 'online',
};

export function infoReplication(n: Node): InfoReplication {
  const replica = n.role === 'replica';
  const connected = n.repl.state === 'connected';
  return {
    role: replica ? 'slave' : 'master',
    masterReplOffset: n.masterReplOffset,
    slaveReplOffset: !replica ? null : connected ? n.repl.reploff : n.repl.cached ? n.repl.cached.reploff : 1,
    masterLinkStatus: !replica ? null : connected ? 'up' : 'down',
    slaves: Object.entries(n.ms.replicas).map(([name, c]) => ({ name, state: STATE[c.state], offset: c.ackOff })),
  };
}
