// The trace: the one contract every part shares (design §3). Validated on input with an error that
// names the field and what was expected.
import { z } from 'zod';
import { printable } from '../../lib/text.ts';
import { DEFAULTS, type Config, type Topology } from './config.ts';
import { LIMITS, processProblems, sizeProblems } from './trace-checks.ts';
import { masterName, replicaName } from '../cluster/names.ts';

/** zod's error for a limit: the limit, its unit, and the value given. */
const atMost = (limit: number, what: string) => ({
  error: (i: { input?: unknown }) => `expected at most ${limit} (${what}), got ${Array.isArray(i.input) ? i.input.length : String(i.input)}`,
});
/** A point in simulated time (ms): an event's `at`, a loop's or the trace's `until`. */
const ms = z.number().int().nonnegative().max(LIMITS.timeMs, atMost(LIMITS.timeMs, '7 days of simulated time, in ms'));
/** A duration in ms (a timeout, a latency, a delay). */
const dur = z.number().int().nonnegative().max(LIMITS.durationMs, atMost(LIMITS.durationMs, '1 day, in ms'));
/** A duration in seconds (the Redis options counted in seconds). */
const secs = z.number().int().nonnegative().max(LIMITS.durationS, atMost(LIMITS.durationS, '1 day, in seconds'));
const node = z.string().min(1);

/** Production clusters run dozens to hundreds of masters (issue 14). */
export const MAX_MASTERS = 200;

/** How many replicas a standalone master may have, and Sentinels a deployment (far above any real one). */
export const MAX_STANDALONE_REPLICAS = 16;
export const MAX_SENTINELS = 15;

const configSchema = z.strictObject({
  topology: z.enum(['cluster', 'sentinel', 'replication']),
  masters: z.number().int().min(1).max(MAX_MASTERS),
  replicasPerMaster: z.number().int().min(0).max(5),
  nodeTimeout: dur.min(100),
  appendonly: z.boolean(),
  appendfsync: z.enum(['always', 'everysec', 'no']),
  save: z.array(z.tuple([secs.positive(), z.number().int().positive()])),
  requireFullCoverage: z.boolean(),
  allowReadsWhenDown: z.boolean(),
  replicaValidityFactor: z.number().int().nonnegative(),
  replicaNoFailover: z.boolean(),
  allowReplicaMigration: z.boolean(),
  migrationBarrier: z.number().int().nonnegative(),
  minReplicasToWrite: z.number().int().nonnegative(),
  minReplicasMaxLag: secs,
  replBacklogSize: z.number().int().min(16384),
  replDisklessSync: z.boolean(),
  replDisklessSyncDelay: secs,
  replDisklessLoad: z.enum(['disabled', 'on-empty-db', 'swapdb']),
  rdbDelSyncFiles: z.boolean(),
  replPingReplicaPeriod: secs.positive(),
  replTimeout: secs.positive(),
  replicaPriority: z.number().int().nonnegative(),
  replicas: z.number().int().min(0).max(MAX_STANDALONE_REPLICAS),
  replicaof: z.record(z.string(), z.string()),
  sentinels: z.number().int().min(1).max(MAX_SENTINELS),
  quorum: z.number().int().positive(),
  downAfterMilliseconds: dur.positive(),
  failoverTimeout: dur.positive(),
  parallelSyncs: z.number().int().positive(),
  masterRebootDownAfterPeriod: dur,
  latency: dur,
  delayedAck: dur,
  clientTimeout: dur.positive(),
  fsyncMs: dur,
  dirtyExpire: dur.positive(),
}).partial();

/** Keys that describe the deployment (topology section of config) rather than a data node. */
const DEPLOYMENT_ONLY = {
  topology: true, masters: true, replicasPerMaster: true, latency: true, delayedAck: true, clientTimeout: true,
  replicas: true, replicaof: true, sentinels: true, quorum: true, downAfterMilliseconds: true, failoverTimeout: true,
  parallelSyncs: true, masterRebootDownAfterPeriod: true,
} as const;
const runtimeConfig = configSchema.omit(DEPLOYMENT_ONLY);
/** A node's redis.conf edited on disk: its options, and its `replicaof` line (null removes it). */
const fileConfig = runtimeConfig.extend({ replicaof: z.string().min(1).nullable() }).partial();

