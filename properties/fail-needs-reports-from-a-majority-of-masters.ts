// protocol.md §2.4 at scale (issue 14): the failure-report quorum is a majority of the cluster's
// slot-owning masters, so it grows with the cluster; FAIL comes only from that many fresh reports.
import { families, QUICK_MASTERS, traces } from './generators.ts';
import { events } from './lib.ts';
import { decidedFails, watchFailureReports } from './stale-failure-reports-never-count.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/**
 * Every FAIL a node reached by counting (not one it was told by a FAIL message) used the quorum
 * size/2 + 1 over all the masters, and had that many: reports from distinct masters within 2·NT that
 * their senders had not withdrawn, plus itself if it is a master — counted from the gossip the node
 * processed (stale-failure-reports-never-count's ledger), not from the model's own report lists.
 * Before the first promotion only (the roles are the topology's).
 */
export function failHasMajorityOfReports(r: RunResult): string | null {
  const { masters } = r.trace.config;
  const quorum = Math.floor(masters / 2) + 1;
  const firstPromotion = events(r, 'promoted')[0]?.at ?? Infinity;
  for (const f of decidedFails(r)) {
    if (f.at > firstPromotion) continue;
    if (f.quorum !== quorum) return at(r, f.at, `${f.node} flagged ${f.about} FAIL with quorum ${f.quorum}, expected ${quorum} of ${masters} masters`);
    if (f.fresh + f.self < quorum) return at(r, f.at, `${f.node} flagged ${f.about} FAIL with ${f.fresh + f.self} fresh reports from masters (itself included), quorum ${quorum} of ${masters}`);
  }
  return null;
}

export const property: Property = {
  name: 'fail-needs-reports-from-a-majority-of-masters',
  claim: 'In a cluster of 24 to 200 masters, a node flags a master FAIL by failure reports only with fresh reports from a majority of all the masters (size/2 + 1, itself included).',
  expectation: 'always',
  scope: '24–200 masters × 1 replica, node timeout 5–15 s; one master killed',
  source: 'protocol.md §2.4 (cluster.c markNodeAsFailingIfNeeded: needed_quorum = size/2 + 1; clusterProcessGossipSection)',
  arbitrary: traces(families.bigClusterCrash()),
  quick: traces(families.bigClusterCrash({ space: { masters: QUICK_MASTERS } })),
  check: (r) => crashed(r) ?? failHasMajorityOfReports(r),
  watch: watchFailureReports,
  cost: 6,
};
