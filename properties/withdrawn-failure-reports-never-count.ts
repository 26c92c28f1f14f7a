// protocol.md §2.4: clusterProcessGossipSection deletes a master's failure report as soon as that
// master's gossip shows the node without PFAIL/FAIL (clusterNodeDelFailureReport), so a report the
// reporter has since taken back never helps reach the FAIL quorum, however fresh it is.
import { families, traces } from './generators.ts';
import { onlyFreshReportsCount, watchFailureReports } from './stale-failure-reports-never-count.ts';
import { crashed, type Property } from './property.ts';

export const property: Property = {
  name: 'withdrawn-failure-reports-never-count',
  claim: 'A node flags a master FAIL by failure reports only if a majority of the masters (itself included) reported it within 2·NT and did not take the report back since — a master whose later gossip shows the node as up no longer counts — and does so as soon as such reports reach that majority.',
  expectation: 'always',
  scope: 'all configs, 3–6 masters; a master goes quiet to quorum − 1 masters, back to them, then quiet to the others',
  source: 'protocol.md §2.4 (cluster.c clusterProcessGossipSection → clusterNodeDelFailureReport; markNodeAsFailingIfNeeded)',
  arbitrary: traces(families.withdrawnReporters({ space: { masters: [3, 4, 5, 6] } })),
  check: (r) => crashed(r) ?? onlyFreshReportsCount(r),
  watch: watchFailureReports,
};