const event = z.discriminatedUnion('type', [
  z.strictObject({ at: ms, type: z.literal('write'), node: node.optional(), key: z.string().min(1).optional(),
    wait: z.strictObject({ replicas: z.number().int().positive(), timeout: dur }).optional(), px: dur.positive().optional() }),
  z.strictObject({ at: ms, type: z.literal('writes'), every: dur.positive(), until: ms, node: node.optional(), px: dur.positive().optional() }),
  z.strictObject({ at: ms, type: z.literal('crash'), node, power: z.boolean().optional() }),
  z.strictObject({ at: ms, type: z.literal('restart'), node }),
  z.strictObject({ at: ms, type: z.literal('pause'), node }),
  z.strictObject({ at: ms, type: z.literal('resume'), node }),
  z.strictObject({ at: ms, type: z.literal('partition'), groups: z.array(z.array(node).min(1)).min(1) }),
  z.strictObject({ at: ms, type: z.literal('heal') }),
  z.strictObject({ at: ms, type: z.literal('delay'), from: node, to: node, ms: dur }),
  z.strictObject({ at: ms, type: z.literal('fsync'), node }),
  z.strictObject({ at: ms, type: z.literal('disk'), node, fsyncMs: dur }),
  z.strictObject({ at: ms, type: z.literal('failover'), node, mode: z.enum(['default', 'force', 'takeover']).optional() }),
  z.strictObject({ at: ms, type: z.literal('config'), node, set: runtimeConfig }),
  // standalone topologies (sentinel, replication)
  z.strictObject({ at: ms, type: z.literal('replicaof'), node, master: node.nullable() }),
  z.strictObject({ at: ms, type: z.literal('sentinel-failover'), node }),
  z.strictObject({ at: ms, type: z.literal('sentinel-simulate-failure'), node, mode: z.enum(['crash-after-election', 'crash-after-promotion', 'none']) }),
  z.strictObject({ at: ms, type: z.literal('clock'), node, jumpMs: z.number().int().min(-LIMITS.durationMs).max(LIMITS.durationMs) }),
  z.strictObject({ at: ms, type: z.literal('edit-config'), node, set: fileConfig }),
]);

export const traceSchema = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  config: configSchema.optional(),
  seed: z.number().int().nonnegative().optional(),
  events: z.array(event).max(LIMITS.events, atMost(LIMITS.events, 'events')),
  until: ms.optional(),
});

export type TraceEvent = z.infer<typeof event>;
export type TraceInput = z.infer<typeof traceSchema>;

/** A validated trace with every default filled in. */
export interface Trace {
  name: string;
  description?: string;
  config: Config;
  seed: number;
  events: TraceEvent[];
  until: number;
}

export class TraceError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'TraceError';
  }
}

/**
 * Node names of a topology, in the runbooks' convention: A, B, C… and their replicas A1, A2, B1…;
 * past Z, AA, AB… and AA1 (model/cluster/names.ts).
 */
export function nodeNames(c: Pick<Config, 'masters' | 'replicasPerMaster'> & Partial<Pick<Config, 'topology' | 'replicas'>>): { masters: string[]; replicas: string[] } {
  if (c.topology !== undefined && c.topology !== 'cluster') {
    return { masters: ['M'], replicas: Array.from({ length: c.replicas ?? 0 }, (_, j) => internalized(`R${j + 1}`)) };
  }
  const masters = Array.from({ length: c.masters }, (_, i) => internalized(masterName(i)));
  const replicas = masters.flatMap((m) => Array.from({ length: c.replicasPerMaster }, (_, j) => internalized(replicaName(m, j + 1))));
  return { masters, replicas };
}

/** The Sentinel processes S1…Sk of a sentinel topology (none otherwise). */
export function sentinelNames(c: Pick<Config, 'topology' | 'sentinels'>): string[] {
  return c.topology === 'sentinel' ? Array.from({ length: c.sentinels }, (_, j) => internalized(`S${j + 1}`)) : [];
}

/**
 * The engine's unique copy of a string (the one property keys use). Node names are compared and
 * looked up on every step; a built string ("A1") would be compared character by character, and
 * looked up in the engine's string table first when used as a key.
 */
function internalized(x: string): string {
  return Object.keys({ [x]: 0 })[0];
}

/** The valid names for an error message: all of them for a small cluster, the ranges for a big one. */
function topologyNames(masters: string[], replicas: string[], extra: string[]): string {
  const all = [...masters, ...replicas, ...extra];
  if (all.length <= 40) return all.join(', ');
  const span = (xs: string[]) => `${xs[0]}…${xs[xs.length - 1]}`;
  return [`masters ${span(masters)}`, ...(replicas.length ? [`replicas ${span(replicas)}`] : []), ...extra].join(', ');
}

/** The cluster-only and standalone-only keys a trace's config gave for the wrong topology. */
const CLUSTER_ONLY = ['masters', 'replicasPerMaster', 'nodeTimeout', 'requireFullCoverage', 'allowReadsWhenDown', 'replicaValidityFactor',
  'replicaNoFailover', 'allowReplicaMigration', 'migrationBarrier'] as const;
