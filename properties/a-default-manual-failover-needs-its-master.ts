// CLUSTER FAILOVER without FORCE needs the master's cooperation (it pauses its clients and sends
// its offset), so clusterCommand refuses it while the replica flags its master FAIL or has no link to
// it: "Master is down or failed, please use CLUSTER FAILOVER FORCE". It is never started then.
import fc from 'fast-check';
import { failed } from '../model/cluster/view.ts';
import { families, replicaNames, traces, type Fault, type Plan } from './generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** Notes a default CLUSTER FAILOVER started by a replica that flags its master FAIL or has no link to it (scratch.bad). */
export const watchDefaultFailovers: Watch = (s, a, t, scratch) => {
  if (scratch.bad || a.type !== 'ManualFailoverRequested') return;
  const req = a as unknown as { node: string; mode: string };
  const n = s.nodes[req.node];
  const m = n.repl.master;
  if (req.mode !== 'default' || m === null || m === n.name) return;
  const down = failed(n, m) ? 'flags it FAIL' : n.cluster.peers[m].link === 0 ? 'has no link to it' : null;
  if (down === null) return;
  scratch.refusable = ((scratch.refusable as number | undefined) ?? 0) + 1;
  const last = s.timeline[s.timeline.length - 1];
  if (last?.at === t && last.node === n.name && last.event === 'manual-failover') scratch.bad = { at: t, msg: `${n.name} started a default CLUSTER FAILOVER although it ${down} (its master ${m})` } as Noted;
};

/** A master crash whose replicas are all set to no-failover (it stays FAIL), then CLUSTER FAILOVER to one of them, then its restart. */
const toAFailedMaster = families.masterCrash().chain((p) => {
  const m = (p.faults[0].event as { node: string }).node;
  const rs = replicaNames(p.config, m);
  const nt = p.config.nodeTimeout ?? 15_000;
  return fc.tuple(fc.constantFrom(...rs), fc.integer({ min: 2 * nt + 1500, max: 3 * nt + 3000 }), fc.integer({ min: 500, max: 3000 })).map(([r, after, back]): Plan => ({
    ...p,
    faults: [
      ...rs.map((x): Fault => ({ gap: 0, event: { type: 'config', node: x, set: { replicaNoFailover: true } } })),
      { gap: 0, event: { type: 'crash', node: m } }, { gap: after, event: { type: 'failover', node: r, mode: 'default' } }, { gap: back, event: { type: 'restart', node: m } },
    ],
  }));
});

export const property: Property = {
  name: 'a-default-manual-failover-needs-its-master',
  claim: 'A replica never starts a default CLUSTER FAILOVER (without FORCE or TAKEOVER) while it flags its master FAIL or has no link to it: the command is refused.',
  expectation: 'always',
  scope: 'cluster: CLUSTER FAILOVER to a replica of a crashed master flagged FAIL (its replicas set to no-failover, so none took over), and to replicas of healthy masters',
  source: 'cluster.c clusterCommand "failover" (nodeFailed(myself->slaveof) || myself->slaveof->link == NULL, without FORCE)',
  arbitrary: fc.oneof(traces(toAFailedMaster), traces(families.manualFailover('default'))),
  watch: watchDefaultFailovers,
  check: (r) => crashed(r) ?? noted(r),
};
