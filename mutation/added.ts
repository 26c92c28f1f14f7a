// Properties added because a mutant of model/ survived the rest of the catalog (reports/mutation.md).
export const addedByTriage: string[] = [
  'the-replica-with-the-greatest-offset-wins-the-election',
  'stale-failure-reports-never-count',
  'healthy-shards-stay-writable-without-full-coverage',
  'no-failover-replica-is-never-elected',
  'a-failed-master-stays-failed-for-two-node-timeouts',
  'a-restarted-master-waits-two-seconds-before-writes',
  'a-master-back-from-a-minority-waits-before-writes',
  'a-master-back-from-a-minority-is-writable-after-the-rejoin-delay',
  'full-coverage-stops-writes-while-a-shard-is-down',
  'withdrawn-failure-reports-never-count',
  'a-replica-waits-the-retry-time-between-elections',
  'a-paused-master-is-replaced-within-the-bound',
  'a-stale-replica-is-not-promoted-while-its-link-is-up',
  'a-manual-failover-on-a-healthy-cluster-completes',
  'an-election-waits-one-second-per-sibling-ahead',
  'a-replica-refuses-an-election-only-when-its-data-is-too-old',
];
