// From a redis.conf's directives to the model's configuration (model/kernel/config.ts): every option the
// model knows is read with Redis 7.0.15's own rules (config.c boolConfigSet, enumConfigSet,
// numericParseString + numericBoundaryCheck, setConfigSaveOption); every other Redis directive is
// listed as ignored, and a name that is not a Redis directive at all is listed apart.
import { DEFAULTS, type Config } from '../model/kernel/config.ts';
import { ConfError, type Directive } from './conf.ts';
import { isRedisDirective } from './directives.ts';

/** The Redis options of the model's configuration (topology and environment excluded). */
export type RedisOptions = Omit<Config, 'masters' | 'replicasPerMaster' | 'latency' | 'delayedAck' | 'clientTimeout' | 'fsyncMs' | 'dirtyExpire'>;

type Kind =
  | { type: 'bool' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'int'; min: number; max?: number; modelMin?: number }
  | { type: 'memory'; min: number }
  | { type: 'save' };

interface Known { key: keyof RedisOptions; kind: Kind }

/** Every option model/kernel/config.ts knows, by its Redis name (bounds from config.c's static_configs). */
export const MODELLED: Readonly<Record<string, Known>> = {
  appendonly: { key: 'appendonly', kind: { type: 'bool' } },
  appendfsync: { key: 'appendfsync', kind: { type: 'enum', values: ['always', 'everysec', 'no'] } },
  save: { key: 'save', kind: { type: 'save' } },
  // The model's schema needs at least 100 ms (model/kernel/trace.ts): one cron tick.
  'cluster-node-timeout': { key: 'nodeTimeout', kind: { type: 'int', min: 0, max: Number.MAX_SAFE_INTEGER, modelMin: 100 } },
  'cluster-require-full-coverage': { key: 'requireFullCoverage', kind: { type: 'bool' } },
  'cluster-allow-reads-when-down': { key: 'allowReadsWhenDown', kind: { type: 'bool' } },
  'cluster-replica-validity-factor': { key: 'replicaValidityFactor', kind: { type: 'int', min: 0 } },
  'cluster-replica-no-failover': { key: 'replicaNoFailover', kind: { type: 'bool' } },
  'cluster-allow-replica-migration': { key: 'allowReplicaMigration', kind: { type: 'bool' } },
  'cluster-migration-barrier': { key: 'migrationBarrier', kind: { type: 'int', min: 0 } },
  'min-replicas-to-write': { key: 'minReplicasToWrite', kind: { type: 'int', min: 0 } },
  'min-replicas-max-lag': { key: 'minReplicasMaxLag', kind: { type: 'int', min: 0 } },
  'repl-backlog-size': { key: 'replBacklogSize', kind: { type: 'memory', min: 1 } },
  'repl-diskless-sync': { key: 'replDisklessSync', kind: { type: 'bool' } },
  'repl-diskless-sync-delay': { key: 'replDisklessSyncDelay', kind: { type: 'int', min: 0 } },
  'repl-diskless-load': { key: 'replDisklessLoad', kind: { type: 'enum', values: ['disabled', 'on-empty-db', 'swapdb'] } },
  'rdb-del-sync-files': { key: 'rdbDelSyncFiles', kind: { type: 'bool' } },
  'repl-ping-replica-period': { key: 'replPingReplicaPeriod', kind: { type: 'int', min: 1 } },
  'repl-timeout': { key: 'replTimeout', kind: { type: 'int', min: 1 } },
};

/** Old names config.c still accepts (the alias column of static_configs), for the ones that matter here. */
export const ALIASES: Readonly<Record<string, string>> = {
  'cluster-slave-validity-factor': 'cluster-replica-validity-factor',
  'cluster-slave-no-failover': 'cluster-replica-no-failover',
  'min-slaves-to-write': 'min-replicas-to-write',
  'min-slaves-max-lag': 'min-replicas-max-lag',
  'repl-ping-slave-period': 'repl-ping-replica-period',
  slaveof: 'replicaof',
  'slave-serve-stale-data': 'replica-serve-stale-data',
};

