// Non-vacuity (design §5): every 'always' / 'eventually' property must be able to fail. For each,
// a breaker: a deliberately broken model variant (model/kernel/mutations.ts), a configuration or fault
// family outside the claim's scope, or the claim with its restriction lifted — under which the
// property is expected to be violated.
import { refusesOnlyWhenTooOld } from './a-replica-refuses-an-election-only-when-its-data-is-too-old.ts';
import { abandonedAfterTimeout } from './a-stalled-manual-failover-is-abandoned-after-five-seconds.ts';
import { clearedAtOnce } from './a-failed-node-without-slots-is-cleared-by-its-first-pong.ts';
import { manualFailoverCompletes } from './a-manual-failover-on-a-healthy-cluster-completes.ts';
import { noStalePromotion } from './a-stale-replica-is-not-promoted-while-its-link-is-up.ts';
import { pausedMasterReplaced } from './a-paused-master-is-replaced-within-the-bound.ts';
import { authRetryTime, retriesWaitTheRetryTime } from './a-replica-waits-the-retry-time-between-elections.ts';
import fc from 'fast-check';
import { sameLossEitherWay } from './full-coverage-does-not-change-lost-writes.ts';
import { mutations } from '../model/kernel/mutations.ts';
import { families, traces, type Fault, type Plan } from './generators.ts';
import { byName } from './index.ts';
import type { Property, RunResult } from './property.ts';
import { restartedRejoinIsFull } from './restarted-old-master-takes-full-sync.ts';
import { partialRejoinKeepsWrites } from './partial-rejoin-keeps-old-master-writes.ts';
import { unflagged } from './no-failover-replica-is-never-elected.ts';
import { failClearsByTheRule } from './a-failed-master-stays-failed-for-two-node-timeouts.ts';
import { noWriteDuringWritableDelay } from './a-restarted-master-waits-two-seconds-before-writes.ts';
import { dropsOnTime } from './a-replica-drops-a-silent-master-after-repl-timeout.ts';
import { noWriteDuringRejoinDelay } from './a-master-back-from-a-minority-waits-before-writes.ts';
import { waitsReturnAtOnce } from './wait-returns-once-the-replicas-acknowledge.ts';
import { downtimeCoversRefusals } from './the-downtime-report-covers-every-refused-write.ts';
import { lostWritesNameTheirFaults } from './every-lost-write-names-the-fault-it-was-lost-to.ts';
import { failureTimesMatchTimeline } from './each-master-failure-reports-its-times.ts';
import { expiredKeysAreGone } from './an-expired-key-leaves-its-master-and-replicas-within-a-second.ts';
import { stepsInTimeOrder } from './model-time-never-goes-backwards.ts';
import { lossWindowWithin } from './power-loss-everysec-loses-at-most-two-seconds.ts';
import { noted } from './lib.ts';
import { reportsCountUntilTwoNodeTimeouts } from './a-failure-report-counts-until-it-is-exactly-two-node-timeouts-old.ts';
import { writableDelayEndsOnTime } from './the-writable-delay-ends-exactly-two-seconds-after-the-first-state-update.ts';
import { rejoinDelayEndsOnTime } from './the-rejoin-delay-ends-exactly-on-time.ts';
import { electionWaitsPastRetry } from './a-new-election-waits-strictly-longer-than-the-retry-time.ts';
import { abandonedStrictlyAfterDeadline } from './a-manual-failover-times-out-strictly-after-its-deadline.ts';
import { infoTrustedUnderTwentySeconds } from './a-sentinel-trusts-a-master-info-for-strictly-less-than-twenty-seconds.ts';
import { writtenAtTheAckWaits } from './a-message-sent-as-the-ack-arrives-waits-behind-the-released-one.ts';
import { slotlessMasterNoElection } from './a-replica-of-a-master-without-slots-never-starts-an-election.ts';
import { noUpdateForACleanClaim } from './a-replica-claiming-its-masters-slots-is-never-sent-an-update.ts';
import { failFlagNotFsynced } from './a-fail-flag-reaches-nodes-conf-without-an-fsync.ts';
import { announcedToSiblingsOnly } from './an-election-is-announced-only-to-the-siblings.ts';
import { asksAtOnce } from './a-forced-failover-asks-for-votes-at-once.ts';
import { cutSentinelsFlagTheMaster } from './a-sentinel-cut-from-the-master-flags-it-down.ts';
import { promotedInTime } from './a-sentinel-failover-promotes-within-down-after-plus-four-seconds.ts';
import { otherReplicasFollow } from './sentinel-repoints-the-other-replicas-in-batches.ts';
import { atMostParallelSyncs } from './sentinel-reconfigures-at-most-parallel-syncs-replicas-at-once.ts';
import { notDownAfterReboot } from './a-rebooted-master-is-not-down-before-the-reboot-period.ts';
import { killedMasterDownInTime } from './a-killed-master-is-down-after-down-after-milliseconds.ts';
import { pausedSentinelsSilent } from './a-paused-sentinel-acts-on-nothing.ts';
import { oneTimeoutPerLink } from './a-replica-times-out-its-master-once-per-link.ts';
import { ledgerReadsTheMostFollowed } from './the-ledger-reads-the-master-most-nodes-follow.ts';
import { restartKeepsSyncSnapshot } from './a-disk-based-sync-leaves-the-master-a-snapshot.ts';
import { replicaKeepsDiskSync } from './a-replica-with-keys-loads-its-sync-from-disk.ts';
import { unansweredFailoversAbort } from './a-failover-whose-replica-never-answers-is-aborted.ts';
import { everyNodeFollowsOneMaster } from './after-an-aborted-failover-every-node-follows-one-master.ts';
import { oldMasterWindowBounded } from './sentinel-min-replicas-bounds-the-old-masters-window.ts';
import { noAckedWriteLost } from './replication-without-failover-keeps-acked-writes.ts';
import { replicationFamilies, sentinelFamilies, standaloneTraces, type StandalonePlan } from './sentinel-generators.ts';

