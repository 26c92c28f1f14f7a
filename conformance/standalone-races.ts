// Random choices Sentinel makes, forgiven only when the run shows them: replicas of equal priority and
// replication offset are ordered by run ID (compareSlavesForPromotion's last key), which each process
// draws at random when it starts, so which of them is promoted differs between any two runs; and which
// of several Sentinels armed alike by SENTINEL SIMULATE-FAILURE wins the election and exits.
import type { Trace } from '../model/kernel/trace.ts';
import type { StandaloneModelOutcome } from './standalone-compare.ts';
import type { StandaloneRealOutcome } from './standalone-observe.ts';
import { SIM_FAILURE_EXIT } from '../model/sentinel/transitions/sentinelSimulateFailure.ts';

/** A JSON value with the names a and b exchanged. */
function swapped(v: unknown, a: string, b: string): unknown {
  if (typeof v === 'string') return v === a ? b : v === b ? a : v;
  if (Array.isArray(v)) return v.map((x) => swapped(x, a, b));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swapped(x, a, b)]));
  return v;
}

/** The events as a multiset (events at one instant in either order), partition groups as sets. */
function canonical(events: unknown[]): string {
  return JSON.stringify(events.map((e) => {
    const x = e as { type: string; groups?: string[][] };
    return JSON.stringify(x.type === 'partition' && x.groups ? { ...x, groups: x.groups.map((g) => [...g].sort()).sort() } : x);
  }).sort());
}

/**
 * Whether replicas a and b are alike to the trace: exchanging their names leaves every event as it was
 * (faults, REPLICAOF, config edits, pinned writers, which side of each partition). Alike replicas have
 * equal priority and receive the same stream, so their offsets are equal when Sentinel compares them
 * (a probe of E4a on real 7.0.15: both at 39271 in S3's view; the smaller run ID was promoted).
 */
export function alikeReplicas(t: Trace, a: string, b: string): boolean {
  if (!/^R\d+$/.test(a) || !/^R\d+$/.test(b) || a === b) return false;
  return canonical(t.events) === canonical(t.events.map((e) => swapped(e, a, b)));
}

/**
 * Pairs [model's node, real's node] of replicas that Sentinels promoted on one side only and that were
 * tied for selection (sentinelSelectSlave → compareSlavesForPromotion: priority, offset, run ID): both
 * alike to the trace, in a sentinel trace.
 */
export function tiedPromotions(t: Trace, model: StandaloneModelOutcome, real: StandaloneRealOutcome): Array<[string, string]> {
  if (t.config.topology !== 'sentinel') return [];
  const promoted = (xs: Array<{ event: string; about?: unknown }>) => [...new Set(xs.filter((e) => e.event === 'promoted-slave').map((e) => String(e.about)))];
  const m = promoted(model.timeline);
  const r = promoted(real.events);
  const pairs: Array<[string, string]> = [];
  for (const a of m.filter((x) => !r.includes(x))) {
    const b = r.find((x) => !m.includes(x) && alikeReplicas(t, a, x) && !pairs.some((p) => p[1] === x));
    if (b) pairs.push([a, b]);
  }
  return pairs;
}

/**
 * Pairs [model's Sentinel, real's Sentinel] that exited by SENTINEL SIMULATE-FAILURE on one side only,
 * where the trace treats both alike (the same events at the same times, in no partition group): the
 * flag fires in whichever wins the election (or promotes), and which Sentinel reaches ODOWN and
 * wins first is a race of jittered timers (sentinelTimer's hz, failover_start_time + rand()%1000).
 */
export function tiedSimFailures(t: Trace, model: StandaloneModelOutcome, real: StandaloneRealOutcome): Array<[string, string]> {
  if (t.config.topology !== 'sentinel') return [];
  const exited = (xs: Array<{ event: string; node: string; detail?: unknown }>) => [...new Set(xs.filter((e) => e.event === 'crash' && e.detail === SIM_FAILURE_EXIT).map((e) => e.node))];
  const m = exited(model.timeline);
  const r = exited(real.events);
  const pairs: Array<[string, string]> = [];
  for (const a of m.filter((x) => !r.includes(x))) {
    const b = r.find((x) => !m.includes(x) && alike(t, a, x) && !pairs.some((p) => p[1] === x));
    if (b) pairs.push([a, b]);
  }
  return pairs;
}

/** Whether the trace does the same to Sentinels a and b: the same events (but for the name), in no partition. */
function alike(t: Trace, a: string, b: string): boolean {
  const sig = (n: string) => JSON.stringify(t.events.filter((e) => 'node' in e && e.node === n).map((e) => ({ ...e, node: '' })));
  const grouped = t.events.some((e) => (e.type === 'partition' && e.groups.some((g) => g.includes(a) || g.includes(b)))
    || (e.type === 'delay' && [e.from, e.to].some((x) => x === a || x === b)));
  return !grouped && sig(a).includes('sentinel-simulate-failure') && sig(a) === sig(b);
}

/** The model's outcome with each pair's names exchanged: nodes, replicaOf, the Sentinels and their masters, the timeline. */
export function renamedStandalone(o: StandaloneModelOutcome, pairs: Array<[string, string]>): StandaloneModelOutcome {
  if (!pairs.length) return o;
  const map = new Map<string, string>();
  for (const [a, b] of pairs) { map.set(a, b); map.set(b, a); }
  const r = <T extends string | null>(x: T): T => (x === null ? x : ((map.get(x) ?? x) as T));
  const nodes: StandaloneModelOutcome['nodes'] = {};
  for (const [n, v] of Object.entries(o.nodes)) nodes[r(n)] = { ...v, replicaOf: r(v.replicaOf) };
  const sentinels = o.sentinels && Object.fromEntries(Object.entries(o.sentinels).map(([s, v]) => [r(s), { ...v, master: r(v.master) }]));
  const timeline = o.timeline.map((e) => ({ ...e, node: r(e.node), ...(typeof e.about === 'string' ? { about: r(e.about) } : {}), ...(typeof e.from === 'string' ? { from: r(e.from) } : {}) }));
  return { ...o, nodes, sentinels, timeline };
}
