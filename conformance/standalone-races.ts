// Random choices Redis makes between nodes the trace treats alike, forgiven by comparing the model's
// outcome under the trace's own symmetries. Replicas of equal priority and replication offset are
// ordered by run ID (compareSlavesForPromotion's last key), drawn at random at each process start;
// which Sentinel reaches ODOWN and wins an election first is a race of jittered timers (sentinelTimer's
// hz, failover_start_time + rand()%1000), and so is which one SENTINEL SIMULATE-FAILURE makes exit;
// the order in which a leader reconfigures replicas follows its dict's per-process hash seed. When
// exchanging two names leaves the trace as it was, each of those outcomes is as right as the other.
import type { Trace } from '../model/kernel/trace.ts';
import type { StandaloneModelOutcome } from './standalone-compare.ts';

/** A JSON value with the names a and b exchanged (as values and as keys). */
function swapped(v: unknown, a: string, b: string): unknown {
  const name = (x: string) => (x === a ? b : x === b ? a : x);
  if (typeof v === 'string') return name(v);
  if (Array.isArray(v)) return v.map((x) => swapped(x, a, b));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [name(k), swapped(x, a, b)]));
  return v;
}

/** The events as a multiset (events at one instant in either order), partition groups as sets, and the config. */
function canonical(t: Pick<Trace, 'events' | 'config'>): string {
  const events = t.events.map((e) => {
    const x = e as { type: string; groups?: string[][] };
    return JSON.stringify(x.type === 'partition' && x.groups ? { ...x, groups: x.groups.map((g) => [...g].sort()).sort() } : x);
  }).sort();
  return JSON.stringify([events, t.config]);
}

/** Replicas (R1, R2, …) with replicas, Sentinels (S1, …) with Sentinels. */
const kind = (n: string) => (/^R\d+$/.test(n) ? 'R' : /^S\d+$/.test(n) ? 'S' : null);

/**
 * Whether exchanging a and b leaves the trace as it was: every event (faults, REPLICAOF, config edits,
 * pinned writers, which side of each partition) and the config. Alike replicas have equal priority and
 * receive the same stream, so their offsets tie when Sentinel compares them (a probe of E4a on real
 * 7.0.15: both at 39271 in S3's view; the smaller run ID was promoted, R1 in one run and R2 in another).
 * The writers ask the Sentinels by name (S1 first); every Sentinel they reach names the same master
 * unless a failover is under way, which the margins cover.
 */
export function alike(t: Trace, a: string, b: string): boolean {
  if (a === b || kind(a) === null || kind(a) !== kind(b)) return false;
  return canonical(t) === canonical({ events: t.events.map((e) => swapped(e, a, b)) as Trace['events'], config: swapped(t.config, a, b) as Trace['config'] });
}

/**
 * The classes of interchangeable names (two or more each). Exchanges that keep the trace form a group,
 * so comparing with one member of a class is enough: (a c) = (a b)(b c)(a b).
 */
export function interchangeable(t: Trace, names: string[]): string[][] {
  const classes: string[][] = [];
  for (const n of names) {
    const c = classes.find((k) => alike(t, k[0], n));
    if (c) c.push(n); else classes.push([n]);
  }
  return classes.filter((c) => c.length > 1);
}

function permutations(xs: string[]): string[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** At most this many renamings are tried (5 Sentinels and 4 replicas alike would be 2880). */
export const MAX_RENAMINGS = 1000;

/**
 * Every renaming of the model's names within the classes, the identity first; when there are more than
 * MAX_RENAMINGS, the identity and the single exchanges.
 */
export function renamings(classes: string[][]): Array<Map<string, string>> {
  const total = classes.reduce((k, c) => k * permutations(c).length, 1);
  if (total > MAX_RENAMINGS) {
    const pairs = classes.flatMap((c) => c.flatMap((a, i) => c.slice(i + 1).map((b) => new Map([[a, b], [b, a]]))));
    return [new Map(), ...pairs];
  }
  let maps: Array<Map<string, string>> = [new Map()];
  for (const c of classes) {
    maps = maps.flatMap((m) => permutations(c).map((p) => new Map([...m, ...c.map((x, i) => [x, p[i]] as [string, string]).filter(([x, y]) => x !== y)])));
  }
  return maps;
}

/** The model's outcome renamed: nodes, replicaOf, the Sentinels and their masters, the timeline. */
export function renamedStandalone(o: StandaloneModelOutcome, map: Map<string, string>): StandaloneModelOutcome {
  if (!map.size) return o;
  const r = <T extends string | null>(x: T): T => (x === null ? x : ((map.get(x) ?? x) as T));
  const nodes: StandaloneModelOutcome['nodes'] = {};
  for (const [n, v] of Object.entries(o.nodes)) nodes[r(n)] = { ...v, replicaOf: r(v.replicaOf) };
  const sentinels = o.sentinels && Object.fromEntries(Object.entries(o.sentinels).map(([s, v]) => [r(s), { ...v, master: r(v.master) }]));
  const timeline = o.timeline.map((e) => ({ ...e, node: r(e.node), ...(typeof e.about === 'string' ? { about: r(e.about) } : {}), ...(typeof e.from === 'string' ? { from: r(e.from) } : {}) }));
  return { ...o, nodes, sentinels, timeline };
}
