// sentinelSendSlaveOf: the transaction MULTI; SLAVEOF; CONFIG REWRITE; CLIENT KILL ×2; EXEC, and what the data node does with it.
import type { Node, NodeName, State } from '../kernel/state.ts';
import { configRewrite, replicaofCommand } from '../replication/replicaof.ts';
import { sendCommand } from './link.ts';
import type { SentinelProc } from './state.ts';

/** Queue the transaction on the link to `addr` (its replies are ignored); false when the link is down (nothing sent). */
export function sentinelSendSlaveOf(s: State, sen: SentinelProc, addr: NodeName, master: NodeName | null): boolean {
  return sendCommand(s, sen, addr, { type: 'slaveof', master });
}

/**
 * The data node runs the transaction's SLAVEOF (replicaofCommand: NO ONE on a master and the master
 * already followed are no-ops) and CONFIG REWRITE (redis.conf gets the replicaof line, durable at
 * once). EXEC runs every command even if one fails. The CLIENT KILLs are the caller's
 * (dataNodeReceives): they close the other Sentinels' and the clients' connections to this node.
 */
export function execSlaveOfTransaction(s: State, n: Node, master: NodeName | null): void {
  replicaofCommand(s, n, master);
  configRewrite(s, n);
}
