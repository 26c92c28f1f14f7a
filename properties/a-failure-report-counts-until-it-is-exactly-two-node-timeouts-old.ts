// clusterNodeCleanupFailureReports drops a report when `now - fr->time > maxtime` (maxtime 2·NT), so
// a report exactly 2·NT old still counts and one a millisecond older does not. Random schedules
// almost never count a report at that millisecond, so each held report is probed there: the
// node's own count (clusterNodeFailureReportsCount) is read at both instants on a copy of the state.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { CLUSTER_FAIL_REPORT_VALIDITY_MULT } from '../model/kernel/config.ts';
import { countFailureReports } from '../model/cluster/clusterState.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; node: string; about: string; when: number; counted: number; times: number[]; maxAge: number }

/** Counts n's reports about x at `when`, on a copy of the state. */
const countAt = (s: State, n: string, x: string, when: number) =>
  probe(s, (d) => { d.now = when; return countFailureReports(d, d.nodes[n], d.nodes[n].cluster.peers[x]); });

/** After each delivery, each report the receiver holds is probed once, at 2·NT and at 2·NT + 1 ms. */
export const watchReportAges: Watch = (s, a, t, scratch) => {
  if (a.type !== 'BusDelivered') return;
  const n = s.nodes[(a as unknown as { msg: { to: string } }).msg.to];
  if (n.proc !== 'up') return;
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  const probes = (scratch.probes ??= []) as Probe[];
  const maxAge = n.config.nodeTimeout * CLUSTER_FAIL_REPORT_VALIDITY_MULT;
  for (const [x, p] of Object.entries(n.cluster.peers)) {
    if (!p.failReports?.length) continue;
    const times = p.failReports.filter((_, i) => i % 2 === 1);
    for (const r of times) {
      const key = `${n.name}>${x}@${r}`;
      if (done.has(key) || s.now - r > maxAge) continue;
      done.add(key);
      for (const when of [r + maxAge, r + maxAge + 1]) probes.push({ at: t, node: n.name, about: x, when, counted: countAt(s, n.name, x, when), times, maxAge });
    }
  }
};

/** `expiresAt`: the claim misread for the breaker (a report exactly 2·NT old taken as expired). */
export function reportsCountUntilTwoNodeTimeouts(r: RunResult, expiresAt = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    const expected = p.times.filter((u) => (expiresAt ? p.when - u < p.maxAge : p.when - u <= p.maxAge)).length;
    if (p.counted === expected) continue;
    return at(r, p.at, `${p.node}'s failure reports about ${p.about} (received at ${p.times.join(', ')}), counted as if at ${p.when}: ${p.counted}, but ${expected} of them are at most 2·NT (${p.maxAge} ms) old then`);
  }
  return null;
}

export const property: Property = {
  name: 'a-failure-report-counts-until-it-is-exactly-two-node-timeouts-old',
  claim: 'A failure report still counts at the millisecond it is exactly 2·NT old, and no longer one millisecond later.',
  expectation: 'always',
  scope: 'all configs, 5 masters with reporters silenced before the others see the failure, and a master crash; every report a node holds, probed at both instants',
  source: 'cluster.c clusterNodeCleanupFailureReports (`now - fr->time > maxtime`), CLUSTER_FAIL_REPORT_VALIDITY_MULT',
  arbitrary: fc.oneof(traces(families.silencedReporters({ space: { masters: [5] } })), traces(families.masterCrash())),
  check: (r) => crashed(r) ?? reportsCountUntilTwoNodeTimeouts(r),
  watch: watchReportAges,
};