/** Ignored options that can change what a failover or a restart loses or refuses, and why. */
export const MATTERS: Readonly<Record<string, string>> = {
  maxmemory: 'eviction can drop keys the model counts as kept',
  'maxmemory-policy': 'eviction can drop keys the model counts as kept',
  'no-appendfsync-on-rewrite': 'skipping fsync during a rewrite widens the AOF loss window',
  'aof-load-truncated': 'how a torn AOF tail is loaded after a power loss',
  'auto-aof-rewrite-percentage': 'AOF rewrites are not modelled',
  'auto-aof-rewrite-min-size': 'AOF rewrites are not modelled',
  'aof-use-rdb-preamble': 'AOF rewrites are not modelled',
  'stop-writes-on-bgsave-error': 'a failing snapshot would refuse writes',
  'repl-backlog-ttl': 'a master without replicas frees its backlog after this time',
  'repl-disable-tcp-nodelay': 'adds replication delay, so more is lost at a failover',
  'repl-diskless-sync-max-replicas': 'can start a diskless sync before the delay',
  'client-output-buffer-limit': 'a lagging replica\'s link can be cut, forcing full syncs',
  hz: 'the model runs cron at hz 10',
  'dynamic-hz': 'the model runs cron at hz 10',
  'cluster-link-sendbuf-limit': 'a full bus link buffer is freed, delaying failure detection',
  'replica-serve-stale-data': 'reads are not modelled',
  'cluster-allow-pubsubshard-when-down': 'pub/sub is not modelled',
};

export interface Setting { name: string; key: keyof RedisOptions; value: unknown; file: string; line: number }
export interface Ignored { name: string; file: string; line: number; why?: string }

export interface Mapped {
  /** The options set by the file (the rest keep Redis 7.0.15's defaults). */
  options: Partial<RedisOptions>;
  /** Which line set each option (the last one wins, as in Redis). */
  settings: Setting[];
  /** Redis directives the model does not use, in file order, once per name. */
  ignored: Ignored[];
  /** Names that are not Redis 7.0.15 directives (Redis would refuse to start). */
  unknown: Ignored[];
  notes: string[];
  /** cluster-enabled yes (a Cluster node) or not (a standalone server: Sentinel-managed or plain replication). */
  kind: 'cluster' | 'standalone';
  /** Standalone: the file's replicaof line (the replicas' file names the master), or null. */
  replicaof?: { host: string; port: number; file: string; line: number } | null;
}

/** The configuration is not one this model covers (Sentinel, a standalone server). */
export class NotModelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotModelledError';
  }
}

const fail = (d: Directive, problem: string): never => {
  throw new ConfError(d.file, d.line, `${d.name}: ${problem} (line: ${d.text})`);
};

/** config.c yesnotoi: yes / no, any case. */
function parseBool(d: Directive, v: string): boolean {
  const s = v.toLowerCase();
  if (s === 'yes') return true;
  if (s === 'no') return false;
  return fail(d, `argument must be 'yes' or 'no', got "${v}"`);
}

/** util.c string2ll: an optional minus sign, digits, no leading zero, no blank, no unit. */
function parseInt64(d: Directive, v: string): number {
  if (!/^(0|-?[1-9][0-9]*)$/.test(v)) return fail(d, `argument couldn't be parsed into an integer, got "${v}" (units are not accepted here)`);
  return Number(v);
}

/** util.c memtoull: digits then b, k (1000), kb (1024), m, mb, g or gb, any case. */
export function parseMemory(v: string): number | null {
  const m = /^([0-9]+)(b|k|kb|m|mb|g|gb)?$/i.exec(v);
  if (!m) return null;
  const mul: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3 };
  return Number(m[1]) * mul[(m[2] ?? '').toLowerCase()];
}