const STANDALONE_ONLY = ['replicas', 'replicaof', 'sentinels', 'quorum', 'downAfterMilliseconds', 'failoverTimeout', 'parallelSyncs', 'masterRebootDownAfterPeriod'] as const;
const SENTINEL_ONLY = ['sentinels', 'quorum', 'downAfterMilliseconds', 'failoverTimeout', 'parallelSyncs', 'masterRebootDownAfterPeriod'] as const;

function topologyConfigProblems(given: Record<string, unknown>, c: Config): string[] {
  const problems: string[] = [];
  const wrong = (keys: readonly string[], why: string) => {
    // A full config (every key, as explore and the outcome echo it) names them all: only a value other than the default counts.
    for (const k of keys) if (k in given && JSON.stringify(given[k]) !== JSON.stringify(DEFAULTS[k as keyof Config])) problems.push(`config.${k}: ${why}, got topology "${c.topology}"`);
  };
  if (c.topology === 'cluster') wrong([...STANDALONE_ONLY, 'replicaPriority'], 'only for topology "sentinel" or "replication"');
  else wrong(CLUSTER_ONLY, 'only for topology "cluster"');
  if (c.topology === 'replication') wrong(SENTINEL_ONLY, 'only for topology "sentinel"');
  if (c.topology === 'sentinel' && Object.keys(c.replicaof).length) problems.push('config.replicaof: only for topology "replication" (Sentinel monitors M and its replicas R1…Rn)');
  return problems;
}

/** A standalone deployment is one master (M) and its replicas, in the fields the cluster code reads too. */
function deploymentDefaults(c: Config): Config {
  return c.topology === 'cluster' ? c : { ...c, masters: 1, replicasPerMaster: c.replicas };
}

function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(trace)';
}

/** Long enough after the last event for the cluster to settle: FAIL + election + a retry window. */
function settleTime(events: TraceEvent[], c: Config): number {
  const last = events.reduce((m, e) => Math.max(m, e.type === 'writes' ? e.until : e.at), 0);
  // sentinel: SDOWN, the failover, the 10 s demotion of a returning master and a full sync;
  // replication: a full sync (repl-diskless-sync-delay) and the replicas' reconnects.
  if (c.topology === 'sentinel') return last + 3 * c.downAfterMilliseconds + 30_000;
  if (c.topology === 'replication') return last + 30_000;
  return last + 6 * c.nodeTimeout + 10_000;
}

