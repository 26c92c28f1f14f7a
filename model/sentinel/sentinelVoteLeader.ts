// The answer to SENTINEL is-master-down-by-addr (sentinelCommand, sentinelVoteLeader; sentinel.md 2.6):
// "down" only if I see that address SDOWN and am not in TILT, and a durable vote, one per epoch.
import { mutations } from '../kernel/mutations.ts';
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import type { SentinelBody } from './messages.ts';
import { mstime } from './mstime.ts';
import { desync } from './sentinelDesync.ts';
import { sentinelFlushConfig } from './sentinelFlushConfig.ts';
import type { SentinelProc } from './state.ts';

/** sentinelCommand "is-master-down-by-addr": the lookup is by address, and the voter checks nothing about the master. */
export function sentinelCommandIsMasterDownByAddr(s: State, sen: SentinelProc, req: Extract<SentinelBody, { type: 'is-master-down' }>): Extract<SentinelBody, { type: 'is-master-down-reply' }> {
  const m = sen.master.addr === req.addr ? sen.master : null;
  const down = !sen.tilt && m !== null && m.sdown;
  let leader: string | null = null;
  let leaderEpoch = 0;
  if (m && req.runid !== '*') ({ leader, leaderEpoch } = sentinelVoteLeader(s, sen, req.epoch, req.runid));
  return { type: 'is-master-down-reply', down, leader: leader ?? '*', leaderEpoch };
}

/**
 * sentinelVoteLeader: adopt a higher epoch (saved), vote for reqRunid if I have not voted in this
 * epoch (saved before the reply can leave), and return my vote: the one just granted or an earlier
 * one. A vote for someone else pushes my own next failover attempt back (failover_start_time).
 */
export function sentinelVoteLeader(s: State, sen: SentinelProc, reqEpoch: number, reqRunid: string): { leader: string | null; leaderEpoch: number } {
  const m = sen.master;
  if (reqEpoch > sen.currentEpoch) {
    sen.currentEpoch = reqEpoch;
    sentinelFlushConfig(s, sen);
    record(s, sen.name, 'new-epoch', { about: m.addr, epoch: sen.currentEpoch });
  }
  if ((m.leaderEpoch < reqEpoch || (mutations.sentinelVoteTwice && m.leaderEpoch === reqEpoch)) && sen.currentEpoch <= reqEpoch) {
    m.leader = reqRunid;
    m.leaderEpoch = sen.currentEpoch;
    sentinelFlushConfig(s, sen);
    record(s, sen.name, 'vote-for-leader', { about: m.addr, epoch: m.leaderEpoch, detail: sentinelNameOf(s, reqRunid) });
    if (reqRunid.toLowerCase() !== sen.myid.toLowerCase()) m.failoverStartTime = mstime(s, sen) + desync(s, sen, 'vote-desync');
  }
  return { leader: m.leader, leaderEpoch: m.leaderEpoch };
}

/** Ghost lookup for the timeline: the Sentinel whose myid this is (the runid itself if none). */
export function sentinelNameOf(s: State, runid: string): string {
  for (const x of Object.values(s.sentinels)) if (x.myid.toLowerCase() === runid.toLowerCase()) return x.name;
  return runid;
}
