// protocol.md §5.3: with 2 of 3 (or of 4) masters down nothing reaches a majority: no FAIL, no vote
// request, and every surviving node goes cluster_state fail within about NT..1.5·NT.
import { families, traces } from './generators.ts';
import { events, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function noMajorityNoFailover(r: RunResult): string | null {
  const crashes = traceEvents(r, 'crash');
  const down = new Set(crashes.map((e) => e.node!));
  const from = Math.max(...crashes.map((e) => e.at));
  const until = Math.min(...traceEvents(r, 'restart').map((e) => e.at), r.trace.until);
  const nt = r.trace.config.nodeTimeout;
  const fail = events(r, 'fail').find((e) => e.at < until && down.has(e.about!));
  if (fail) return at(r, fail.at, `${fail.node} flagged ${fail.about} FAIL without a majority of masters`);
  const el = events(r, 'election').find((e) => e.at < until);
  if (el) return at(r, el.at, `${el.node} requested votes (epoch ${el.epoch}) with no majority reachable`);
  const deadline = from + 1.5 * nt + 1000;
  if (until <= deadline) return null;
  for (const n of Object.keys(r.state.nodes)) {
    if (down.has(n)) continue;
    const st = r.state.timeline.filter((e) => e.node === n && e.event === 'cluster-state' && e.at >= from && e.at <= deadline);
    if (!st.some((e) => e.detail === 'fail')) return at(r, deadline, `${n} still had cluster_state ok ${deadline - from} ms after the second master died`);
  }
  return null;
}

export const property: Property = {
  name: 'no-majority-no-failover',
  claim: 'When two masters of three (or four) die together, no node flags them FAIL, no replica requests votes, and every survivor reaches cluster_state fail within 1.5·NT + 1 s.',
  expectation: 'always',
  scope: '3 or 4 masters, any persistence, full coverage yes or no; two masters crash together',
  source: 'protocol.md §5.3, §2.4, §2.6 (cluster.c markNodeAsFailingIfNeeded, clusterUpdateState)',
  arbitrary: traces(families.twoMasters({ space: { masters: [3, 4] } })),
  check: (r) => crashed(r) ?? noMajorityNoFailover(r),
  needs: ['two-masters-down'],
};