export interface Breaker {
  property: string;
  /** What is broken, in one line. */
  how: string;
  mutation?: keyof typeof mutations;
  arbitrary?: Property['arbitrary'];
  check?: (r: RunResult) => string | null;
  numRuns: number;
}

/** masterCrash plus a later crash and quick restart of the promoted replica (a further fault). */
const crashThePromotedReplicaToo = families.masterCrash({ space: { persistence: ['none'], replicas: [1] } }).map((p): Plan => {
  const m = (p.faults[0].event as { node: string }).node;
  const extra: Fault[] = [{ gap: 500, event: { type: 'crash', node: `${m}1` } }, { gap: 300, event: { type: 'restart', node: `${m}1` } }];
  return { ...p, faults: [...p.faults, ...extra] };
});

/** A minority partition that is never healed (out of the 'after heal' scope). */
const neverHealed: Property['arbitrary'] = traces(families.minorityPartition({ minNT: 2, maxNT: 3, withReplicas: false }))
  .map(({ plan, trace }) => ({ plan, trace: { ...trace, events: trace.events.filter((e) => e.type !== 'heal') } }));

/** A partition that leaves master A with B and the client: A is on the majority side. */
const majoritySide: Property['arbitrary'] = traces(families.minorityPartition({ space: { masters: [3] }, minNT: 3, maxNT: 4 })
  .map((p): Plan => ({ ...p, faults: [{ gap: 0, event: { type: 'partition', groups: [['A', 'B', 'client'], ['C', 'C1', ...(p.config.replicasPerMaster > 1 ? ['C2'] : [])]] } }, p.faults[1]] })));

/** A Sentinel failover with persistence off, then the promoted replica R1 killed and restarted empty (its config says master). */
const crashThePromotedStandaloneReplica = sentinelFamilies.masterCrash({ when: ['late'], space: { persistence: ['none'], replicas: [1] } }).map((p): StandalonePlan => ({
  ...p, faults: [...p.faults, { gap: 500, event: { type: 'crash', node: 'R1' } }, { gap: 300, event: { type: 'restart', node: 'R1' } }],
}));

/** Sentinels cut from a replica and from the master too: nothing they publish reaches the replica. */
const cutFromReplicaAndMaster = sentinelFamilies.sentinelCutFromReplica().map((p): StandalonePlan => ({
  ...p, faults: p.faults.flatMap((f) => (f.event.type === 'delay' && f.event.from.startsWith('R') ? [f, { gap: 0, event: { ...f.event, from: 'M' } }, { gap: 0, event: { type: 'delay', from: f.event.to, to: 'M', ms: f.event.ms } }] : [f])),
}));

