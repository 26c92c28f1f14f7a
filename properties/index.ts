// The catalog: every property, one claim per file (design §5).
import type { Property } from './property.ts';
import { property as bigClusterFailsOverWithinTheBound } from './big-cluster-fails-over-within-the-bound.ts';
import { property as aFailedMasterStaysFailedForTwoNodeTimeouts } from './a-failed-master-stays-failed-for-two-node-timeouts.ts';
import { property as aMasterBackFromAMinorityWaitsBeforeWrites } from './a-master-back-from-a-minority-waits-before-writes.ts';
import { property as aMasterBackFromAMinorityIsWritableAfterTheRejoinDelay } from './a-master-back-from-a-minority-is-writable-after-the-rejoin-delay.ts';
import { property as aRestartedMasterWaitsTwoSecondsBeforeWrites } from './a-restarted-master-waits-two-seconds-before-writes.ts';
import { property as clusterConvergesAfterHeal } from './cluster-converges-after-heal.ts';
import { property as concurrentElectionsCanSplitVotes } from './concurrent-elections-can-split-votes.ts';
import { property as defaultManualFailoverIsLossless } from './default-manual-failover-is-lossless.ts';
import { property as emptyMasterRestartWipesReplicas } from './empty-master-restart-wipes-replicas.ts';
import { property as failNeedsReportsFromAMajorityOfMasters } from './fail-needs-reports-from-a-majority-of-masters.ts';
import { property as failoverLossIsTheReplicationWindow } from './failover-loss-is-the-replication-window.ts';
import { property as forcedFailoverCanLoseWrites } from './forced-failover-can-lose-writes.ts';
import { property as fullCoverageStopsWritesWhileAShardIsDown } from './full-coverage-stops-writes-while-a-shard-is-down.ts';
import { property as fullCoverageDoesNotChangeLostWrites } from './full-coverage-does-not-change-lost-writes.ts';
import { property as healthyShardsStayWritableWithoutFullCoverage } from './healthy-shards-stay-writable-without-full-coverage.ts';
import { property as kill9WithAofLosesNothing } from './kill-9-with-aof-loses-nothing.ts';
import { property as kill9WithAofEverysecCanLoseWrites } from './kill-9-with-aof-everysec-can-lose-writes.ts';
import { property as kill9WithAofEverysecLosesAtMostTwoSeconds } from './kill-9-with-aof-everysec-loses-at-most-two-seconds.ts';
import { property as minReplicasBoundsIsolatedMasterWrites } from './min-replicas-bounds-isolated-master-writes.ts';
import { property as minorityMasterStopsWritesWithinNodeTimeout } from './minority-master-stops-writes-within-node-timeout.ts';
import { property as modelNeverThrows } from './model-never-throws.ts';
import { property as noFailoverReplicaIsNeverElected } from './no-failover-replica-is-never-elected.ts';
import { property as noMajorityNoFailover } from './no-majority-no-failover.ts';
import { property as oldMasterRejoinsWithPartialSync } from './old-master-rejoins-with-partial-sync.ts';
import { property as oneWinnerPerEpoch } from './one-winner-per-epoch.ts';
import { property as partialRejoinKeepsOldMasterWrites } from './partial-rejoin-keeps-old-master-writes.ts';
import { property as persistenceOffReloadsSyncSnapshot } from './persistence-off-reloads-sync-snapshot.ts';
import { property as powerLossEverysecCanLoseWrites } from './power-loss-everysec-can-lose-writes.ts';
import { property as powerLossEverysecLosesAtMostTwoSeconds } from './power-loss-everysec-loses-at-most-two-seconds.ts';
import { property as powerLossWithFsyncAlwaysLosesNothing } from './power-loss-with-fsync-always-loses-nothing.ts';
import { property as promotionNeedsMajorityVotes } from './promotion-needs-majority-votes.ts';
import { property as rdbOnlyCrashLosesWritesSinceSnapshot } from './rdb-only-crash-loses-writes-since-snapshot.ts';
import { property as restartedOldMasterTakesFullSync } from './restarted-old-master-takes-full-sync.ts';
import { property as restartedReplicaNeverAutoPromotes } from './restarted-replica-never-auto-promotes.ts';
import { property as slotOwnershipConvergesToHighestConfigEpoch } from './slot-ownership-converges-to-highest-config-epoch.ts';
import { property as staleFailureReportsNeverCount } from './stale-failure-reports-never-count.ts';
import { property as withdrawnFailureReportsNeverCount } from './withdrawn-failure-reports-never-count.ts';
import { property as anElectionIsAnnouncedOnlyToTheSiblings } from './an-election-is-announced-only-to-the-siblings.ts';
import { property as aFailureReportCountsUntilItIsExactlyTwoNodeTimeoutsOld } from './a-failure-report-counts-until-it-is-exactly-two-node-timeouts-old.ts';
import { property as theWritableDelayEndsExactlyTwoSecondsAfterTheFirstStateUpdate } from './the-writable-delay-ends-exactly-two-seconds-after-the-first-state-update.ts';
import { property as theRejoinDelayEndsExactlyOnTime } from './the-rejoin-delay-ends-exactly-on-time.ts';
import { property as aNewElectionWaitsStrictlyLongerThanTheRetryTime } from './a-new-election-waits-strictly-longer-than-the-retry-time.ts';
import { property as aManualFailoverTimesOutStrictlyAfterItsDeadline } from './a-manual-failover-times-out-strictly-after-its-deadline.ts';
import { property as aSentinelTrustsAMasterInfoForStrictlyLessThanTwentySeconds } from './a-sentinel-trusts-a-master-info-for-strictly-less-than-twenty-seconds.ts';
import { property as aMessageSentAsTheAckArrivesWaitsBehindTheReleasedOne } from './a-message-sent-as-the-ack-arrives-waits-behind-the-released-one.ts';
import { property as aReplicaOfAMasterWithoutSlotsNeverStartsAnElection } from './a-replica-of-a-master-without-slots-never-starts-an-election.ts';
import { property as aReplicaClaimingItsMastersSlotsIsNeverSentAnUpdate } from './a-replica-claiming-its-masters-slots-is-never-sent-an-update.ts';
import { property as aFailFlagReachesNodesConfWithoutAnFsync } from './a-fail-flag-reaches-nodes-conf-without-an-fsync.ts';
import { property as aReplicaMigratesOnlyToAMasterWhoseReplicasHaveFailed } from './a-replica-migrates-only-to-a-master-whose-replicas-have-failed.ts';
import { property as aReplicaWaitsTheRetryTimeBetweenElections } from './a-replica-waits-the-retry-time-between-elections.ts';
import { property as aPausedMasterIsReplacedWithinTheBound } from './a-paused-master-is-replaced-within-the-bound.ts';
import { property as aStaleReplicaIsNotPromotedWhileItsLinkIsUp } from './a-stale-replica-is-not-promoted-while-its-link-is-up.ts';
import { property as aStaleReplicaIsPromotedOnceItsLinkTimesOut } from './a-stale-replica-is-promoted-once-its-link-times-out.ts';
import { property as aManualFailoverOnAHealthyClusterCompletes } from './a-manual-failover-on-a-healthy-cluster-completes.ts';
import { property as theReplicaWithTheGreatestOffsetWinsTheElection } from './the-replica-with-the-greatest-offset-wins-the-election.ts';
import { property as anElectionWaitsOneSecondPerSiblingAhead } from './an-election-waits-one-second-per-sibling-ahead.ts';
import { property as aReplicaRefusesAnElectionOnlyWhenItsDataIsTooOld } from './a-replica-refuses-an-election-only-when-its-data-is-too-old.ts';
import { property as aStalledManualFailoverIsAbandonedAfterFiveSeconds } from './a-stalled-manual-failover-is-abandoned-after-five-seconds.ts';
import { property as aStalledManualFailoverPausesTheMasterWhenItWakes } from './a-stalled-manual-failover-pauses-the-master-when-it-wakes.ts';
import { property as aReplicaBackFromAMinorityReportsOkAtOnce } from './a-replica-back-from-a-minority-reports-ok-at-once.ts';
import { property as onlyAMasterExecutesWrites } from './only-a-master-executes-writes.ts';
import { property as aReplicaDropsASilentMasterAfterReplTimeout } from './a-replica-drops-a-silent-master-after-repl-timeout.ts';
import { property as aSentinelInTiltTakesNoAction } from './a-sentinel-in-tilt-takes-no-action.ts';
import { property as sentinelsSeeEachOtherAfterARestart } from './sentinels-see-each-other-after-a-restart.ts';
import { property as aDeadProcessChangesNothing } from './a-dead-process-changes-nothing.ts';
import { property as waitReturnsOnceTheReplicasAcknowledge } from './wait-returns-once-the-replicas-acknowledge.ts';
import { property as theDowntimeReportCoversEveryRefusedWrite } from './the-downtime-report-covers-every-refused-write.ts';
import { property as everyLostWriteNamesTheFaultItWasLostTo } from './every-lost-write-names-the-fault-it-was-lost-to.ts';
import { property as eachMasterFailureReportsItsTimes } from './each-master-failure-reports-its-times.ts';
import { property as anExpiredKeyLeavesItsMasterAndReplicasWithinASecond } from './an-expired-key-leaves-its-master-and-replicas-within-a-second.ts';
import { property as aReplicaNeverExpiresAKeyByItself } from './a-replica-never-expires-a-key-by-itself.ts';
import { property as aPromotionReachesEveryLinkedNodeAtOnce } from './a-promotion-reaches-every-linked-node-at-once.ts';
import { property as modelTimeNeverGoesBackwards } from './model-time-never-goes-backwards.ts';
import { property as aGossipSectionHoldsATenthOfTheCluster } from './a-gossip-section-holds-a-tenth-of-the-cluster.ts';
import { property as clusterSizeCountsTheMastersServingSlots } from './cluster-size-counts-the-masters-serving-slots.ts';
import { property as aSilentLinkIsDroppedAfterHalfTheNodeTimeout } from './a-silent-link-is-dropped-after-half-the-node-timeout.ts';
import { property as powerLossWithAppendfsyncNoLosesAtMostTheWritebackWindow } from './power-loss-with-appendfsync-no-loses-at-most-the-writeback-window.ts';
import { property as aPausedProcessChangesNothing } from './a-paused-process-changes-nothing.ts';
import { property as aSentinelCutFromTheMasterFlagsItDown } from './a-sentinel-cut-from-the-master-flags-it-down.ts';
import { property as aDefaultManualFailoverNeedsItsMaster } from './a-default-manual-failover-needs-its-master.ts';
import { property as aSentinelFailoverPromotesWithinDownAfterPlusFourSeconds } from './a-sentinel-failover-promotes-within-down-after-plus-four-seconds.ts';
import { property as sentinelRepointsTheOtherReplicasInBatches } from './sentinel-repoints-the-other-replicas-in-batches.ts';
import { property as sentinelReconfiguresAtMostParallelSyncsReplicasAtOnce } from './sentinel-reconfigures-at-most-parallel-syncs-replicas-at-once.ts';
import { property as oneAofFsyncAtATime } from './one-aof-fsync-at-a-time.ts';
import { property as aRebootedMasterIsNotDownBeforeTheRebootPeriod } from './a-rebooted-master-is-not-down-before-the-reboot-period.ts';
import { property as aKilledMasterIsDownAfterDownAfterMilliseconds } from './a-killed-master-is-down-after-down-after-milliseconds.ts';
import { property as aPausedSentinelActsOnNothing } from './a-paused-sentinel-acts-on-nothing.ts';
import { property as aMasterDropsASilentReplicaAfterReplTimeout } from './a-master-drops-a-silent-replica-after-repl-timeout.ts';
import { property as aReplicaTimesOutItsMasterOncePerLink } from './a-replica-times-out-its-master-once-per-link.ts';
import { property as aSentinelReconfigurationResetsTheOtherSentinelsLinks } from './a-sentinel-reconfiguration-resets-the-other-sentinels-links.ts';
import { property as aHealthySentinelRefreshesInfoEveryTenSeconds } from './a-healthy-sentinel-refreshes-info-every-ten-seconds.ts';
import { property as theLedgerReadsTheMasterMostNodesFollow } from './the-ledger-reads-the-master-most-nodes-follow.ts';
import { property as aDiskBasedSyncLeavesTheMasterASnapshot } from './a-disk-based-sync-leaves-the-master-a-snapshot.ts';
import { property as aReplicaWithKeysLoadsItsSyncFromDisk } from './a-replica-with-keys-loads-its-sync-from-disk.ts';
import { property as aFailoverWhoseReplicaNeverAnswersIsAborted } from './a-failover-whose-replica-never-answers-is-aborted.ts';
import { property as nagleHoldsABusMessageAtMostOneDelayedAck } from './nagle-holds-a-bus-message-at-most-one-delayed-ack.ts';
import { property as aSentinelCorrectsNothingWhileTheMasterLooksStale } from './a-sentinel-corrects-nothing-while-the-master-looks-stale.ts';
import { property as afterAnAbortedFailoverEveryNodeFollowsOneMaster } from './after-an-aborted-failover-every-node-follows-one-master.ts';
import { property as aFailedNodeWithoutSlotsIsClearedByItsFirstPong } from './a-failed-node-without-slots-is-cleared-by-its-first-pong.ts';
import { property as twoWritableMastersCanCoexist } from './two-writable-masters-can-coexist.ts';
import { property as validityZeroPromotesRestartedReplica } from './validity-zero-promotes-restarted-replica.ts';
import { property as waitIsNotDurability } from './wait-is-not-durability.ts';
import { property as atMostOneSentinelLeaderPerEpoch } from './at-most-one-sentinel-leader-per-epoch.ts';
import { property as noPromotionWithoutOdownAndVotes } from './no-promotion-without-odown-and-votes.ts';
import { property as sentinelFailoverLossIsTheReplicationWindow } from './sentinel-failover-loss-is-the-replication-window.ts';
import { property as sentinelPartitionedOldMasterLosesAckedWrites } from './sentinel-partitioned-old-master-loses-acked-writes.ts';
import { property as sentinelMinReplicasNewMasterRefusesWrites } from './sentinel-min-replicas-new-master-refuses-writes.ts';
import { property as sentinelEmptyMasterRestartWipesReplicas } from './sentinel-empty-master-restart-wipes-replicas.ts';
import { property as sentinelPromotesRestartedEmptyReplica } from './sentinel-promotes-restarted-empty-replica.ts';
import { property as sentinelQuorumBelowMajorityCannotAuthorise } from './sentinel-quorum-below-majority-cannot-authorise.ts';
import { property as sentinelSplitVoteDelaysFailover } from './sentinel-split-vote-delays-failover.ts';
import { property as sentinelQuorumOneFalseFailover } from './sentinel-quorum-one-false-failover.ts';
import { property as chainedReplicasConvergeToTheirMaster } from './chained-replicas-converge-to-their-master.ts';
import { property as configEditRestartWipesTheChain } from './config-edit-restart-wipes-the-chain.ts';
import { property as sentinelMinReplicasBoundsTheOldMastersWindow } from './sentinel-min-replicas-bounds-the-old-masters-window.ts';
import { property as replicationWithoutFailoverKeepsAckedWrites } from './replication-without-failover-keeps-acked-writes.ts';
import { property as aSwallowedReplicaConnectIsRetriedOnTheKernelsSchedule } from './a-swallowed-replica-connect-is-retried-on-the-kernels-schedule.ts';
import { property as aSentinelCutFromAReplicaIsStillHeardOnIt } from './a-sentinel-cut-from-a-replica-is-still-heard-on-it.ts';
import { property as aReplicaThatIgnoresItsSlaveofIsGivenUpAfterTenSeconds } from './a-replica-that-ignores-its-slaveof-is-given-up-after-ten-seconds.ts';
import { property as aForcedFailoverAsksForVotesAtOnce } from './a-forced-failover-asks-for-votes-at-once.ts';
import { property as aSentinelCommandNeverOvertakesItsConnect } from './a-sentinel-command-never-overtakes-its-connect.ts';

