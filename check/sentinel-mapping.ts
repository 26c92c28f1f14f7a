// From a sentinel.conf's directives to the model's Sentinel options (model/kernel/config.ts), with
// the checks of Redis 7.0.15's sentinel.c sentinelHandleConfiguration: its arity per statement, a
// master named before its options, quorum ≥ 1, times > 0. Sentinel reads numbers with atoi (so
// "30s" is 30 and "abc" 0); the check refuses anything but digits instead of guessing what was meant.
import { ConfError, type Directive } from './conf.ts';
import { isRedisDirective } from './directives.ts';
import type { Ignored } from './mapping.ts';

export interface SentinelOptions {
  quorum: number;
  downAfterMilliseconds: number;
  failoverTimeout: number;
  parallelSyncs: number;
  masterRebootDownAfterPeriod: number;
}

export interface SentinelSetting { name: string; key: keyof SentinelOptions; value: number; file: string; line: number }

export interface SentinelMapped {
  /** The monitored master: `sentinel monitor <name> <ip> <port> <quorum>`. */
  monitor: { name: string; host: string; port: number; file: string; line: number };
  options: Partial<SentinelOptions>;
  settings: SentinelSetting[];
  ignored: Ignored[];
  unknown: Ignored[];
  notes: string[];
}

/** The statements the model reads: argument count (after `sentinel`) and the option each sets. */
const MODELLED: Readonly<Record<string, { key: keyof SentinelOptions; min: number; problem: string }>> = {
  'down-after-milliseconds': { key: 'downAfterMilliseconds', min: 1, problem: 'negative or zero time parameter' },
  'failover-timeout': { key: 'failoverTimeout', min: 1, problem: 'negative or zero time parameter' },
  // sentinel.c takes any atoi value from the file; SENTINEL SET refuses ≤ 0, and 0 would never reconfigure a replica.
  'parallel-syncs': { key: 'parallelSyncs', min: 1, problem: 'must be at least 1 (SENTINEL SET refuses 0; the model needs a replica resynced at a time)' },
  'master-reboot-down-after-period': { key: 'masterRebootDownAfterPeriod', min: 0, problem: 'negative time parameter' },
};

/** Statements sentinelHandleConfiguration accepts that the model does not use, and why they do not matter (or might). */
const IGNORED: Readonly<Record<string, string>> = {
  'auth-pass': 'authentication is not modelled',
  'auth-user': 'authentication is not modelled',
  'sentinel-user': 'authentication is not modelled',
  'sentinel-pass': 'authentication is not modelled',
  'notification-script': 'scripts are not modelled',
  'client-reconfig-script': 'scripts are not modelled',
  'deny-scripts-reconfig': 'scripts are not modelled',
  'rename-command': 'commands keep their names in the model',
  'announce-ip': 'processes are reached by name in the model',
  'announce-port': 'processes are reached by name in the model',
  'resolve-hostnames': 'processes are reached by name in the model',
  'announce-hostnames': 'processes are reached by name in the model',
  'current-epoch': 'state Sentinel writes itself: the model starts a fresh deployment (epoch 0)',
  'config-epoch': 'state Sentinel writes itself: the model starts a fresh deployment (epoch 0)',
  'leader-epoch': 'state Sentinel writes itself: the model starts a fresh deployment (epoch 0)',
  myid: 'state Sentinel writes itself: the model gives each Sentinel its own id',
  'known-replica': 'state Sentinel writes itself: the model\'s Sentinels find the replicas from the master\'s INFO',
  'known-slave': 'state Sentinel writes itself: the model\'s Sentinels find the replicas from the master\'s INFO',
  'known-sentinel': 'state Sentinel writes itself: the model\'s Sentinels find each other by hello messages',
};

/** Arity (after `sentinel`) of each statement sentinelHandleConfiguration checks; the rest take any. */
const ARITY: Readonly<Record<string, number[]>> = {
  monitor: [4], 'down-after-milliseconds': [2], 'failover-timeout': [2], 'parallel-syncs': [2], 'master-reboot-down-after-period': [2],
  'notification-script': [2], 'client-reconfig-script': [2], 'auth-pass': [2], 'auth-user': [2], 'current-epoch': [1], myid: [1],
  'config-epoch': [2], 'leader-epoch': [3], 'known-replica': [3], 'known-slave': [3], 'known-sentinel': [3, 4], 'rename-command': [3],
  'announce-ip': [1], 'announce-port': [1], 'deny-scripts-reconfig': [1], 'sentinel-user': [1], 'sentinel-pass': [1],
  'resolve-hostnames': [1], 'announce-hostnames': [1],
};

