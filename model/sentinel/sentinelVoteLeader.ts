// The answer to SENTINEL is-master-down-by-addr (sentinelCommand, sentinelVoteLeader; sentinel.md 2.6): "down", and a durable vote.
import type { State } from '../kernel/state.ts';
import type { SentinelBody } from './messages.ts';
import type { SentinelProc } from './state.ts';

export function sentinelCommandIsMasterDownByAddr(_s: State, _sen: SentinelProc, _req: Extract<SentinelBody, { type: 'is-master-down' }>): Extract<SentinelBody, { type: 'is-master-down-reply' }> {
  throw new Error('sentinelCommandIsMasterDownByAddr: not modelled yet (issue 12)');
}
