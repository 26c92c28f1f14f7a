// protocol.md §2.5: clusterHandleSlaveFailover refuses when the replica's data is too old: its age
// (since the last interaction with its master while the link is up, since the link went down
// otherwise; minus NT) must not exceed repl-ping-replica-period + NT · cluster-replica-validity-factor.
// A replica that has heard nothing from its master for longer than that does not take over for it
// while its link is up. Once repl-timeout closes the link, the age restarts from the disconnection
// (repl_down_since), and the stale replica can win after all.
import { shardOfName } from '../model/cluster/names.ts';
import { families, traces } from './generators.ts';
import { promotions, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** No replica of the master that died is promoted before that master is back or (`untilTimeout`) its link timed out. */
export function noStalePromotion(r: RunResult, untilTimeout = true): string | null {
  const crash = traceEvents(r, 'crash')[0];
  const silent = traceEvents(r, 'delay')[0];
  if (!crash || !silent) return null;
  const back = traceEvents(r, 'restart').find((e) => e.node === crash.node && e.at > crash.at)?.at ?? r.trace.until;
  for (const p of promotions(r)) {
    if (p.at <= crash.at || p.at >= back || shardOfName(p.node) !== crash.node) continue;
    // replicationCron frees the link once unixtime − lastinteraction > repl-timeout, in whole seconds
    // and on its once-a-second tick, and the last interaction may precede the silence: up to 2 s early.
    const timedOut = untilTimeout ? silent.at + (r.state.nodes[p.node].config.replTimeout - 2) * 1000 : Infinity;
    if (p.at < timedOut) return at(r, p.at, `${p.node} was promoted for ${crash.node} ${p.at - silent.at} ms after it last heard from it, before repl-timeout closed its link (at ${timedOut})`);
  }
  return null;
}

export const property: Property = {
  name: 'a-stale-replica-is-not-promoted-while-its-link-is-up',
  claim: 'With cluster-replica-validity-factor 10, a replica that has heard nothing from its master for longer than its validity window (repl-ping-replica-period + 10·NT) is not promoted when that master dies while its replication link is still up; only once repl-timeout closes the link (its data age then restarts from the disconnection) can it take over.',
  expectation: 'always',
  scope: 'all configs with validity factor 10; one master\'s messages to its replicas held back, then the master killed after 10·NT + 12 to 50 s (before repl-timeout)',
  source: 'protocol.md §2.5 (cluster.c clusterHandleSlaveFailover: data_age, cluster_slave_validity_factor; replication.c replicationCron: MASTER timeout, repl_down_since)',
  arbitrary: traces(families.staleReplicas({ space: { validityFactor: [10] }, healGap: [10_000, 15_000] })),
  check: (r) => crashed(r) ?? noStalePromotion(r),
};
