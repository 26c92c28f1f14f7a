// When a standalone deployment ends with several running masters (a replica promoted by hand and
// others moved to it, while the writers still write to M), its data is what the master that most
// running data nodes replicate from holds — directly or down a chain; on a tie, the writers' own
// address. The ledger counts an acknowledged write lost exactly when that master lacks it.
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The running master at the root of `name`'s chain, or null (a loop, a dead node, an unknown master). */
function rootOf(r: RunResult, name: string): string | null {
  const nodes = r.state.nodes;
  const seen = new Set<string>();
  let x = name;
  while (nodes[x].role === 'replica') {
    const m = nodes[x].repl.master;
    if (m === null || !(m in nodes) || seen.has(x)) return null;
    seen.add(x);
    x = m;
  }
  return nodes[x].proc === 'down' ? null : x;
}

/** `fewest`: the authority taken as the master the fewest nodes follow (a misreading of the claim). */
export function ledgerReadsTheMostFollowed(r: RunResult, fewest = false): string | null {
  const nodes = Object.values(r.state.nodes).filter((n) => n.proc !== 'down');
  const followers = new Map<string, number>(nodes.filter((n) => n.role === 'master').map((n) => [n.name, 0]));
  for (const n of nodes) {
    if (n.role !== 'replica') continue;
    const root = rootOf(r, n.name);
    if (root !== null) followers.set(root, (followers.get(root) ?? 0) + 1);
  }
  const score = (m: string) => (fewest ? -1 : 1) * followers.get(m)! * 2 + (m === 'M' ? 1 : 0);
  const authority = [...followers.keys()].sort().reduce<string | null>((best, m) => (best === null || score(m) > score(best) ? m : best), null);
  if (authority === null) return null;
  const held = r.state.store.materialize(r.state.nodes[authority].data);
  const lost = new Set(r.outcome.lost.map((l) => l.id));
  for (const w of r.state.writes) {
    if (w.result !== 'acked') continue;
    const has = held.has(w.key);
    if (has === lost.has(w.id)) return at(r, r.trace.until, `${w.id} is ${lost.has(w.id) ? '' : 'not '}counted lost, but ${authority} (followed by ${followers.get(authority)} of the running nodes) ${has ? 'holds' : 'lacks'} ${w.key}`);
  }
  return null;
}

export const property: Property = {
  name: 'the-ledger-reads-the-master-most-nodes-follow',
  claim: 'With several running masters at the end, an acknowledged write counts as lost exactly when the master that most running data nodes replicate from (directly or down a chain; on a tie, M, the writers\' address) lacks it.',
  expectation: 'always',
  scope: 'standalone replication, 2–3 replicas: one promoted by hand with REPLICAOF NO ONE and some or all of the others moved to it, the writers still on M',
  source: 'reports/ (outcome.lost: a standalone deployment\'s authority, docs/decisions.md)',
  arbitrary: standaloneTraces(replicationFamilies.regroup()),
  check: (r) => crashed(r) ?? ledgerReadsTheMostFollowed(r),
};