const fail = (d: Directive, problem: string): never => {
  throw new ConfError(d.file, d.line, `sentinel ${d.args[0] ?? ''}: ${problem} (line: ${d.text})`);
};

/** Digits only (sentinel.c's atoi would read "30s" as 30 and "abc" as 0: a typo the check names instead). */
function number(d: Directive, v: string, what: string): number {
  if (!/^-?[0-9]+$/.test(v)) return fail(d, `${what} must be an integer, got "${v}" (Sentinel's atoi would read it as ${Number.parseInt(v, 10) || 0})`);
  return Number(v);
}

/** Maps a sentinel.conf's directives; throws ConfError for a statement Sentinel would refuse or the model cannot run. */
export function mapSentinel(ds: Directive[], file: string): SentinelMapped {
  let monitor: SentinelMapped['monitor'] | null = null;
  const options: Partial<SentinelOptions> = {};
  const settings = new Map<string, SentinelSetting>();
  const ignored = new Map<string, Ignored>();
  const unknown: Ignored[] = [];
  const notes: string[] = [];
  for (const d of ds) {
    if (d.name !== 'sentinel') {
      // Port, dir, logfile…: the server options of the Sentinel process, none of which the model uses.
      if (!isRedisDirective(d.name)) unknown.push({ name: d.name, file: d.file, line: d.line });
      else if (!ignored.has(d.name)) ignored.set(d.name, { name: d.name, file: d.file, line: d.line });
      continue;
    }
    const sub = (d.args[0] ?? '').toLowerCase();
    const rest = d.args.slice(1);
    const arity = ARITY[sub];
    if (!arity) fail(d, `Unrecognized sentinel configuration statement "${d.args[0] ?? ''}"`);
    if (!arity.includes(rest.length)) fail(d, `wrong number of arguments: expected ${arity.join(' or ')} after "sentinel ${sub}", got ${rest.length}`);
    if (sub === 'monitor') {
      const [name, host, port, quorum] = rest;
      if (monitor && monitor.name !== name) fail(d, `a second monitored master ("${name}", after "${monitor.name}" at ${monitor.file}:${monitor.line}): the model runs one master under Sentinel; check one master's setup at a time`);
      if (monitor) fail(d, `Duplicate master name "${name}" (first at ${monitor.file}:${monitor.line})`);
      const q = number(d, quorum, 'quorum');
      if (q <= 0) fail(d, 'Quorum must be 1 or greater.');
      const p = number(d, port, 'port');
      if (p < 0 || p > 65535) fail(d, `Invalid port number ${p}`);
      monitor = { name, host, port: p, file: d.file, line: d.line };
      options.quorum = q;
      settings.set('monitor', { name: 'monitor quorum', key: 'quorum', value: q, file: d.file, line: d.line });
      continue;
    }
    const known = MODELLED[sub];
    if (known) {
      // sentinelGetMasterByName: the master must be monitored on an earlier line.
      if (!monitor || monitor.name !== rest[0]) fail(d, `No such master with specified name "${rest[0]}"${monitor ? ` (the monitored one is "${monitor.name}")` : ' (a sentinel monitor line must come first)'}`);
      const v = number(d, rest[1], sub);
      if (v < known.min) fail(d, `${known.problem}, got ${v}`);
      options[known.key] = v;
      settings.delete(sub);
      settings.set(sub, { name: sub, key: known.key, value: v, file: d.file, line: d.line });
      continue;
    }
    const name = `sentinel ${sub}`;
    if (!ignored.has(name)) ignored.set(name, { name, file: d.file, line: d.line, why: IGNORED[sub] });
  }
  if (!monitor) throw new ConfError(file, null, 'no "sentinel monitor <master-name> <ip> <port> <quorum>" line: this Sentinel watches no master');
  return { monitor, options, settings: [...settings.values()], ignored: [...ignored.values()], unknown, notes };
}