/** The Sentinel and standalone-replication claims (issue 12). */
export const standaloneProperties: Property[] = [
  atMostOneSentinelLeaderPerEpoch,
  noPromotionWithoutOdownAndVotes,
  sentinelFailoverLossIsTheReplicationWindow,
  sentinelPartitionedOldMasterLosesAckedWrites,
  sentinelMinReplicasNewMasterRefusesWrites,
  sentinelMinReplicasBoundsTheOldMastersWindow,
  sentinelEmptyMasterRestartWipesReplicas,
  sentinelPromotesRestartedEmptyReplica,
  sentinelQuorumBelowMajorityCannotAuthorise,
  sentinelSplitVoteDelaysFailover,
  sentinelQuorumOneFalseFailover,
  chainedReplicasConvergeToTheirMaster,
  configEditRestartWipesTheChain,
  replicationWithoutFailoverKeepsAckedWrites,
  aSentinelCommandNeverOvertakesItsConnect,
  aSentinelCutFromAReplicaIsStillHeardOnIt,
  aReplicaThatIgnoresItsSlaveofIsGivenUpAfterTenSeconds,
];

export const catalog: Property[] = [
  bigClusterFailsOverWithinTheBound,
  aFailedMasterStaysFailedForTwoNodeTimeouts,
  aMasterBackFromAMinorityWaitsBeforeWrites,
  aMasterBackFromAMinorityIsWritableAfterTheRejoinDelay,
  aRestartedMasterWaitsTwoSecondsBeforeWrites,
  clusterConvergesAfterHeal,
  concurrentElectionsCanSplitVotes,
  defaultManualFailoverIsLossless,
  emptyMasterRestartWipesReplicas,
  failNeedsReportsFromAMajorityOfMasters,
  failoverLossIsTheReplicationWindow,
  forcedFailoverCanLoseWrites,
  fullCoverageDoesNotChangeLostWrites,
  fullCoverageStopsWritesWhileAShardIsDown,
  healthyShardsStayWritableWithoutFullCoverage,
  kill9WithAofLosesNothing,
  kill9WithAofEverysecCanLoseWrites,
  kill9WithAofEverysecLosesAtMostTwoSeconds,
  minReplicasBoundsIsolatedMasterWrites,
  minorityMasterStopsWritesWithinNodeTimeout,
  modelNeverThrows,
  noFailoverReplicaIsNeverElected,
  noMajorityNoFailover,
  oldMasterRejoinsWithPartialSync,
  oneWinnerPerEpoch,
  partialRejoinKeepsOldMasterWrites,
  persistenceOffReloadsSyncSnapshot,
  powerLossEverysecCanLoseWrites,
  powerLossEverysecLosesAtMostTwoSeconds,
  powerLossWithFsyncAlwaysLosesNothing,
  promotionNeedsMajorityVotes,
  rdbOnlyCrashLosesWritesSinceSnapshot,
  restartedOldMasterTakesFullSync,
  restartedReplicaNeverAutoPromotes,
  slotOwnershipConvergesToHighestConfigEpoch,
  staleFailureReportsNeverCount,
  withdrawnFailureReportsNeverCount,
  aReplicaWaitsTheRetryTimeBetweenElections,
  aPausedMasterIsReplacedWithinTheBound,
  aStaleReplicaIsNotPromotedWhileItsLinkIsUp,
  aStaleReplicaIsPromotedOnceItsLinkTimesOut,
  aManualFailoverOnAHealthyClusterCompletes,
  theReplicaWithTheGreatestOffsetWinsTheElection,
  anElectionWaitsOneSecondPerSiblingAhead,
  aReplicaRefusesAnElectionOnlyWhenItsDataIsTooOld,
  aStalledManualFailoverIsAbandonedAfterFiveSeconds,
  aStalledManualFailoverPausesTheMasterWhenItWakes,
  aReplicaBackFromAMinorityReportsOkAtOnce,
  onlyAMasterExecutesWrites,
  aReplicaDropsASilentMasterAfterReplTimeout,
  aSentinelInTiltTakesNoAction,
  sentinelsSeeEachOtherAfterARestart,
  aDeadProcessChangesNothing,
  waitReturnsOnceTheReplicasAcknowledge,
  theDowntimeReportCoversEveryRefusedWrite, everyLostWriteNamesTheFaultItWasLostTo, eachMasterFailureReportsItsTimes,
  anExpiredKeyLeavesItsMasterAndReplicasWithinASecond, aReplicaNeverExpiresAKeyByItself, aPromotionReachesEveryLinkedNodeAtOnce,
  modelTimeNeverGoesBackwards, aGossipSectionHoldsATenthOfTheCluster, aSilentLinkIsDroppedAfterHalfTheNodeTimeout,
  powerLossWithAppendfsyncNoLosesAtMostTheWritebackWindow, aPausedProcessChangesNothing, aSentinelCutFromTheMasterFlagsItDown,
  aDefaultManualFailoverNeedsItsMaster, aSentinelFailoverPromotesWithinDownAfterPlusFourSeconds, sentinelRepointsTheOtherReplicasInBatches,
  sentinelReconfiguresAtMostParallelSyncsReplicasAtOnce, oneAofFsyncAtATime, aRebootedMasterIsNotDownBeforeTheRebootPeriod,
  aKilledMasterIsDownAfterDownAfterMilliseconds, aPausedSentinelActsOnNothing, aMasterDropsASilentReplicaAfterReplTimeout,
  aReplicaTimesOutItsMasterOncePerLink, aSentinelReconfigurationResetsTheOtherSentinelsLinks, aHealthySentinelRefreshesInfoEveryTenSeconds,
  theLedgerReadsTheMasterMostNodesFollow, aDiskBasedSyncLeavesTheMasterASnapshot, aReplicaWithKeysLoadsItsSyncFromDisk,
  aFailoverWhoseReplicaNeverAnswersIsAborted, nagleHoldsABusMessageAtMostOneDelayedAck,
  aSentinelCorrectsNothingWhileTheMasterLooksStale, afterAnAbortedFailoverEveryNodeFollowsOneMaster,
  aFailedNodeWithoutSlotsIsClearedByItsFirstPong, clusterSizeCountsTheMastersServingSlots,
  twoWritableMastersCanCoexist,
  validityZeroPromotesRestartedReplica, aSwallowedReplicaConnectIsRetriedOnTheKernelsSchedule, aForcedFailoverAsksForVotesAtOnce,
  waitIsNotDurability, anElectionIsAnnouncedOnlyToTheSiblings, aFailureReportCountsUntilItIsExactlyTwoNodeTimeoutsOld,
  theWritableDelayEndsExactlyTwoSecondsAfterTheFirstStateUpdate, theRejoinDelayEndsExactlyOnTime, aNewElectionWaitsStrictlyLongerThanTheRetryTime,
  aManualFailoverTimesOutStrictlyAfterItsDeadline, aSentinelTrustsAMasterInfoForStrictlyLessThanTwentySeconds,
  aMessageSentAsTheAckArrivesWaitsBehindTheReleasedOne, aReplicaOfAMasterWithoutSlotsNeverStartsAnElection,
  aReplicaClaimingItsMastersSlotsIsNeverSentAnUpdate, aFailFlagReachesNodesConfWithoutAnFsync,
  aReplicaMigratesOnlyToAMasterWhoseReplicasHaveFailed,
  ...standaloneProperties,
];

export const byName = (name: string): Property => {
  const p = catalog.find((x) => x.name === name);
  if (!p) throw new Error(`no property named ${name}`);
  return p;
};

export type { Property } from './property.ts';
