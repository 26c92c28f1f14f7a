// protocol.md §2.7: a replica with cluster-replica-no-failover yes never starts an election for its
// failed master (clusterHandleSlaveFailover returns early unless a manual failover is under way);
// a sibling without the flag takes over instead.
import fc from 'fast-check';
import { families, masterNames, replicaNames, traces, type Fault, type Plan } from './generators.ts';
import { events, promotions, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The replicas CONFIG SET to no-failover by the trace (none restarts, so none forgets it). */
const flagged = (r: RunResult): Set<string> =>
  new Set(r.trace.events.filter((e) => e.type === 'config' && (e as { set: { replicaNoFailover?: boolean } }).set.replicaNoFailover).map((e) => (e as { node: string }).node));

export function noFailoverNeverElected(r: RunResult, nofailover = flagged(r)): string | null {
  const el = events(r, 'election').find((e) => nofailover.has(e.node));
  if (el) return at(r, el.at, `${el.node}, set to cluster-replica-no-failover yes, requested votes (epoch ${el.epoch})`);
  const p = promotions(r).find((x) => nofailover.has(x.node));
  return p ? at(r, p.at, `${p.node}, set to cluster-replica-no-failover yes, was promoted`) : null;
}

/** A master crash where some of the dying master's replicas (all, or all but one) were set to no-failover first. */
const withNoFailover = families.masterCrash().chain((p) => {
  const m = (p.faults[0].event as { node: string }).node;
  const rs = replicaNames(p.config, m);
  return fc.subarray(rs, { minLength: Math.max(1, rs.length - 1) }).map((xs): Plan => ({
    ...p, faults: [...xs.map((x): Fault => ({ gap: 0, event: { type: 'config', node: x, set: { replicaNoFailover: true } } })), ...p.faults],
  }));
});

export const property: Property = {
  name: 'no-failover-replica-is-never-elected',
  claim: 'A replica set to cluster-replica-no-failover yes never requests votes nor is promoted when its master fails.',
  expectation: 'always',
  scope: 'all configs; one master crash, some or all of its replicas CONFIG SET to cluster-replica-no-failover yes beforehand; no manual failover',
  source: 'protocol.md §2.7 (cluster.c clusterHandleSlaveFailover: server.cluster_slave_no_failover && !manual_failover returns)',
  arbitrary: traces(withNoFailover),
  check: (r) => crashed(r) ?? noFailoverNeverElected(r),
};

/** Breaker: the same check on traces that never set the flag (the crashed master's replicas are treated as flagged). */
export const unflagged = (r: RunResult): string | null => {
  const crash = traceEvents(r, 'crash').find((e) => masterNames(r.trace.config).includes(e.node!));
  return crash ? noFailoverNeverElected(r, new Set(replicaNames(r.trace.config, crash.node!))) : null;
};
