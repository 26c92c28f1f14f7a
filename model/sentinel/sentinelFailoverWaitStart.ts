// sentinelFailoverWaitStart / sentinelGetLeader (2.8): count the votes for this epoch, cast mine, and
// go on only as the leader (max(majority of known Sentinels, quorum) votes) or when forced.
import { mutations } from '../kernel/mutations.ts';
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { sentinelAbortFailover } from './sentinelAbortFailover.ts';
import { mstime } from './mstime.ts';
import { sentinelVoteLeader } from './sentinelVoteLeader.ts';
import type { SentinelProc } from './state.ts';
import { sentinelSimFailureCrash } from './transitions/sentinelSimulateFailure.ts';

/** sentinel_election_timeout, ms (the timeout is the smaller of it and failover-timeout). */
export const SENTINEL_ELECTION_TIMEOUT = 10000;

export function sentinelFailoverWaitStart(s: State, sen: SentinelProc): void {
  const m = sen.master;
  const election = sentinelGetLeaderCounted(s, sen, m.failoverEpoch);
  const leader = election.winner;
  const isLeader = leader !== null && leader.toLowerCase() === sen.myid.toLowerCase();
  if (!isLeader && !m.forceFailover) {
    const electionTimeout = Math.min(SENTINEL_ELECTION_TIMEOUT, m.failoverTimeout);
    if (mstime(s, sen) - m.failoverStartTime > electionTimeout) {
      record(s, sen.name, 'failover-abort', { about: m.addr, epoch: m.failoverEpoch, detail: 'not-elected' });
      sentinelAbortFailover(s, sen);
    }
    return;
  }
  // Ghost fields for the properties: the votes I counted for myself, and N.
  record(s, sen.name, 'elected-leader', {
    about: m.addr, epoch: m.failoverEpoch, votes: election.votesFor(sen.myid), known: election.voters,
    ...(m.forceFailover ? { forced: true, detail: 'forced' } : {}),
  });
  if (sen.simFailure === 'crash-after-election') sentinelSimFailureCrash(s, sen);
  m.failoverState = 'select_slave';
  m.failoverStateChangeTime = mstime(s, sen);
}

/**
 * sentinelGetLeader: the runid with the most votes reported for current_epoch, counting my own vote
 * (for the most-voted one, or myself), if it has max(N/2+1, quorum) of them, N = known Sentinels + me
 * (down ones included). Ties go to the first in table order (Redis: its dict's order).
 */
export function sentinelGetLeader(s: State, sen: SentinelProc, epoch: number): string | null {
  return sentinelGetLeaderCounted(s, sen, epoch).winner;
}

/** sentinelGetLeader with its count kept: the winner, N, and the votes each runid got (mine included). */
export function sentinelGetLeaderCounted(s: State, sen: SentinelProc, epoch: number): { winner: string | null; voters: number; votesFor: (runid: string) => number } {
  const m = sen.master;
  const counters = new Map<string, number>();
  const incr = (runid: string): number => {
    const v = (counters.get(runid) ?? 0) + 1;
    counters.set(runid, v);
    return v;
  };
  const voters = Object.keys(m.sentinels).length + 1;
  for (const x of Object.values(m.sentinels)) {
    if (x.leader !== null && x.leaderEpoch === sen.currentEpoch) incr(x.leader);
  }
  let winner: string | null = null;
  let maxVotes = 0;
  for (const [runid, votes] of counters) {
    if (votes > maxVotes) { maxVotes = votes; winner = runid; }
  }
  const my = sentinelVoteLeader(s, sen, epoch, winner ?? sen.myid);
  if (my.leader !== null && my.leaderEpoch === epoch) {
    const votes = incr(my.leader);
    if (votes > maxVotes) { maxVotes = votes; winner = my.leader; }
  }
  const votersQuorum = Math.floor(voters / 2) + 1;
  if (winner !== null && !mutations.sentinelLeaderWithoutMajority && (maxVotes < votersQuorum || maxVotes < m.quorum)) winner = null;
  return { winner, voters, votesFor: (runid) => counters.get(runid) ?? 0 };
}