/** Validates raw JSON input; throws TraceError naming every malformed field. */
export function parseTrace(input: unknown, opts: { processStates?: boolean } = {}): Trace {
  const r = traceSchema.safeParse(input);
  if (!r.success) {
    // A number past 2^53 also fails zod's own safe-integer bound: our limit's message says more.
    const ours = new Set(r.error.issues.filter((i) => i.message.startsWith('expected at most')).map((i) => fieldPath(i.path)));
    const issues = r.error.issues.filter((i) => !(i.code === 'too_big' && !i.message.startsWith('expected at most') && ours.has(fieldPath(i.path))));
    throw new TraceError(issues.map((i) => printable(`${fieldPath(i.path)}: ${i.message}`)));
  }
  const t = smallIntegers(r.data);
  const config: Config = deploymentDefaults({ ...DEFAULTS, ...t.config });
  const topologyProblems = topologyConfigProblems(t.config ?? {}, config);
  if (topologyProblems.length) throw new TraceError(topologyProblems);
  const settle = config.topology === 'sentinel' ? 'last event + 3 × downAfterMilliseconds + 30 s'
    : config.topology === 'replication' ? 'last event + 30 s' : `last event + 6 × nodeTimeout + 10 s`;
  const until = t.until ?? settleTime(t.events, config);
  const problems = sizeProblems(t.events, config, until, t.until !== undefined, settle);
  if (problems.length) throw new TraceError(problems);
  const { masters, replicas } = nodeNames(config);
  const sentinels = sentinelNames(config);
  const dataNodes = new Set([...masters, ...replicas]);
  const known = new Set([...masters, ...replicas, ...sentinels]);
  const expectNode = (name: string, where: string, extra: string[] = []) => {
    if (!known.has(name) && !extra.includes(name)) {
      problems.push(`${where}: expected a node of this topology (${topologyNames(masters, replicas, [...sentinels, ...extra])}), got "${printable(name)}"`);
    }
  };
  const expectKind = (name: string, where: string, want: 'data' | 'sentinel', what: string) => {
    if (!known.has(name)) return;
    const isData = dataNodes.has(name);
    if (want === 'data' && !isData) problems.push(`${where}: ${what} needs a data node (${[...masters, ...replicas].join(', ')}), got the Sentinel "${printable(name)}"`);
    if (want === 'sentinel' && isData) problems.push(`${where}: ${what} needs a Sentinel (${sentinels.join(', ') || 'none in this topology'}), got "${printable(name)}"`);
  };
  const onlyIn = (e: TraceEvent, at: string, kinds: Topology[]) => {
    if (!kinds.includes(config.topology)) problems.push(`${at}.type: "${e.type}" needs config.topology ${kinds.map((k) => `"${k}"`).join(' or ')}, got "${config.topology}"`);
  };
  t.events.forEach((e, i) => {
    const at = `events[${i}]`;
    if ('node' in e && e.node !== undefined) expectNode(e.node, `${at}.node`);
    if (e.type === 'failover') onlyIn(e, at, ['cluster']);
    if (e.type === 'replicaof') {
      onlyIn(e, at, ['sentinel', 'replication']);
      expectKind(e.node, `${at}.node`, 'data', 'REPLICAOF');
      if (e.master !== null) { expectNode(e.master, `${at}.master`); expectKind(e.master, `${at}.master`, 'data', 'REPLICAOF'); }
    }
    if (e.type === 'sentinel-failover') { onlyIn(e, at, ['sentinel']); expectKind(e.node, `${at}.node`, 'sentinel', 'SENTINEL FAILOVER'); }
    if (e.type === 'sentinel-simulate-failure') { onlyIn(e, at, ['sentinel']); expectKind(e.node, `${at}.node`, 'sentinel', 'SENTINEL SIMULATE-FAILURE'); }
    if (e.type === 'edit-config') {
      expectKind(e.node, `${at}.node`, 'data', 'edit-config');
      if (e.set.replicaof !== undefined) {
        onlyIn(e, `${at}.set.replicaof`, ['sentinel', 'replication']);
        if (e.set.replicaof !== null) { expectNode(e.set.replicaof, `${at}.set.replicaof`); expectKind(e.set.replicaof, `${at}.set.replicaof`, 'data', 'replicaof'); }
      }
    }
    if (e.type === 'config' || e.type === 'fsync' || e.type === 'disk') expectKind(e.node, `${at}.node`, 'data', e.type);
    if (e.type === 'write' && e.node !== undefined) expectKind(e.node, `${at}.node`, 'data', 'a write');
    if (e.type === 'writes' && e.node !== undefined) expectKind(e.node, `${at}.node`, 'data', 'a writer');
    if (e.type === 'delay') { expectNode(e.from, `${at}.from`, ['client']); expectNode(e.to, `${at}.to`, ['client']); }
    if (e.type === 'partition') {
      const seen = new Set<string>();
      e.groups.forEach((g, gi) => g.forEach((n, ni) => {
        expectNode(n, `${at}.groups[${gi}][${ni}]`, ['client']);
        if (seen.has(n)) problems.push(`${at}.groups[${gi}][${ni}]: "${printable(n)}" appears in more than one group`);
        seen.add(n);
      }));
    }
    if (e.type === 'writes' && e.until < e.at) problems.push(`${at}.until: expected a time at or after "at" (${e.at}), got ${e.until}`);
    if (i > 0 && e.at < t.events[i - 1].at) problems.push(`${at}.at: expected events in time order (previous at ${t.events[i - 1].at}), got ${e.at}`);
  });
  if (config.topology === 'replication') {
    for (const [r, m] of Object.entries(config.replicaof)) {
      if (!replicas.includes(r)) problems.push(`config.replicaof: expected keys among the replicas (${replicas.join(', ') || 'none'}), got "${printable(r)}"`);
      else if (!dataNodes.has(m) || m === r) problems.push(`config.replicaof.${printable(r)}: expected another data node (${[...dataNodes].filter((x) => x !== r).join(', ')}), got "${printable(m)}"`);
    }
  }
  if (config.save.some(([s]) => s <= 0)) problems.push('config.save: expected [seconds, changes] pairs of positive integers');
  if (!problems.length && opts.processStates !== false) problems.push(...processProblems(t.events));
  if (problems.length) throw new TraceError(problems);
  return {
    name: t.name ?? 'unnamed trace',
    description: t.description,
    config,
    seed: smallInteger(t.seed ?? 1),
    events: t.events,
    until: smallInteger(until),
  };
}

/**
 * The same numbers, each integer as a V8 small integer. Parsed or generated input may hold integers
 * as heap numbers (8781.0); one such time in the agenda makes every time field it reaches (s.now,
 * bootedAt, pingSent, …) a boxed double, for good and in every later run. In place (r.data is
 * zod's copy); values are unchanged.
 */
function smallIntegers<T>(v: T): T {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = smallIntegers(v[i]);
  } else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) o[k] = smallIntegers(o[k]);
  } else if (typeof v === 'number') {
    return smallInteger(v) as T;
  }
  return v;
}

function smallInteger(x: number): number {
  return Number.isInteger(x) && x >= -0x40000000 && x <= 0x3fffffff && !Object.is(x, -0) ? x | 0 : x;
}
