// protocol.md §2.4: a failure report is valid for CLUSTER_FAIL_REPORT_VALIDITY_MULT × NT (2·NT);
// clusterNodeCleanupFailureReports drops older ones before markNodeAsFailingIfNeeded counts them,
// so a node flags another FAIL only when reports younger than 2·NT, plus itself if it is a
// master, reach a majority of the masters.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { CLUSTER_FAIL_REPORT_VALIDITY_MULT } from '../model/config.ts';
import type { State } from '../model/state.ts';

/** Every FAIL a node decided itself (not one it was told): how many of its reports were fresh. */
const watch: Watch = (s: State, _a, t, scratch) => {
  const from = (scratch.seen as number | undefined) ?? 0;
  scratch.seen = s.timeline.length;
  for (let i = from; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    if (e.event !== 'fail' || e.from !== undefined) continue;
    const n = s.nodes[e.node];
    const maxAge = n.config.nodeTimeout * CLUSTER_FAIL_REPORT_VALIDITY_MULT;
    const reports = n.cluster.peers[e.about!].failReports;
    const fresh = reports.filter((at) => at >= 0 && t - at <= maxAge).length;
    const stale = reports.filter((at) => at >= 0 && t - at > maxAge).length;
    ((scratch.fails ??= []) as Decided[]).push({ at: t, node: e.node, about: e.about!, fresh, stale, self: n.role === 'master' ? 1 : 0 });
  }
};

interface Decided { at: number; node: string; about: string; fresh: number; stale: number; self: number }

export function onlyFreshReportsCount(r: RunResult): string | null {
  const quorum = Math.floor(r.trace.config.masters / 2) + 1;
  for (const f of (r.scratch.fails ?? []) as Decided[]) {
    if (f.fresh + f.self >= quorum) continue;
    return at(r, f.at, `${f.node} flagged ${f.about} FAIL with ${f.fresh} fresh report(s)${f.self ? ' and its own' : ''} (${f.stale} older than ${CLUSTER_FAIL_REPORT_VALIDITY_MULT}·NT), quorum ${quorum}`);
  }
  return null;
}

export const property: Property = {
  name: 'stale-failure-reports-never-count',
  claim: 'No node flags another FAIL unless failure reports younger than 2·NT (plus its own, if it is a master) reach a majority of the masters: older reports never count.',
  expectation: 'always',
  scope: 'all configs, 5 masters; reporters silenced (slow links, then paused or killed) before the others see the failure; also a master crash',
  source: 'protocol.md §2.4 (cluster.c clusterNodeCleanupFailureReports, markNodeAsFailingIfNeeded; CLUSTER_FAIL_REPORT_VALIDITY_MULT)',
  arbitrary: fc.oneof(traces(families.silencedReporters({ space: { masters: [5] } })), traces(families.masterCrash())),
  check: (r) => crashed(r) ?? onlyFreshReportsCount(r),
  watch,
};
