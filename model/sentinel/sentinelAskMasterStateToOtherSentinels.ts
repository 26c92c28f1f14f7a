// sentinelAskMasterStateToOtherSentinels (2.5): is-master-down-by-addr to every peer while I see the
// master SDOWN, carrying my runid once I am failing over; answers older than 5 s are forgotten.
import type { NodeName, State } from '../kernel/state.ts';
import { sendCommand } from './link.ts';
import type { SentinelBody } from './messages.ts';
import { mstime } from './mstime.ts';
import { elapsedSince } from './sentinelElapsed.ts';
import type { SentinelProc } from './state.ts';

/** sentinel_ask_period, ms: a peer is asked again when its last answer is this old. */
export const SENTINEL_ASK_PERIOD = 1000;

export function sentinelAskMasterStateToOtherSentinels(s: State, sen: SentinelProc, forced: boolean): void {
  const m = sen.master;
  const now = mstime(s, sen);
  for (const [addr, x] of Object.entries(m.sentinels)) {
    const elapsed = elapsedSince(now, x.lastMasterDownReplyTime);
    if (elapsed > SENTINEL_ASK_PERIOD * 5) {
      x.masterDown = false;
      x.leader = null;
    }
    if (!m.sdown) continue;
    if (x.link.disconnected) continue;
    if (!forced && elapsed < SENTINEL_ASK_PERIOD) continue;
    sendCommand(s, sen, addr, {
      type: 'is-master-down',
      addr: m.addr,
      epoch: sen.currentEpoch,
      runid: m.failoverState !== 'none' ? sen.myid : '*',
    });
  }
}

/** sentinelReceiveIsMasterDownReply: record a peer's "down" answer and the vote it reports. */
export function sentinelReceiveIsMasterDownReply(s: State, sen: SentinelProc, from: NodeName, reply: Extract<SentinelBody, { type: 'is-master-down-reply' }>): void {
  const x = sen.master.sentinels[from];
  if (!x) return;
  x.lastMasterDownReplyTime = mstime(s, sen);
  x.masterDown = reply.down;
  // A runid other than "*" is that Sentinel's vote.
  if (reply.leader !== '*') {
    x.leader = reply.leader;
    x.leaderEpoch = reply.leaderEpoch;
  }
}
