// sentinelAskMasterStateToOtherSentinels (2.5): is-master-down-by-addr to every peer, carrying my runid once I am failing over.
import type { State } from '../kernel/state.ts';
import type { SentinelBody } from './messages.ts';
import type { SentinelProc } from './state.ts';

export function sentinelAskMasterStateToOtherSentinels(_s: State, _sen: SentinelProc, _forced: boolean): void {
  throw new Error('sentinelAskMasterStateToOtherSentinels: not modelled yet (issue 12)');
}

/** sentinelReceiveIsMasterDownReply: record a peer's "down" answer and the vote it reports. */
export function sentinelReceiveIsMasterDownReply(_s: State, _sen: SentinelProc, _from: string, _reply: Extract<SentinelBody, { type: 'is-master-down-reply' }>): void {
  throw new Error('sentinelReceiveIsMasterDownReply: not modelled yet (issue 12)');
}
