// sentinelSendSlaveOf: the transaction MULTI; SLAVEOF; CONFIG REWRITE; CLIENT KILL ×2; EXEC, and what the data node does with it.
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

/** Queue the transaction on the link to `addr`; false when the link is down (nothing sent). */
export function sentinelSendSlaveOf(_s: State, _sen: SentinelProc, _addr: NodeName, _master: NodeName | null): boolean {
  throw new Error('sentinelSendSlaveOf: not modelled yet (issue 12)');
}

/** The data node runs the transaction (replicaofCommand, CONFIG REWRITE, CLIENT KILL). */
export function execSlaveOfTransaction(_s: State, _n: Node, _master: NodeName | null): void {
  throw new Error('execSlaveOfTransaction: not modelled yet (issue 12)');
}
