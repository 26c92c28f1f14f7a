// protocol.md §2.4 at scale (issue 14): the failure-report quorum is a majority of the cluster's
// slot-owning masters, so it grows with the cluster; FAIL comes only from that many fresh reports.
import { type ActionOf } from '../model/kernel/actions.ts';
import { entryFlags, entryIdx, GOSSIP_FAIL, GOSSIP_PFAIL } from '../model/cluster/messages.ts';
import { CLUSTER_FAIL_REPORT_VALIDITY_MULT } from '../model/kernel/config.ts';
import { isMasterName } from '../model/cluster/names.ts';
import { families, QUICK_MASTERS, traces } from './generators.ts';
import { events, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';

/** receiver>about-idx → sender → when the receiver last got a PFAIL/FAIL entry about it from that master. */
type Reports = Map<string, Map<string, number>>;

/**
 * Collects the failure reports the cluster really sent: gossip entries flagged PFAIL or FAIL, from
 * masters, as delivered, less those a later entry from the same master withdrew. Once the receiver
 * flags the node FAIL its list is kept as it was then.
 */
export const watchReports: Watch = (s, a, at, scratch) => {
  if (a.type !== 'BusDelivered') return;
  const { msg } = a as ActionOf<'BusDelivered'>;
  if ((msg.body.type !== 'ping' && msg.body.type !== 'pong') || msg.hdr.role !== 'master') return;
  const reports = (scratch.reports ??= new Map()) as Reports;
  const frozen = (scratch.frozen ??= new Set()) as Set<string>;
  const names = (scratch.names ??= Object.values(s.nodes).reduce<string[]>((out, n) => { out[n.idx] = n.name; return out; }, [])) as string[];
  const view = s.nodes[msg.to].cluster.peers;
  const g = msg.body.gossip;
  for (const e of g) {
    const idx = entryIdx(e);
    const key = `${msg.to}>${idx}`;
    if (frozen.has(key)) continue;
    // An entry without PFAIL/FAIL from a master withdraws its report (clusterNodeDelFailureReport).
    if ((entryFlags(e) & (GOSSIP_PFAIL | GOSSIP_FAIL)) === 0) { reports.get(key)?.delete(msg.from); continue; }
    let from = reports.get(key);
    if (from === undefined) reports.set(key, (from = new Map()));
    from.set(msg.from, at);
    if (view[names[idx]]?.fail) frozen.add(key);
  }
};

/**
 * Every FAIL a node reached by counting (not one it was told by a FAIL message) used the quorum
 * size/2 + 1 over all the masters, and had that many: reports that reached it from distinct masters
 * within 2·NT, plus itself if it is a master. Counted from the messages delivered, not from the
 * model's own report lists. Before the first promotion only (the roles are the topology's).
 */
export function failHasMajorityOfReports(r: RunResult): string | null {
  const { masters, nodeTimeout } = r.trace.config;
  const quorum = Math.floor(masters / 2) + 1;
  const firstPromotion = events(r, 'promoted')[0]?.at ?? Infinity;
  const crashedNode = traceEvents(r, 'crash')[0]?.node;
  const reports = (r.scratch.reports ?? new Map()) as Reports;
  for (const f of events(r, 'fail')) {
    if (f.from !== undefined || f.at > firstPromotion) continue;
    if (f.quorum !== quorum) return at(r, f.at, `${f.node} flagged ${f.about} FAIL with quorum ${String(f.quorum)}, expected ${quorum} of ${masters} masters`);
    const from = reports.get(`${f.node}>${r.state.nodes[f.about!].idx}`) ?? new Map<string, number>();
    let count = isMasterName(f.node) && f.node !== crashedNode ? 1 : 0;
    for (const t of from.values()) if (t <= f.at && f.at - t <= nodeTimeout * CLUSTER_FAIL_REPORT_VALIDITY_MULT) count++;
    if (count < quorum) return at(r, f.at, `${f.node} flagged ${f.about} FAIL with ${count} fresh reports from masters (itself included), quorum ${quorum} of ${masters}`);
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
  watch: watchReports,
  cost: 6,
};