function parseValue(d: Directive, k: Kind): unknown {
  if (k.type !== 'save' && d.args.length !== 1) return fail(d, `wrong number of arguments: expected one value, got ${d.args.length}${d.args.some((a) => a.startsWith('#')) ? ' (a # after a value is not a comment in redis.conf)' : ''}`);
  const v = d.args[0];
  switch (k.type) {
    case 'bool': return parseBool(d, v);
    case 'enum': {
      const s = v.toLowerCase();
      return k.values.includes(s) ? s : fail(d, `argument must be one of ${k.values.join(', ')}, got "${v}"`);
    }
    case 'int': {
      const n = parseInt64(d, v);
      const max = k.max ?? 2 ** 31 - 1; // INT_MAX for createIntConfig options
      if (n < k.min || n > max) return fail(d, `argument must be between ${k.min} and ${max} inclusive, got ${n}`);
      if (k.modelMin !== undefined && n < k.modelMin) return fail(d, `${n} is valid for Redis but the model needs at least ${k.modelMin}`);
      return n;
    }
    case 'memory': {
      const n = parseMemory(v);
      if (n === null) return fail(d, `argument must be a memory value (digits and an optional unit b, k, kb, m, mb, g, gb), got "${v}"`);
      if (n < k.min) return fail(d, `argument must be at least ${k.min}, got ${n}`);
      return n;
    }
    case 'save': return null;
  }
}

/**
 * config.c setConfigSaveOption while reading a file: the first `save` line replaces the defaults,
 * later ones add to it, `save ""` clears every save point; one argument holding several values is
 * split again ("900 1 300 10").
 */
function applySave(d: Directive, current: Array<[number, number]>, first: boolean): Array<[number, number]> {
  let args = d.args;
  if (args.length === 1 && args[0] !== '') args = args[0].split(/[ \t\n\v\f\r]+/).filter(Boolean);
  let out = first ? [] : current;
  if (args.length === 1 && args[0] === '') return [];
  if (args.length === 0 || args.length % 2 === 1) fail(d, `invalid save parameters: expected pairs of <seconds> <changes>, or "" to turn snapshots off, got ${args.length} argument${args.length === 1 ? '' : 's'}`);
  const pairs: Array<[number, number]> = [];
  for (let j = 0; j < args.length; j += 2) {
    const [s, c] = [args[j], args[j + 1]];
    if (!/^[+-]?[0-9]+$/.test(s) || Number(s) < 1) fail(d, `invalid save parameters: seconds must be an integer ≥ 1, got "${s}"`);
    if (!/^[+-]?[0-9]+$/.test(c) || Number(c) < 0) fail(d, `invalid save parameters: changes must be an integer ≥ 0, got "${c}"`);
    if (Number(c) === 0) fail(d, `save ${Number(s)} 0 (a snapshot every ${Number(s)} s even without changes) is valid for Redis but not modelled`);
    pairs.push([Number(s), Number(c)]);
  }
  out = [...out, ...pairs];
  return out;
}

