// The shortest hand-written trace for each hazard: the yardstick for a shrunk witness's length.
// Each is the smallest trace we could write on which the property's own check reports the hazard
// (the bench runs the check on it and says so if it does not). Events count as in the trace file:
// a `writes` loop is one event. No writes loop where the check does not need acknowledged writes.
import type { TraceInput } from '../model/kernel/trace.ts';

const persistenceOff = { appendonly: false, save: [] as Array<[number, number]> };
/** A Sentinel deployment with short timings: M, R1, R2, S1–S3, quorum 2, down-after 1 s. */
const sentinel1 = { topology: 'sentinel' as const, replicas: 2, sentinels: 3, quorum: 2, downAfterMilliseconds: 1000 };

export const minimalWitness: Record<string, TraceInput> = {
  // Two masters crash together and one slow replica→master link makes the vote requests race.
  'concurrent-elections-can-split-votes': {
    seed: 3, config: { masters: 5, nodeTimeout: 2500, latency: 80, appendonly: true, appendfsync: 'always', save: [] },
    events: [
      { at: 2744, type: 'delay', from: 'A1', to: 'B', ms: 42 },
      { at: 2744, type: 'crash', node: 'C' },
      { at: 2744, type: 'crash', node: 'A' },
    ],
    until: 40_000,
  },
  // A's stream to A1 is held back for a minute, A dies; once repl-timeout closes A1's link, A1 takes over.
  'a-stale-replica-is-promoted-once-its-link-times-out': {
    seed: 1, config: { nodeTimeout: 1000, replicaValidityFactor: 10 },
    events: [
      { at: 0, type: 'writes', every: 100, until: 30_000 },
      { at: 1000, type: 'delay', from: 'A', to: 'A1', ms: 60_000 },
      { at: 30_000, type: 'crash', node: 'A' },
    ],
    until: 80_000,
  },
  // CLUSTER FAILOVER to A1 while A is stopped; A1 gives up at 5 s, A wakes at 7.5 s and pauses writes for it anyway.
  'a-stalled-manual-failover-pauses-the-master-when-it-wakes': {
    seed: 1, config: { nodeTimeout: 8000 },
    events: [
      { at: 0, type: 'writes', every: 100, until: 15_000 },
      { at: 1500, type: 'pause', node: 'A' },
      { at: 1500, type: 'failover', node: 'A1', mode: 'default' },
      { at: 7500, type: 'resume', node: 'A' },
    ],
    until: 20_000,
  },
  // Writes, then the master is killed and restarted empty before node timeout.
  'empty-master-restart-wipes-replicas': {
    seed: 1, config: { ...persistenceOff, nodeTimeout: 1000 },
    events: [
      { at: 0, type: 'writes', every: 50, until: 3000 },
      { at: 1500, type: 'crash', node: 'A' },
      { at: 1550, type: 'restart', node: 'A' },
    ],
    until: 15_000,
  },
  // TAKEOVER does not wait for the replica: what was in flight on a 20 ms link is lost.
  'forced-failover-can-lose-writes': {
    seed: 1, config: { nodeTimeout: 1000, latency: 20 },
    events: [
      { at: 0, type: 'writes', every: 10, until: 3000 },
      { at: 1500, type: 'failover', node: 'A1', mode: 'takeover' },
    ],
    until: 15_000,
  },
  // A is cut off long enough for A1 to be promoted, then healed: no writes, so nothing past the promotion.
  'old-master-rejoins-with-partial-sync': {
    seed: 1, config: { nodeTimeout: 1000 },
    events: [
      { at: 1500, type: 'partition', groups: [['A'], ['B', 'C', 'A1', 'B1', 'C1']] },
      { at: 4000, type: 'heal' },
    ],
    until: 15_000,
  },
  // TAKEOVER under writes leaves A ahead of A1, so A takes a (disk-loaded) full sync; A then restarts.
  'persistence-off-reloads-sync-snapshot': {
    seed: 1, config: { ...persistenceOff, nodeTimeout: 1000, latency: 20 },
    events: [
      { at: 0, type: 'writes', every: 10, until: 3000 },
      { at: 1500, type: 'failover', node: 'A1', mode: 'takeover' },
      { at: 8000, type: 'crash', node: 'A' },
      { at: 8100, type: 'restart', node: 'A' },
    ],
    until: 15_000,
  },
  // Writes, a power loss on the master, a restart before node timeout (without it: no loss).
  'power-loss-everysec-can-lose-writes': {
    seed: 1, config: { appendonly: true, appendfsync: 'everysec', save: [], nodeTimeout: 1000 },
    events: [
      { at: 0, type: 'writes', every: 50, until: 3000 },
      { at: 1500, type: 'crash', node: 'A', power: true },
      { at: 1550, type: 'restart', node: 'A' },
    ],
    until: 15_000,
  },
  // A slow disk (each fsync 800 ms), writes, kill -9 of the master inside an fsync, a restart before node timeout.
  'kill-9-with-aof-everysec-can-lose-writes': {
    seed: 1, config: { appendonly: true, appendfsync: 'everysec', save: [], nodeTimeout: 1000 },
    events: [
      { at: 0, type: 'disk', node: 'A', fsyncMs: 800 },
      { at: 0, type: 'writes', every: 50, until: 3000 },
      { at: 1500, type: 'crash', node: 'A' },
      { at: 1550, type: 'restart', node: 'A' },
    ],
    until: 15_000,
  },
  // Writes, kill -9 of the master, a restart before node timeout (without it: no loss).
  'rdb-only-crash-loses-writes-since-snapshot': {
    seed: 1, config: { appendonly: false, save: [[2, 1]], nodeTimeout: 1000 },
    events: [
      { at: 0, type: 'writes', every: 50, until: 3000 },
      { at: 1500, type: 'crash', node: 'A' },
      { at: 1550, type: 'restart', node: 'A' },
    ],
    until: 15_000,
  },
  // C alone in a minority: it keeps serving (admission) until it counts the majority PFAIL, while C1
  // is promoted at about NT + its random election delay; seed 1 draws ping phases and a delay that
  // overlap (test/minimal-witnesses.test.ts checks that every trace here still shows its hazard).
  'two-writable-masters-can-coexist': {
    seed: 1, config: { nodeTimeout: 8400 },
    events: [{ at: 1500, type: 'partition', groups: [['C'], ['A', 'B', 'A1', 'B1', 'C1']] }],
    until: 18_500,
  },
  // A and A1 die, A1 restarts empty and, with validity factor 0, is elected.
  'validity-zero-promotes-restarted-replica': {
    seed: 1, config: { ...persistenceOff, nodeTimeout: 1000, replicaValidityFactor: 0 },
    events: [
      { at: 1500, type: 'crash', node: 'A' },
      { at: 1500, type: 'crash', node: 'A1' },
      { at: 1700, type: 'restart', node: 'A1' },
    ],
    until: 15_000,
  },
  // One WAIT 1 write (key:w1 is in B's slots), acked by B1; B restarts empty and B1 resyncs from it.
  'wait-is-not-durability': {
    seed: 1, config: { ...persistenceOff, nodeTimeout: 1000 },
    events: [
      { at: 1500, type: 'write', wait: { replicas: 1, timeout: 500 } },
      { at: 1600, type: 'crash', node: 'B' },
      { at: 1700, type: 'restart', node: 'B' },
    ],
    until: 15_000,
  },
  // ---- Sentinel (issue 12): one master M, replicas R1…, Sentinels S1…S3, dam 1 s ----
  // M and the clients cut off from R1 and every Sentinel; R1 is promoted, M is demoted ~10 s after the heal.
  'sentinel-partitioned-old-master-loses-acked-writes': {
    seed: 1, config: { ...sentinel1, replicas: 1 },
    events: [
      { at: 0, type: 'writes', every: 50, until: 14_000 },
      { at: 1500, type: 'partition', groups: [['M', 'client'], ['R1', 'S1', 'S2', 'S3']] },
      { at: 6000, type: 'heal' },
    ],
    until: 25_000,
  },
  // The same with min-replicas-to-write 1 (max-lag 2 s): M is demoted ~10 s after the heal, its CLIENT KILL
  // sends the clients to R1, which has no good replica until M's full sync.
  'sentinel-min-replicas-new-master-refuses-writes': {
    seed: 1, config: { ...sentinel1, replicas: 1, minReplicasToWrite: 1, minReplicasMaxLag: 2 },
    events: [
      { at: 0, type: 'writes', every: 50, until: 22_000 },
      { at: 1500, type: 'partition', groups: [['M', 'client'], ['R1', 'S1', 'S2', 'S3']] },
      { at: 6000, type: 'heal' },
    ],
    until: 25_000,
  },
  // Persistence off: M killed and restarted 100 ms later, well inside dam (LAB E3a).
  'sentinel-empty-master-restart-wipes-replicas': {
    seed: 1, config: { ...sentinel1, ...persistenceOff },
    events: [
      { at: 0, type: 'writes', every: 50, until: 3000 },
      { at: 1500, type: 'crash', node: 'M' },
      { at: 1600, type: 'restart', node: 'M' },
    ],
    until: 15_000,
  },
  // Persistence off: M and R1 die, R1 comes back with the empty dump.rdb of its first sync while M is down (LAB E5).
  'sentinel-promotes-restarted-empty-replica': {
    seed: 1, config: { ...sentinel1, ...persistenceOff, replicas: 1 },
    events: [
      { at: 0, type: 'writes', every: 50, until: 3000 },
      { at: 1500, type: 'crash', node: 'M' },
      { at: 1500, type: 'crash', node: 'R1' },
      { at: 1700, type: 'restart', node: 'R1' },
    ],
    until: 15_000,
  },
  // Quorum 1 of 3: S2 and S3 are dead, S1 alone sees M ODOWN but cannot get 2 votes (LAB E9a).
  'sentinel-quorum-below-majority-cannot-authorise': {
    seed: 1, config: { ...sentinel1, quorum: 1, failoverTimeout: 3000 },
    events: [
      { at: 1000, type: 'crash', node: 'S2' },
      { at: 1000, type: 'crash', node: 'S3' },
      { at: 1500, type: 'crash', node: 'M' },
    ],
    until: 15_000,
  },
  // Quorum 1, every Sentinel alone: each starts epoch 1 and votes for itself; after the heal the retry waits 2·fto.
  'sentinel-split-vote-delays-failover': {
    seed: 1, config: { ...sentinel1, quorum: 1, failoverTimeout: 3000 },
    events: [
      { at: 1000, type: 'partition', groups: [['S1', 'M', 'R1', 'R2', 'client'], ['S2'], ['S3']] },
      { at: 1100, type: 'crash', node: 'M' },
      { at: 5000, type: 'heal' },
    ],
    until: 20_000,
  },
  // Quorum 1: only S1's link to a healthy M turns silent (M's replies stop reaching it); the others vote for S1 (LAB E6a).
  'sentinel-quorum-one-false-failover': {
    seed: 1, config: { ...sentinel1, quorum: 1 },
    events: [{ at: 1500, type: 'delay', from: 'M', to: 'S1', ms: 60_000 }],
    until: 20_000,
  },
  // ---- replication: M → R1 → R2, persistence off ----
  // R1's replicaof line removed, R1 restarted: it comes back an empty master and R2 full-syncs from it.
  'config-edit-restart-wipes-the-chain': {
    seed: 1, config: { topology: 'replication', replicas: 2, replicaof: { R2: 'R1' }, ...persistenceOff },
    events: [
      { at: 0, type: 'writes', every: 50, until: 3000 },
      { at: 1500, type: 'edit-config', node: 'R1', set: { replicaof: null } },
      { at: 1600, type: 'crash', node: 'R1' },
      { at: 1700, type: 'restart', node: 'R1' },
    ],
    until: 15_000,
  },
};