export const breakers: Breaker[] = [
  { property: 'full-coverage-does-not-change-lost-writes', how: 'flip appendonly instead of full coverage (persistence does change losses)', arbitrary: traces(families.restartSoon({ space: { persistence: ['none'] } })), check: (r) => sameLossEitherWay(r, 'appendonly'), numRuns: 30 },
  { property: 'failover-loss-is-the-replication-window', how: 'further fault: the promoted replica (persistence off) is killed and restarted empty', arbitrary: traces(crashThePromotedReplicaToo), numRuns: 30 },
  { property: 'kill-9-with-aof-loses-nothing', how: 'persistence off instead of AOF', arbitrary: traces(families.restartSoon({ space: { persistence: ['none'] } })), numRuns: 30 },
  { property: 'kill-9-with-aof-everysec-loses-at-most-two-seconds', how: 'persistence off instead of AOF everysec', arbitrary: traces(families.restartSoon({ slowDisk: true, space: { persistence: ['none'] } }).filter((p) => p.warmup > 2500)), numRuns: 30 },
  { property: 'power-loss-with-fsync-always-loses-nothing', how: 'appendfsync no instead of always', arbitrary: traces(families.restartSoon({ power: true, space: { persistence: ['aof-no', 'none'] } })), numRuns: 30 },
  { property: 'power-loss-everysec-loses-at-most-two-seconds', how: 'persistence off instead of AOF everysec', arbitrary: traces(families.restartSoon({ power: true, space: { persistence: ['none'] } }).filter((p) => p.warmup > 2500)), numRuns: 30 },
  { property: 'no-majority-no-failover', how: '5 masters: two down still leaves a majority', arbitrary: traces(families.twoMasters({ space: { masters: [5] }, healGap: [12_000, 15_000] })), numRuns: 20 },
  { property: 'no-majority-no-failover', how: 'mutation failWithoutQuorum', mutation: 'failWithoutQuorum', arbitrary: traces(families.twoMasters({ space: { masters: [3] }, healGap: [12_000, 15_000] })), numRuns: 20 },
  { property: 'one-winner-per-epoch', how: 'mutation doubleVote (a master votes twice in one epoch)', mutation: 'doubleVote', arbitrary: byName('concurrent-elections-can-split-votes').arbitrary, numRuns: 300 },
  { property: 'promotion-needs-majority-votes', how: 'mutation promoteWithoutVotes', mutation: 'promoteWithoutVotes', arbitrary: traces(families.masterCrash()), numRuns: 20 },
  { property: 'slot-ownership-converges-to-highest-config-epoch', how: 'the partition is never healed', arbitrary: neverHealed, numRuns: 30 },
  { property: 'cluster-converges-after-heal', how: 'no settle time after the heal', arbitrary: traces(families.minorityPartition({ minNT: 2, maxNT: 3, withReplicas: false, healGap: [0, 50], settle: false })), numRuns: 30 },
  { property: 'minority-master-stops-writes-within-node-timeout', how: 'the cut-off master keeps a majority of masters (A with B, 3 masters)', arbitrary: majoritySide, numRuns: 10 },
  { property: 'restarted-replica-never-auto-promotes', how: 'replica-validity-factor 0', arbitrary: traces(families.masterAndReplica({ replicaFirst: true, space: { validityFactor: [0] } })), numRuns: 30 },
  { property: 'restarted-old-master-takes-full-sync', how: 'restriction lifted: old masters that were not restarted', arbitrary: traces(families.minorityPartition({ clientSide: 'majority' })), check: (r) => restartedRejoinIsFull(r, false), numRuns: 30 },
  { property: 'partial-rejoin-keeps-old-master-writes', how: 'restriction lifted: old masters that rejoined with a full sync', arbitrary: traces(families.minorityPartition({ space: { masters: [3], nodeTimeout: [6000, 15000] }, minNT: 2, maxNT: 3, withReplicas: false })), check: (r) => partialRejoinKeepsWrites(r, false), numRuns: 30 },
  { property: 'default-manual-failover-is-lossless', how: 'FORCE and TAKEOVER instead of the default mode', arbitrary: byName('forced-failover-can-lose-writes').arbitrary, numRuns: 60 },
  { property: 'min-replicas-bounds-isolated-master-writes', how: 'min-replicas-to-write 0', arbitrary: traces(families.replicasCutOff({ space: { minReplicas: [0] } }).filter((p) => p.faults[1].gap > 13_000)), numRuns: 20 },
  // Big clusters: 24 masters only, to keep the test quick (the mutation shows at any size).
  { property: 'fail-needs-reports-from-a-majority-of-masters', how: 'mutation failWithoutQuorum (24 masters)', mutation: 'failWithoutQuorum', arbitrary: traces(families.bigClusterCrash({ space: { masters: [24] } })), numRuns: 12 },
  { property: 'big-cluster-fails-over-within-the-bound', how: 'mutation promoteWithoutVotes (24 masters)', mutation: 'promoteWithoutVotes', arbitrary: traces(families.bigClusterCrash({ space: { masters: [24] } })), numRuns: 12 },
  { property: 'the-replica-with-the-greatest-offset-wins-the-election', how: 'mutation rankIgnoresOffset (every replica ranks 0)', mutation: 'rankIgnoresOffset', numRuns: 30 },
  { property: 'a-replica-refuses-an-election-only-when-its-data-is-too-old', how: 'the edge misplaced: the window taken one second longer, then one second shorter', check: (r) => refusesOnlyWhenTooOld(r, 1000) ?? refusesOnlyWhenTooOld(r, -1000), numRuns: 30 },
  { property: 'a-stalled-manual-failover-is-abandoned-after-five-seconds', how: 'the timeout taken as 3 s (the master\'s pause for the abandoned failover lasts 5 s)', check: (r) => abandonedAfterTimeout(r, 3000), numRuns: 30 },
  { property: 'an-election-waits-one-second-per-sibling-ahead', how: 'mutation rankIgnoresOffset (every replica ranks 0, whatever its view)', mutation: 'rankIgnoresOffset', numRuns: 30 },
  { property: 'stale-failure-reports-never-count', how: 'mutation staleReportsCount (reports older than 2·NT are kept and counted)', mutation: 'staleReportsCount', numRuns: 30 },
  { property: 'withdrawn-failure-reports-never-count', how: 'mutation keepWithdrawnReports (a master that sees the node up again keeps its report)', mutation: 'keepWithdrawnReports', numRuns: 30 },
  { property: 'a-replica-waits-the-retry-time-between-elections', how: 'the claim stretched to twice auth_retry_time', check: (r) => retriesWaitTheRetryTime(r, (nt) => 2 * authRetryTime(nt)), numRuns: 40 },
  { property: 'a-paused-master-is-replaced-within-the-bound', how: 'the bound shortened to NT (FAIL alone takes longer)', check: (r) => pausedMasterReplaced(r, r.trace.config.nodeTimeout), numRuns: 20 },
  { property: 'a-stale-replica-is-not-promoted-while-its-link-is-up', how: 'restriction lifted: promotions after repl-timeout closed the link count too', check: (r) => noStalePromotion(r, false), numRuns: 20 },
  { property: 'a-manual-failover-on-a-healthy-cluster-completes', how: 'the bound shortened to 10 ms (the pause, the catch-up and the votes take longer)', check: (r) => manualFailoverCompletes(r, 10), numRuns: 20 },
  { property: 'healthy-shards-stay-writable-without-full-coverage', how: 'cluster-require-full-coverage yes', arbitrary: traces(families.masterAndReplica({ space: { fullCoverage: [true], masters: [3, 4, 5] } })), numRuns: 20 },
  { property: 'no-failover-replica-is-never-elected', how: 'restriction lifted: the replicas were never set to no-failover', arbitrary: traces(families.masterCrash()), check: unflagged, numRuns: 10 },
  { property: 'a-failed-master-stays-failed-for-two-node-timeouts', how: 'restriction lifted: replicas and slot-less masters held FAIL for 2·NT too', arbitrary: traces(families.pauseResume()), check: (r) => failClearsByTheRule(r, true), numRuns: 30 },
  { property: 'a-restarted-master-waits-two-seconds-before-writes', how: 'the claim stretched to 4 s (the rule says 2 s)', check: (r) => noWriteDuringWritableDelay(r, 4000), numRuns: 30 },
  { property: 'a-master-back-from-a-minority-is-writable-after-the-rejoin-delay', how: 'mutation rejoinAlwaysMax (a 5 s rejoin delay at every node timeout)', mutation: 'rejoinAlwaysMax', arbitrary: traces(families.minorityPartition({ minNT: 2, maxNT: 4, withReplicas: true })), numRuns: 30 },
  { property: 'a-replica-back-from-a-minority-reports-ok-at-once', how: 'mutation rejoinDelaysReplicas (a replica held back by the rejoin delay too)', mutation: 'rejoinDelaysReplicas', numRuns: 30 },
  { property: 'a-failed-node-without-slots-is-cleared-by-its-first-pong', how: 'restriction lifted: masters that still serve slots cleared at their first PONG too', arbitrary: byName('a-failed-master-stays-failed-for-two-node-timeouts').arbitrary, check: (r) => clearedAtOnce(r, true), numRuns: 30 },
  { property: 'a-replica-drops-a-silent-master-after-repl-timeout', how: 'the claim tightened: the link dropped 1.5 s sooner than repl-timeout + 2 s', check: (r) => dropsOnTime(r, -1500), numRuns: 30 },
  { property: 'a-sentinel-in-tilt-takes-no-action', how: 'mutation sentinelActsInTilt (the acting half runs in TILT)', mutation: 'sentinelActsInTilt', numRuns: 30 },
  { property: 'sentinels-see-each-other-after-a-restart', how: 'outside its scope: a Sentinel cut off from the others with the old master', arbitrary: standaloneTraces(sentinelFamilies.oldMasterPartitioned({ withSentinel: true })), numRuns: 30 },
  { property: 'a-sentinel-command-never-overtakes-its-connect', how: 'mutation retransmitPerMessage (after a heal the PING queued behind a swallowed connect goes at the data RTO, before the SYN)', mutation: 'retransmitPerMessage', arbitrary: byName('a-sentinel-command-never-overtakes-its-connect').arbitrary, numRuns: 30 },
  { property: 'a-swallowed-replica-connect-is-retried-on-the-kernels-schedule', how: 'mutation synBackoffPre67 (SYN retransmissions at 1, 3, 7, 15 s, as kernels before 6.7)', mutation: 'synBackoffPre67', arbitrary: standaloneTraces(replicationFamilies.masterCut()), numRuns: 30 },
  { property: 'a-sentinel-cut-from-a-replica-is-still-heard-on-it', how: 'outside its scope: the Sentinels are cut from the master as well', arbitrary: standaloneTraces(cutFromReplicaAndMaster), numRuns: 20 },
  { property: 'a-replica-that-ignores-its-slaveof-is-given-up-after-ten-seconds', how: 'outside its scope: parallel-syncs 1, where the loop stops at the stuck replica itself and it holds the failover until failover-timeout', arbitrary: standaloneTraces(sentinelFamilies.replicaCutAtPromotionParallel().map((p): StandalonePlan => ({ ...p, config: { ...p.config, parallelSyncs: 1 } }))), numRuns: 20 },
  { property: 'a-forced-failover-asks-for-votes-at-once', how: 'outside its scope: a default CLUSTER FAILOVER, whose election waits for the master\'s paused offset first', arbitrary: traces(families.manualFailover('default', { space: { replicas: [2] } })), check: (r) => asksAtOnce(r, 'default'), numRuns: 30 },
  { property: 'an-election-is-announced-only-to-the-siblings', how: 'the claim misread: the masters expected to hear the election\'s PONG too', check: (r) => announcedToSiblingsOnly(r, true), numRuns: 20 },
  { property: 'a-failure-report-counts-until-it-is-exactly-two-node-timeouts-old', how: 'the claim misread: a report exactly 2·NT old taken as expired', check: (r) => reportsCountUntilTwoNodeTimeouts(r, true), numRuns: 20 },
  { property: 'the-writable-delay-ends-exactly-two-seconds-after-the-first-state-update', how: 'the claim misread: the delay still holding at exactly 2000 ms', check: (r) => writableDelayEndsOnTime(r, true), numRuns: 20 },
  { property: 'the-rejoin-delay-ends-exactly-on-time', how: 'the claim misread: the delay still holding at its last millisecond', check: (r) => rejoinDelayEndsOnTime(r, true), numRuns: 20 },
  { property: 'a-new-election-waits-strictly-longer-than-the-retry-time', how: 'the claim misread: a new election expected at exactly the retry time', check: (r) => electionWaitsPastRetry(r, true), numRuns: 20 },
  { property: 'a-manual-failover-times-out-strictly-after-its-deadline', how: 'the claim misread: the manual failover abandoned at mf_end itself', check: (r) => abandonedStrictlyAfterDeadline(r, true), numRuns: 20 },
  { property: 'a-sentinel-trusts-a-master-info-for-strictly-less-than-twenty-seconds', how: 'the claim misread: an INFO exactly 20 s old still trusted', check: (r) => infoTrustedUnderTwentySeconds(r, true), numRuns: 20 },
  { property: 'a-message-sent-as-the-ack-arrives-waits-behind-the-released-one', how: 'the claim misread: the message expected to leave at once with the ACK', check: (r) => writtenAtTheAckWaits(r, true), numRuns: 20 },
  { property: 'a-replica-of-a-master-without-slots-never-starts-an-election', how: 'the claim misread: a slot-less master\'s replica expected to elect as any other', check: (r) => slotlessMasterNoElection(r, true), numRuns: 20 },
  { property: 'a-replica-claiming-its-masters-slots-is-never-sent-an-update', how: 'the claim misread: every replica with a stale configEpoch expected to get an UPDATE', check: (r) => noUpdateForACleanClaim(r, true), numRuns: 20 },
  { property: 'a-fail-flag-reaches-nodes-conf-without-an-fsync', how: 'the claim misread: the FAIL flag expected to be fsynced', check: (r) => failFlagNotFsynced(r, true), numRuns: 20 },
  { property: 'a-replica-migrates-only-to-a-master-whose-replicas-have-failed', how: 'mutation orphanOnPfail (a master whose replicas are PFAIL taken for orphaned)', mutation: 'orphanOnPfail', numRuns: 20 },
  { property: 'a-dead-process-changes-nothing', how: 'mutation deadProcessReceives (a killed replica still applies the stream that reaches it)', mutation: 'deadProcessReceives', arbitrary: traces(families.replicaCrash({ space: { latency: [20, 80, 150] } })), numRuns: 30 },
  { property: 'wait-returns-once-the-replicas-acknowledge', how: 'the claim stretched: WAIT 1 counted on every online replica (it returns at the first)', check: (r) => waitsReturnAtOnce(r, 1), numRuns: 30 },
  { property: 'the-downtime-report-covers-every-refused-write', how: 'the claim stretched: the acknowledged write that closes a window counted inside it', check: (r) => downtimeCoversRefusals(r, true), numRuns: 30 },
  { property: 'every-lost-write-names-the-fault-it-was-lost-to', how: 'the claim narrowed: the window after a fault runs from the last fault of the write\'s shard, partitions left out', check: (r) => lostWritesNameTheirFaults(r, true), arbitrary: traces(families.minorityPartition()), numRuns: 30 },
  { property: 'each-master-failure-reports-its-times', how: 'the claim misread: times counted from T0 instead of from the failure', check: (r) => failureTimesMatchTimeline(r, true), numRuns: 30 },
  { property: 'an-expired-key-leaves-its-master-and-replicas-within-a-second', how: 'the claim stretched: every running replica checked, caught up with M or not', check: (r) => expiredKeysAreGone(r, true), numRuns: 30 },
  { property: 'a-replica-never-expires-a-key-by-itself', how: 'mutation replicaExpiresKeys (replicas run the active expire cycle too)', mutation: 'replicaExpiresKeys', numRuns: 30 },
  { property: 'a-promotion-reaches-every-linked-node-at-once', how: 'the claim tightened to 1 ms, less than a hop', check: (r) => ((r.scratch.slowest as number | undefined) ?? 0) > 1 ? `a node learned of a promotion ${r.scratch.slowest} ms after it` : null, numRuns: 30 },
  { property: 'model-time-never-goes-backwards', how: 'the claim tightened: no two steps in the same millisecond', check: (r) => stepsInTimeOrder(r, true), numRuns: 10 },
  { property: 'cluster-size-counts-the-masters-serving-slots', how: 'the claim misread: every master counted, with slots or without', check: (r) => noted(r, 'slotless'), numRuns: 20 },
  { property: 'a-gossip-section-holds-a-tenth-of-the-cluster', how: 'the claim tightened by one entry', check: (r) => ((r.scratch.fullest as number | undefined) ?? -1) >= 0 ? 'a section gossiped about as many healthy nodes as wanted' : null, numRuns: 10 },
  { property: 'a-silent-link-is-dropped-after-half-the-node-timeout', how: 'the claim tightened to a quarter of the node timeout', check: (r) => ((r.scratch.silentest as number | undefined) ?? 0) > 0.25 ? `a link was kept silent for ${r.scratch.silentest} node timeouts` : null, numRuns: 30 },
  { property: 'power-loss-with-appendfsync-no-loses-at-most-the-writeback-window', how: 'the claim tightened to dirty_expire alone (30 s), without the flusher\'s period', check: (r) => lossWindowWithin(r, 30_000), numRuns: 30 },
  { property: 'a-paused-process-changes-nothing', how: 'the claim stretched to a running node cut off from every other (its cron still runs)', check: (r) => noted(r, 'cutOff'), arbitrary: traces(families.sleepThroughHeal()), numRuns: 20 },
  { property: 'a-sentinel-cut-from-the-master-flags-it-down', how: 'the claim tightened: SDOWN by down-after-milliseconds exactly, no time for the next PING', check: (r) => cutSentinelsFlagTheMaster(r, 0), numRuns: 30 },
  { property: 'a-default-manual-failover-needs-its-master', how: 'the claim misread: a request the replica must refuse counted as started', check: (r) => ((r.scratch.refusable as number | undefined) ?? 0) > 0 ? 'a default CLUSTER FAILOVER reached a replica whose master was down' : null, numRuns: 30 },
  { property: 'a-sentinel-failover-promotes-within-down-after-plus-four-seconds', how: 'the claim tightened: promoted within down-after-milliseconds, before SDOWN can be flagged', check: (r) => promotedInTime(r, r.trace.config.downAfterMilliseconds), numRuns: 20 },
  { property: 'sentinel-repoints-the-other-replicas-in-batches', how: 'the claim tightened to 200 ms per batch, less than the INFO period', check: (r) => otherReplicasFollow(r, 200), numRuns: 30 },
  { property: 'sentinel-reconfigures-at-most-parallel-syncs-replicas-at-once', how: 'the claim tightened to parallel-syncs 0: no replica re-pointed before one has synced', check: (r) => atMostParallelSyncs(r, 0), numRuns: 30 },
  { property: 'one-aof-fsync-at-a-time', how: 'the claim stretched: a full second of rest between two fsyncs', check: (r) => ((r.scratch.closest as number | undefined) ?? Infinity) < 1000 ? `an fsync started ${r.scratch.closest} ms after the previous one ended` : null, numRuns: 30 },
  { property: 'a-rebooted-master-is-not-down-before-the-reboot-period', how: 'outside its scope: master-reboot-down-after-period 1 ms, checked over 2 s after +reboot', arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['soon'], space: { rebootPeriod: [1] } })), check: (r) => notDownAfterReboot(r, 2000), numRuns: 40 },
  { property: 'a-killed-master-is-down-after-down-after-milliseconds', how: 'the claim tightened: SDOWN by down-after-milliseconds after the kill, no timer tick allowed', check: (r) => killedMasterDownInTime(r, 0), numRuns: 30 },
  { property: 'a-paused-sentinel-acts-on-nothing', how: 'the claim stretched 2 s past the resume (the held command runs then)', check: (r) => pausedSentinelsSilent(r, 2000), numRuns: 30 },
  { property: 'a-master-drops-a-silent-replica-after-repl-timeout', how: 'the claim tightened by a second: freed only after repl-timeout + 1 whole seconds', check: (r) => ((r.scratch.shortest as number | undefined) ?? Infinity) <= 1 ? `a replica was freed ${r.scratch.shortest} s past repl-timeout` : null, numRuns: 30 },
  { property: 'a-replica-times-out-its-master-once-per-link', how: 'the claim stretched to every end of a link (the master\'s close too), not only MASTER timeout', check: (r) => oneTimeoutPerLink(r, ['master-timeout', 'master-link-down']), numRuns: 30 },
  { property: 'a-sentinel-reconfiguration-resets-the-other-sentinels-links', how: 'the claim tightened: the links closed at the SLAVEOF\'s own instant, before the FIN can travel', check: (r) => (r.scratch.openAtSlaveof ? 'another Sentinel still had links to the instance when its SLAVEOF ran' : null), numRuns: 20 },
  { property: 'a-healthy-sentinel-refreshes-info-every-ten-seconds', how: 'the claim tightened to the INFO period itself, 10 s, with no timer tick or round trip', check: (r) => ((r.scratch.oldest as number | undefined) ?? 0) > 10_000 ? `an INFO was ${r.scratch.oldest} ms old` : null, numRuns: 4 },
  { property: 'the-ledger-reads-the-master-most-nodes-follow', how: 'the claim misread: the authority taken as the master the fewest nodes follow', check: (r) => ledgerReadsTheMostFollowed(r, true), numRuns: 30 },
  { property: 'a-disk-based-sync-leaves-the-master-a-snapshot', how: 'the claim stretched: one key more than the snapshot held (writes after it are lost)', check: (r) => restartKeepsSyncSnapshot(r, 1), numRuns: 30 },
  { property: 'a-replica-with-keys-loads-its-sync-from-disk', how: 'the claim stretched: one key more than the sync held', check: (r) => replicaKeepsDiskSync(r, 1), numRuns: 30 },
  { property: 'a-failover-whose-replica-never-answers-is-aborted', how: 'the claim tightened: aborted within half the failover-timeout', check: (r) => unansweredFailoversAbort(r, -r.trace.config.failoverTimeout / 2), numRuns: 30 },
  { property: 'nagle-holds-a-bus-message-at-most-one-delayed-ack', how: 'the claim tightened to half a delayed ACK', check: (r) => ((r.scratch.longest as number | undefined) ?? 0) > 20 ? `a bus message waited ${r.scratch.longest} ms` : null, numRuns: 30 },
  { property: 'a-sentinel-corrects-nothing-while-the-master-looks-stale', how: 'the claim tightened to 5 s, half an INFO period', check: (r) => ((r.scratch.stalest as number | undefined) ?? 0) >= 5000 ? `a correction went out with the master's INFO ${r.scratch.stalest} ms old` : null, numRuns: 30 },
  { property: 'after-an-aborted-failover-every-node-follows-one-master', how: 'outside its scope: checked 1 s after the heal instead of a minute, before the restarted master and the cut replica are reconfigured', arbitrary: standaloneTraces(sentinelFamilies.replicaCutAtPromotion({ settle: 1000, space: { sentinels: [1, 3] } })), check: everyNodeFollowsOneMaster, numRuns: 30 },
  { property: 'only-a-master-executes-writes', how: 'mutation replicaAcceptsWrites (a standalone replica executes writes, as with replica-read-only no)', mutation: 'replicaAcceptsWrites', arbitrary: standaloneTraces(replicationFamilies.switchover()), numRuns: 30 },
  { property: 'a-master-back-from-a-minority-waits-before-writes', how: 'the claim stretched by 3 s past the rejoin delay', check: (r) => noWriteDuringRejoinDelay(r, 3000), numRuns: 30 },
  { property: 'full-coverage-stops-writes-while-a-shard-is-down', how: 'cluster-require-full-coverage no', arbitrary: traces(families.masterAndReplica({ space: { fullCoverage: [false], masters: [3, 4, 5] } })), numRuns: 20 },
  ...standaloneBreakers(),
  // model-never-throws: shown in the test by a run whose observer throws (the detection path).
];

