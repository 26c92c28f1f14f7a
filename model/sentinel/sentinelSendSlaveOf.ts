// sentinelSendSlaveOf: the transaction MULTI; SLAVEOF; CONFIG REWRITE; CLIENT KILL ×2; EXEC, and what the data node does with it.
import type { Node, NodeName, State } from '../kernel/state.ts';
import { sendCommand } from './link.ts';
import type { SentinelProc } from './state.ts';

/** Queue the transaction on the link to `addr` (replies are ignored); false when the link is down (nothing sent). */
export function sentinelSendSlaveOf(s: State, sen: SentinelProc, addr: NodeName, master: NodeName | null): boolean {
  return sendCommand(s, sen, addr, { type: 'slaveof', master });
}

/** The data node runs the transaction (replicaofCommand, CONFIG REWRITE, CLIENT KILL). */
export function execSlaveOfTransaction(_s: State, _n: Node, _master: NodeName | null): void {
  throw new Error('execSlaveOfTransaction: not modelled yet (issue 12)');
}
