// A random choice Sentinel makes, forgiven only when the run shows it: replicas of equal priority and
// replication offset are ordered by run ID (compareSlavesForPromotion's last key), which each process
// draws at random when it starts, so which of them is promoted differs between any two runs.
import type { Trace } from '../model/kernel/trace.ts';
import type { StandaloneModelOutcome } from './standalone-compare.ts';
import type { StandaloneRealOutcome } from './standalone-observe.ts';

/**
 * Replicas no trace event names (no fault, REPLICAOF, config change, pinned writer or partition group):
 * equal priority, and offsets that move together (unnamed replicas share a partition's rest group).
 */
function untouched(t: Trace): (n: string) => boolean {
  const named = new Set<string>();
  for (const e of t.events) {
    if ('node' in e && e.node) named.add(e.node);
    if (e.type === 'partition') for (const g of e.groups) for (const n of g) named.add(n);
    if (e.type === 'replicaof' && e.master) named.add(e.master);
    if (e.type === 'edit-config' && e.set.replicaof) named.add(e.set.replicaof);
  }
  return (n) => /^R\d+$/.test(n) && !named.has(n);
}

/**
 * Pairs [model's node, real's node] of replicas that Sentinels promoted on one side only and that were
 * tied for selection (sentinelSelectSlave → compareSlavesForPromotion: priority, offset, run ID): both
 * untouched by the trace, in a sentinel trace.
 */
export function tiedPromotions(t: Trace, model: StandaloneModelOutcome, real: StandaloneRealOutcome): Array<[string, string]> {
  if (t.config.topology !== 'sentinel') return [];
  const ok = untouched(t);
  const promoted = (xs: Array<{ event: string; about?: unknown }>) => [...new Set(xs.filter((e) => e.event === 'promoted-slave').map((e) => String(e.about)))];
  const m = promoted(model.timeline);
  const r = promoted(real.events);
  const pairs: Array<[string, string]> = [];
  for (const a of m.filter((x) => !r.includes(x) && ok(x))) {
    const b = r.find((x) => !m.includes(x) && ok(x) && !pairs.some((p) => p[1] === x));
    if (b) pairs.push([a, b]);
  }
  return pairs;
}

/** The model's outcome with each pair's names exchanged: nodes, replicaOf, the Sentinels' masters, the timeline. */
export function renamedStandalone(o: StandaloneModelOutcome, pairs: Array<[string, string]>): StandaloneModelOutcome {
  if (!pairs.length) return o;
  const map = new Map<string, string>();
  for (const [a, b] of pairs) { map.set(a, b); map.set(b, a); }
  const r = <T extends string | null>(x: T): T => (x === null ? x : ((map.get(x) ?? x) as T));
  const nodes: StandaloneModelOutcome['nodes'] = {};
  for (const [n, v] of Object.entries(o.nodes)) nodes[r(n)] = { ...v, replicaOf: r(v.replicaOf) };
  const sentinels = o.sentinels && Object.fromEntries(Object.entries(o.sentinels).map(([s, v]) => [s, { ...v, master: r(v.master) }]));
  const timeline = o.timeline.map((e) => ({ ...e, node: r(e.node), ...(typeof e.about === 'string' ? { about: r(e.about) } : {}), ...(typeof e.from === 'string' ? { from: r(e.from) } : {}) }));
  return { ...o, nodes, sentinels, timeline };
}