/** Maps the directives; throws ConfError for a value Redis would refuse, NotModelledError for a sentinel.conf given as redis.conf. */
export function mapDirectives(ds: Directive[], file: string): Mapped {
  const options: Partial<RedisOptions> = {};
  const settings = new Map<string, Setting>();
  const ignored = new Map<string, Ignored>();
  const unknown: Ignored[] = [];
  const notes: string[] = [];
  let clusterEnabled: boolean | null = null;
  let saveSeen = false;
  let replicaof: Mapped['replicaof'] = null;
  let replicaofLine: Directive | null = null;
  let priority: Setting | null = null;
  for (const d of ds) {
    const name = ALIASES[d.name] ?? d.name;
    if (name === 'sentinel') {
      throw new NotModelledError(`${d.file}:${d.line}: "${d.text}" is a Sentinel directive: this is a sentinel.conf. Give the data nodes' redis.conf with --conf and this file with --sentinel`);
    }
    if (name === 'replicaof') {
      // config.c loadServerConfigFromString: exactly <host> <port>, the port 0…65535 (or "no one").
      if (d.args.length !== 2) fail(d, `wrong number of arguments: expected <masterip> <masterport>, got ${d.args.length}`);
      const none = d.args[0].toLowerCase() === 'no' && d.args[1].toLowerCase() === 'one';
      if (!none && (!/^[0-9]+$/.test(d.args[1]) || Number(d.args[1]) > 65535)) fail(d, `Invalid master port: expected 0 to 65535, got "${d.args[1]}"`);
      if (clusterEnabled === true) fail(d, 'replicaof directive not allowed in cluster mode (Redis refuses to start)');
      replicaof = none ? null : { host: d.args[0], port: Number(d.args[1]), file: d.file, line: d.line };
      replicaofLine = d;
      continue;
    }
    if (name === 'replica-priority' || name === 'slave-priority') {
      // A standalone node's option (Cluster ignores it): config.c createIntConfig, 0…INT_MAX.
      const value = parseValue(d, { type: 'int', min: 0 });
      priority = { name: 'replica-priority', key: 'replicaPriority', value, file: d.file, line: d.line };
      // Listed as ignored in file order, as any directive a Cluster node does not use; kept if standalone.
      if (!ignored.has(name)) ignored.set(name, { name, file: d.file, line: d.line });
      continue;
    }
    if (name === 'cluster-enabled') {
      if (d.args.length !== 1) fail(d, `wrong number of arguments: expected one value, got ${d.args.length}`);
      clusterEnabled = parseBool(d, d.args[0]);
      continue;
    }
    const known = MODELLED[name];
    if (known) {
      const value = known.kind.type === 'save' ? applySave(d, (options.save ?? DEFAULTS.save) as Array<[number, number]>, !saveSeen) : parseValue(d, known.kind);
      if (known.kind.type === 'save') saveSeen = true;
      (options as Record<string, unknown>)[known.key] = value;
      settings.delete(name);
      settings.set(name, { name, key: known.key, value, file: d.file, line: d.line });
      continue;
    }
    if (!isRedisDirective(d.name)) {
      unknown.push({ name: d.name, file: d.file, line: d.line });
      continue;
    }
    if (!ignored.has(name)) ignored.set(name, { name, file: d.file, line: d.line, ...(MATTERS[name] ? { why: MATTERS[name] } : {}) });
  }
  const kind = clusterEnabled === true ? 'cluster' : 'standalone';
  if (kind === 'cluster' && replicaofLine) fail(replicaofLine, 'replicaof directive not allowed in cluster mode (Redis refuses to start)');
  if (kind === 'standalone') standaloneOptions(options, settings, ignored, priority);
  if (options.replBacklogSize !== undefined && options.replBacklogSize < 16384) {
    // replication.c resizeReplicationBacklog: never below CONFIG_REPL_BACKLOG_MIN_SIZE.
    notes.push(`repl-backlog-size ${options.replBacklogSize} is raised to Redis's minimum, 16384 bytes`);
    options.replBacklogSize = 16384;
  }
  return { options, settings: [...settings.values()], ignored: [...ignored.values()], unknown, notes, kind, ...(kind === 'standalone' ? { replicaof } : {}) };
}

/** cluster-enabled no: the Cluster options were checked as Redis does but do nothing; replica-priority does. */
function standaloneOptions(options: Partial<RedisOptions>, settings: Map<string, Setting>, ignored: Map<string, Ignored>, priority: Setting | null): void {
  for (const [name, s] of [...settings]) {
    if (!CLUSTER_ONLY.has(name)) continue;
    settings.delete(name);
    delete (options as Record<string, unknown>)[s.key];
    if (!ignored.has(name)) ignored.set(name, { name, file: s.file, line: s.line });
  }
  if (priority) {
    ignored.delete('replica-priority');
    ignored.delete('slave-priority');
    settings.set(priority.name, priority);
    (options as Record<string, unknown>).replicaPriority = priority.value;
  }
}

/** The options MODELLED holds only for Cluster nodes (model/kernel/trace.ts refuses them in a standalone trace). */
export const CLUSTER_ONLY: ReadonlySet<string> = new Set(Object.keys(MODELLED).filter((n) => n.startsWith('cluster-')));

/** The options a standalone node's table shows: MODELLED without the Cluster ones, and replica-priority. */
export const STANDALONE_MODELLED: Readonly<Record<string, { key: keyof RedisOptions }>> = {
  ...Object.fromEntries(Object.entries(MODELLED).filter(([n]) => !CLUSTER_ONLY.has(n))),
  'replica-priority': { key: 'replicaPriority' },
};
