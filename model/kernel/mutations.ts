// TEST-ONLY fault injection: deliberately broken variants of single protocol rules, used by the
// property suite to show that each 'always' property can fail (design §5 non-vacuity). Every flag
// is false by default and nothing in the model sets them; each is read at the exact
// place the rule is implemented.
export const mutations = {
  /** clusterCron, clusterHandleSlaveMigration: a master whose replicas are only PFAIL is taken for orphaned (they should still count). */
  orphanOnPfail: false,
  /** clusterSendFailoverAuthIfNeeded: grant a vote even if one was already granted in this epoch. */
  doubleVote: false,
  /** markNodeAsFailingIfNeeded: flag FAIL without a majority of failure reports. */
  failWithoutQuorum: false,
  /** clusterHandleSlaveFailover: win the election without a quorum of votes. */
  promoteWithoutVotes: false,
  /** clusterGetSlaveRank: rank 0 for every replica, whatever the offsets. */
  rankIgnoresOffset: false,
  /** clusterNodeCleanupFailureReports: never drop a failure report, however old. */
  staleReportsCount: false,
  /** clusterNodeDelFailureReport: a master that sees the node as up again keeps its failure report. */
  keepWithdrawnReports: false,
  /** sentinelVoteLeader: grant a vote even if this Sentinel already voted in this epoch. */
  sentinelVoteTwice: false,
  /** sentinelGetLeader: the most voted candidate wins whatever its count (no max(maj, q)). */
  sentinelLeaderWithoutMajority: false,
  /** sentinelHandleRedisInstance: start a failover on SDOWN, without ODOWN. */
  sentinelFailoverWithoutOdown: false,
  /** sentinelHandleConfiguration: a restarted Sentinel ignores its saved leader-epoch (as if the vote were not persisted). */
  sentinelVoteForgottenOnRestart: false,
  /** clusterUpdateState: the rejoin delay is always CLUSTER_MAX_REJOIN_DELAY (5 s), whatever the node timeout. */
  rejoinAlwaysMax: false,
  /** clusterUpdateState: hold a replica's ok state back for the rejoin delay too, as a master's. */
  rejoinDelaysReplicas: false,
  /** readSyncBulkPayload (replicationAttachToNewMaster): keep the sub-replicas attached across a full sync. */
  keepSubReplicasOnFullSync: false,
  /** databasesCron: a replica runs the active expire cycle too, deleting expired keys without its master's DEL. */
  replicaExpiresKeys: false,
  /** processCommand on a standalone node: a replica executes writes (as with replica-read-only no). */
  replicaAcceptsWrites: false,
  /** sentinelHandleRedisInstance: the acting half runs in TILT too. */
  sentinelActsInTilt: false,
  /** replDelivered: a killed process still handles the replication data that reaches it. */
  deadProcessReceives: false,
  /** release (net.ts): each held message after a heal gets its own retransmission time and order, as if it had its own connection. */
  retransmitPerMessage: false,
  /** synArrives: SYN retransmissions on the schedule of kernels before 6.7 (1, 3, 7, 15 s: the RTO doubles from the first). */
  synBackoffPre67: false,
};

export function resetMutations(): void {
  for (const k of Object.keys(mutations) as Array<keyof typeof mutations>) mutations[k] = false;
}
