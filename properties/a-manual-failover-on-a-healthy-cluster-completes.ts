// protocol.md §2.9: CLUSTER FAILOVER on a replica of a reachable master completes within the
// manual-failover timeout: default mode pauses the master, waits for the replica to apply its
// offset and runs an election the master acks (FORCEACK); FORCE runs the election at once. Either
// way clusterHandleSlaveFailover treats it as manual (no FAIL needed, no delay), and it is elected.
import fc from 'fast-check';
import { CLUSTER_MF_TIMEOUT } from '../model/kernel/config.ts';
import { families, traces } from './generators.ts';
import { events, promotions, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function manualFailoverCompletes(r: RunResult, bound = CLUSTER_MF_TIMEOUT): string | null {
  const f = traceEvents(r, 'failover')[0];
  if (!f) return null;
  if (events(r, 'failover-refused').some((e) => e.node === f.node && e.at >= f.at)) return null;
  const p = promotions(r).find((x) => x.node === f.node && x.at >= f.at);
  if (p && p.at - f.at <= bound) return null;
  return at(r, f.at + bound, `CLUSTER FAILOVER${f.mode === 'force' ? ' FORCE' : ''} to ${f.node} at ${f.at} did not promote it within ${bound} ms${p ? `: promoted at ${p.at}` : ''}`);
}

/** One CLUSTER FAILOVER (default or FORCE) on a healthy cluster: a second one could race it for votes. */
const oneFailover = (mode: 'default' | 'force') => families.manualFailover(mode).filter((p) => p.faults.filter((f) => f.event.type === 'failover').length === 1);

export const property: Property = {
  name: 'a-manual-failover-on-a-healthy-cluster-completes',
  claim: 'On a healthy cluster, CLUSTER FAILOVER (default or FORCE) sent to a replica promotes it within the manual-failover timeout (5 s).',
  expectation: 'always',
  scope: 'all configs; one CLUSTER FAILOVER or CLUSTER FAILOVER FORCE to a replica, its replication link optionally slow (20–400 ms)',
  source: 'protocol.md §2.9 (cluster.c clusterFailoverCommand, clusterHandleManualFailover, clusterHandleSlaveFailover: manual_failover; CLUSTER_MF_TIMEOUT)',
  arbitrary: fc.oneof(traces(oneFailover('default')), traces(oneFailover('force'))),
  check: (r) => crashed(r) ?? manualFailoverCompletes(r),
};
