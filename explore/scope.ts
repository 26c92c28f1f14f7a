// A scope for the bounded exhaustive search: the cluster and its background writes (as in a trace),
// a menu of fault events without times, the discrete times they may happen at, how many of them at
// most, the horizon, the always-properties to check and optionally a hazard to find. Validated with
// zod (like model/kernel/trace.ts); every error names the field and what was expected.
import { z } from 'zod';
import { byName, type Property } from '../properties/index.ts';
import { parseTrace, TraceError, type Trace, type TraceEvent, type TraceInput } from '../model/kernel/trace.ts';
import { defaultProperties } from './properties.ts';

/** A menu event: a trace event without its time. */
export type MenuEvent = Exclude<TraceEvent, { type: 'writes' }> extends infer E ? E extends unknown ? Omit<E, 'at'> : never : never;

export interface MenuItem {
  /** Place in the menu: the tie-break that keeps a path's events in one order. */
  index: number;
  event: MenuEvent;
  /** "crash B", "partition A | B,B1,C,C1,A1,client", … */
  label: string;
}

export interface Scope {
  name: string;
  description?: string;
  /** config, seed, the background events and the horizon, as a validated trace. */
  base: Trace;
  /** The config as written (omitted options take their defaults), for the traces the search writes. */
  configInput: TraceInput['config'];
  menu: MenuItem[];
  /** The decision times, ascending, each ≤ until. */
  times: number[];
  maxEvents: number;
  properties: Property[];
  hazard: Property | null;
}

export class ScopeError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScopeError';
  }
}

const ms = z.number().int().nonnegative();

const scopeSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  seed: z.number().int().nonnegative().optional(),
  background: z.array(z.record(z.string(), z.unknown())).optional(),
  menu: z.array(z.record(z.string(), z.unknown(), { error: 'expected an event object such as {"type": "crash", "node": "B"}' })).min(1),
  times: z.union([
    z.strictObject({ from: ms, to: ms, every: z.number().int().positive() }),
    z.array(ms).min(1),
  ], { error: 'expected a non-empty list of times in ms, or {"from", "to", "every"} in ms' }),
  maxEvents: z.number().int().min(0).max(8),
  until: ms,
  properties: z.array(z.string()).optional(),
  hazard: z.string().optional(),
});

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(scope)';
}

/** Trace problems of the background, with the trace's field names turned into the scope's. */
function baseTrace(s: z.infer<typeof scopeSchema>, problems: string[]): Trace | null {
  try {
    return parseTrace({ name: s.name, description: s.description, config: s.config, seed: s.seed, events: s.background ?? [], until: s.until });
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    problems.push(...e.problems.map((p) => p.replace(/^events\[/, 'background[')));
    return null;
  }
}

/** One menu event, validated as a trace event at time 0 of the scope's topology. */
function menuItem(base: Trace, raw: Record<string, unknown>, i: number, problems: string[]): MenuItem | null {
  const at = `menu[${i}]`;
  if ('at' in raw) { problems.push(`${at}.at: menu events have no time (the times come from "times")`); return null; }
  if (raw.type === 'writes') { problems.push(`${at}.type: a writes loop belongs in "background", not in the menu`); return null; }
  try {
    // A menu event stands alone: whether it may happen is decided per state (enabled.ts), not here.
    const t = parseTrace({ config: base.config, events: [{ at: 0, ...raw }], until: 0 }, { processStates: false });
    const { at: _t, ...event } = t.events[0];
    return { index: i, event: event as MenuEvent, label: labelOf(event as MenuEvent) };
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    problems.push(...e.problems.map((p) => p.replace(/^events\[0\]/, at)));
    return null;
  }
}

export function labelOf(e: MenuEvent): string {
  switch (e.type) {
    case 'partition': return `partition ${e.groups.map((g) => g.join(',')).join(' | ')}`;
    case 'heal': return 'heal';
    case 'delay': return `delay ${e.from}→${e.to} ${e.ms} ms`;
    case 'crash': return `${e.power ? 'power loss of' : 'crash'} ${e.node}`;
    case 'failover': return `failover ${e.node}${e.mode ? ` ${e.mode}` : ''}`;
    case 'disk': return `disk ${e.node} fsync ${e.fsyncMs} ms`;
    case 'config': return `config ${e.node} ${JSON.stringify(e.set)}`;
    case 'write': return `write${e.node ? ` to ${e.node}` : ''}${e.wait ? ` + WAIT ${e.wait.replicas}` : ''}`;
    default: return `${e.type} ${e.node}`;
  }
}

function decisionTimes(t: z.infer<typeof scopeSchema>['times'], until: number, problems: string[]): number[] {
  let times: number[];
  if (Array.isArray(t)) {
    times = t;
    const bad = t.findIndex((x, i) => i > 0 && x <= t[i - 1]);
    if (bad > 0) problems.push(`times[${bad}]: expected times in increasing order (previous ${t[bad - 1]}), got ${t[bad]}`);
  } else {
    if (t.to < t.from) problems.push(`times.to: expected a time at or after times.from (${t.from}), got ${t.to}`);
    times = [];
    for (let x = t.from; x <= t.to; x += t.every) times.push(x);
  }
  const late = times.findIndex((x) => x > until);
  if (late >= 0) problems.push(`times: expected every time at or before until (${until}), got ${times[late]}`);
  if (times.length > 1000) problems.push(`times: expected at most 1000 decision times, got ${times.length}`);
  return times;
}

function propertyList(names: string[] | undefined, base: Trace, menu: MenuItem[], problems: string[]): Property[] {
  if (names === undefined) return defaultProperties(base.config, menu.map((m) => m.event));
  const out: Property[] = [];
  names.forEach((n, i) => {
    const p = known(n);
    if (!p) problems.push(`properties[${i}]: expected the name of a property in properties/, got "${n}"`);
    else if (p.expectation !== 'always') problems.push(`properties[${i}]: expected an always-property, "${n}" is ${p.expectation}${p.expectation === 'sometimes' ? ' (name it as "hazard")' : ''}`);
    else out.push(p);
  });
  return out;
}

function known(name: string): Property | null {
  try { return byName(name); } catch { return null; }
}

/** Validates raw JSON; throws ScopeError naming every malformed field. */
export function parseScope(input: unknown): Scope {
  const r = scopeSchema.safeParse(input);
  if (!r.success) throw new ScopeError(r.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`));
  const s = r.data;
  const problems: string[] = [];
  const base = baseTrace(s, problems);
  if (!base) throw new ScopeError(problems);
  const menu = s.menu.map((m, i) => menuItem(base, m, i, problems)).filter((m): m is MenuItem => m !== null);
  const times = decisionTimes(s.times, s.until, problems);
  const properties = propertyList(s.properties, base, menu, problems);
  let hazard: Property | null = null;
  if (s.hazard !== undefined) {
    hazard = known(s.hazard);
    if (!hazard) problems.push(`hazard: expected the name of a property in properties/, got "${s.hazard}"`);
    else if (hazard.expectation !== 'sometimes') { problems.push(`hazard: expected a sometimes-property (a hazard), "${s.hazard}" is ${hazard.expectation}`); hazard = null; }
  }
  if (!hazard && properties.length === 0 && !problems.length) problems.push(`properties: nothing to check (${s.properties ? 'an empty list' : 'no property admits this scope'} and no hazard is named)`);
  if (problems.length) throw new ScopeError(problems);
  return { name: s.name ?? 'unnamed scope', description: s.description, base, configInput: s.config as TraceInput['config'], menu, times, maxEvents: s.maxEvents, properties, hazard };
}
