// sentinel.md §4 G1, 2.6, 2.8: a Sentinel grants one vote per epoch, saves it (leader-epoch, with
// fsync) before the reply leaves, and a win needs max(maj, q) votes of N, so two Sentinels cannot both
// be elected in one epoch, even when voters restart in between (the saved leader-epoch makes a
// restarted voter answer "*" for that epoch). A SENTINEL FAILOVER epoch is never voted on (2.17):
// it is outside the claim, and so is any automatic election that shares its epoch number.
import fc from 'fast-check';
import { elections } from './sentinel-lib.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function oneLeaderPerEpoch(r: RunResult): string | null {
  const all = elections(r);
  const forcedEpochs = new Set(all.filter((e) => e.forced).map((e) => e.epoch));
  const leader = new Map<number, string>();
  for (const e of all) {
    if (forcedEpochs.has(e.epoch)) continue;
    const prev = leader.get(e.epoch);
    if (prev !== undefined && prev !== e.node) return at(r, e.at, `${prev} and ${e.node} were both elected leader in epoch ${e.epoch}`);
    leader.set(e.epoch, e.node);
  }
  return null;
}

export const property: Property = {
  name: 'at-most-one-sentinel-leader-per-epoch',
  claim: 'In every epoch at most one Sentinel is elected failover leader (SENTINEL FAILOVER epochs excluded), even when Sentinels crash and restart between votes.',
  expectation: 'always',
  scope: 'sentinel, 3 or 5 Sentinels, any quorum, dam 1–5 s, fto 3–20 s; master crash, split votes, Sentinel crash and restart (also a voter\'s, mid-election, with 1–80 ms latency), master + Sentinel paused, clock jumps, SENTINEL FAILOVER, the swarm mix',
  source: 'sentinel.md §4 G1, 2.6, 2.8, 1.7 (sentinel.c sentinelVoteLeader: leader_epoch < req_epoch, sentinelFlushConfig before the reply; sentinelGetLeader: max(maj, q))',
  arbitrary: standaloneTraces(fc.oneof(sentinelFamilies.splitVote(), sentinelFamilies.sentinelCrash(), sentinelFamilies.voterRestart({ space: { latency: [1, 40, 80] } }), sentinelFamilies.masterCrash(), sentinelFamilies.pauseMasterAndSentinel(),
    sentinelFamilies.clockJump(), sentinelFamilies.manualFailover(), sentinelFamilies.swarm())),
  check: (r) => crashed(r) ?? oneLeaderPerEpoch(r),
  needs: ['sentinel-split-vote', 'sentinel-restarted', 'sentinel-forced-failover'],
};
