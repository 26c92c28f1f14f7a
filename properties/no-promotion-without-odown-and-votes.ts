// sentinel.md §4 G2, 2.7, 2.8: an automatic failover starts only from ODOWN (sentinelStartFailoverIfNeeded
// is called only when the master is O_DOWN) and its leader is elected only with max(maj, q) votes of
// the N Sentinels it knows (sentinelGetLeader); only an elected leader (or SENTINEL FAILOVER) sends
// SLAVEOF NO ONE (sentinelFailoverSendSlaveOfNoOne). ODOWN is needed to start, not to continue (2.5).
import fc from 'fast-check';
import type { TimelineEntry } from '../model/kernel/state.ts';
import { elections, promotionsOf, restartedBetween, sentinelEntries, votesNeeded, watchPromotions, type Election } from './sentinel-lib.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

type Indexed = TimelineEntry & { i: number };
const lastBefore = (xs: Indexed[], i: number): Indexed | undefined => [...xs].reverse().find((x) => x.i < i);

/** Why an automatic election of S lacks ODOWN at its start or the votes it needed, or null. */
function unauthorised(r: RunResult, e: Election, quorum: number): string | null {
  const mine = (ev: string) => sentinelEntries(r, ev).filter((x) => x.node === e.node);
  const start = lastBefore(mine('try-failover'), e.i);
  if (!start || restartedBetween(r, e.node, start.i, e.i)) return `${e.node} was elected in epoch ${e.epoch} without starting a failover (no try-failover since its last restart)`;
  if (start.epoch !== undefined && e.epoch !== -1 && start.epoch !== e.epoch) return `${e.node} was elected in epoch ${e.epoch} but its failover started in epoch ${start.epoch}`;
  const odown = lastBefore(mine('odown'), start.i);
  const cleared = odown && mine('odown-cleared').some((x) => x.i > odown.i && x.i < start.i);
  if (!odown || cleared || restartedBetween(r, e.node, odown.i, start.i)) return `${e.node} started the failover of epoch ${e.epoch} (T+${start.at}) without the master being ODOWN in its view`;
  if (e.votes === null) return `${e.node}'s elected-leader entry of epoch ${e.epoch} records no vote count`;
  const known = e.known ?? r.trace.config.sentinels;
  const need = votesNeeded(known, quorum);
  if (e.votes < need) return `${e.node} was elected in epoch ${e.epoch} with ${e.votes} votes, below max(maj, q) = ${need} (N ${known}, q ${quorum})`;
  return null;
}

export function promotionsAuthorised(r: RunResult): string | null {
  const all = elections(r);
  for (const e of all) {
    if (e.forced) continue;
    const why = unauthorised(r, e, r.trace.config.quorum);
    if (why) return at(r, e.at, why);
  }
  // Every SLAVEOF NO ONE that came from a Sentinel follows an election (or a SENTINEL FAILOVER) not used by an earlier one.
  let used = 0;
  for (const p of promotionsOf(r).filter((x) => x.by === 'sentinel')) {
    const next = all.slice(used).findIndex((e) => e.at <= p.at);
    if (next < 0) return at(r, p.at, `${p.node} turned master (SLAVEOF NO ONE from a Sentinel) with no elected leader before it`);
    used += next + 1;
  }
  return null;
}

export const property: Property = {
  name: 'no-promotion-without-odown-and-votes',
  claim: 'Every automatic Sentinel failover starts from its leader\'s ODOWN of the master, its leader is elected with at least max(majority of known Sentinels, quorum) votes, and every replica a Sentinel promotes follows such an election (or a SENTINEL FAILOVER).',
  expectation: 'always',
  scope: 'sentinel, 3 or 5 Sentinels, quorum 1..N, dam 1–5 s, fto 3–20 s; master crash, Sentinels cut from the master, Sentinel crash, master + Sentinel paused, clock jumps, config edit + restart, replicas restarted, SENTINEL FAILOVER, the swarm mix',
  source: 'sentinel.md §4 G2, 2.5, 2.7, 2.8, 2.17 (sentinel.c sentinelHandleRedisInstance → sentinelStartFailoverIfNeeded only if O_DOWN; sentinelGetLeader voters ≥ max(maj, quorum))',
  arbitrary: standaloneTraces(fc.oneof(sentinelFamilies.masterCrash(), sentinelFamilies.sentinelCutFromMaster(), sentinelFamilies.sentinelCrash(), sentinelFamilies.clockJump(),
    sentinelFamilies.pauseMasterAndSentinel(), sentinelFamilies.editConfigRestart(), sentinelFamilies.replicaRestartThenMasterCrash(), sentinelFamilies.manualFailover(), sentinelFamilies.swarm())),
  watch: watchPromotions,
  check: (r) => crashed(r) ?? promotionsAuthorised(r),
  needs: ['sentinel-failover', 'sentinel-tilt'],
};