/** Sentinel and standalone replication (issue 12). */
/** The no-loss check with its scope restriction lifted (M's own crash counts). */
const noAckedWriteLostAnyway = (r: RunResult): string | null => noAckedWriteLost({ ...r, trace: { ...r.trace, events: r.trace.events.filter((e) => !('node' in e) || e.node !== 'M') } });

export function standaloneBreakers(): Breaker[] {
  return [
  { property: 'at-most-one-sentinel-leader-per-epoch', how: 'mutation sentinelLeaderWithoutMajority (split votes: every candidate wins alone)', mutation: 'sentinelLeaderWithoutMajority', arbitrary: standaloneTraces(sentinelFamilies.splitVote()), numRuns: 10 },
  { property: 'at-most-one-sentinel-leader-per-epoch', how: 'mutation sentinelVoteTwice (a voter grants a second vote in the same epoch)', mutation: 'sentinelVoteTwice', arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'], space: { sentinels: [5], quorum: () => [1], latency: [40, 80] } })), numRuns: 60 },
  { property: 'at-most-one-sentinel-leader-per-epoch', how: 'mutation sentinelVoteForgottenOnRestart (a voter restarted mid-election votes again in the same epoch)', mutation: 'sentinelVoteForgottenOnRestart', arbitrary: standaloneTraces(sentinelFamilies.voterRestart({ space: { latency: [40, 80], quorum: (n) => [Math.floor(n / 2) + 1] } })), numRuns: 60 },
  { property: 'no-promotion-without-odown-and-votes', how: 'mutation sentinelFailoverWithoutOdown (one Sentinel cut from a healthy master, quorum ≥ 2)', mutation: 'sentinelFailoverWithoutOdown', arbitrary: standaloneTraces(sentinelFamilies.sentinelCutFromMaster({ space: { quorum: (n) => [Math.floor(n / 2) + 1] } })), numRuns: 20 },
  { property: 'no-promotion-without-odown-and-votes', how: 'mutation sentinelLeaderWithoutMajority', mutation: 'sentinelLeaderWithoutMajority', arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'] })), numRuns: 10 },
  { property: 'sentinel-failover-loss-is-the-replication-window', how: 'further fault: the promoted replica (persistence off) is killed and restarted empty', arbitrary: standaloneTraces(crashThePromotedStandaloneReplica), numRuns: 20 },
  { property: 'chained-replicas-converge-to-their-master', how: 'mutation keepSubReplicasOnFullSync (REPLICAOF or config edit + restart in a chain of 3)', mutation: 'keepSubReplicasOnFullSync', arbitrary: standaloneTraces(fc.oneof(replicationFamilies.replicaof({ space: { chained: true, replicas: [3] } }), replicationFamilies.editConfigRestart({ space: { chained: true, replicas: [3] } }))), numRuns: 30 },
  { property: 'sentinel-min-replicas-bounds-the-old-masters-window', how: 'min-replicas-to-write 0 (the 2 s bound checked anyway)', arbitrary: standaloneTraces(sentinelFamilies.oldMasterPartitioned({ withReplica: false, space: { minReplicas: [0] } })), check: (r) => oldMasterWindowBounded({ ...r, trace: { ...r.trace, config: { ...r.trace.config, minReplicasToWrite: 1, minReplicasMaxLag: 2 } } }), numRuns: 10 },
  { property: 'replication-without-failover-keeps-acked-writes', how: 'scope lifted: M itself killed and restarted (persistence off)', arbitrary: standaloneTraces(replicationFamilies.editConfigRestart({ space: { persistence: ['none'] } }).map((p) => ({ ...p, faults: [{ gap: 0, event: { type: 'crash', node: 'M' } }, { gap: 300, event: { type: 'restart', node: 'M' } }] }))), check: (r) => noAckedWriteLostAnyway(r), numRuns: 10 },
  ];
}
