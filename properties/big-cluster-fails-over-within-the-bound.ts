// protocol.md §2.3–2.8 at scale (issue 14): failure detection, the failure-report quorum and the
// vote count all grow with the cluster; the time to FAIL and to promotion must stay within the same
// bound as in a 3-master cluster.
import { shardOfName } from '../model/cluster/names.ts';
import { failoverDoneBy, families, QUICK_MASTERS, traces } from './generators.ts';
import { events, promotions, traceEvents } from './lib.ts';
import { promotionHasMajority } from './promotion-needs-majority-votes.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The killed master is flagged FAIL within 2·NT and one of its replicas promoted within 2·NT + 3 s, by a majority of votes. */
export function failsOverWithinBound(r: RunResult): string | null {
  const crash = traceEvents(r, 'crash')[0];
  if (!crash) return null;
  const restart = traceEvents(r, 'restart').find((e) => e.node === crash.node)?.at ?? r.trace.until;
  const nt = r.trace.config.nodeTimeout;
  const failBy = crash.at + 2 * nt;
  const promotedBy = crash.at + failoverDoneBy(r.trace.config);
  if (restart < promotedBy) return null; // back too early to judge
  const fail = events(r, 'fail').find((e) => e.about === crash.node && e.at >= crash.at);
  if (!fail || fail.at > failBy) return at(r, failBy, `${crash.node} (killed at ${crash.at}) was not flagged FAIL within 2·NT (${2 * nt} ms)${fail ? `: first at ${fail.at}` : ''}`);
  const promoted = promotions(r).find((p) => p.at >= crash.at && shardOfName(p.node) === crash.node);
  if (!promoted || promoted.at > promotedBy) return at(r, promotedBy, `no replica of ${crash.node} (killed at ${crash.at}) was promoted within 2·NT + 3 s${promoted ? `: ${promoted.node} at ${promoted.at}` : ''}`);
  return promotionHasMajority(r);
}

export const property: Property = {
  name: 'big-cluster-fails-over-within-the-bound',
  claim: 'In a cluster of 24 to 200 masters, a killed master is flagged FAIL within 2·NT and one of its replicas is promoted within 2·NT + 3 s with votes from a majority of the masters.',
  expectation: 'always',
  scope: '24–200 masters × 1 replica, node timeout 5–15 s; one master killed, restarted after the failover',
  source: 'protocol.md §2.3–2.8 (cluster.c clusterCron, markNodeAsFailingIfNeeded, clusterHandleSlaveFailover, clusterSendFailoverAuthIfNeeded)',
  arbitrary: traces(families.bigClusterCrash()),
  quick: traces(families.bigClusterCrash({ space: { masters: QUICK_MASTERS } })),
  check: (r) => crashed(r) ?? failsOverWithinBound(r),
  cost: 6,
};
