// npm run check: the redis.conf reader (Redis's own rules), the mapping to the model's
// configuration, --topology, and the verdicts on the example plans compared with the runbook
// scenarios (scenarios/*.json). Small runs: a few seconds in all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfError, parseConf, readConf, splitArgs } from '../check/conf.ts';
import { mapDirectives, NotModelledError, parseMemory, type Mapped } from '../check/mapping.ts';
import { checkFamilies, checkOne, checkStandaloneFamilies, type PropertyVerdict } from '../check/run.ts';
import { parseStandaloneTopology, parseTopology, TopologyError } from '../check/topology.ts';
import { mapSentinel } from '../check/sentinel-mapping.ts';
import { standaloneConfig } from '../check/standalone-config.ts';
import { DEFAULTS } from '../model/kernel/config.ts';
import { byName } from '../properties/index.ts';
import { runTrace } from '../properties/property.ts';
import type { AnyPinnedConfig, PinnedConfig } from '../properties/generators.ts';

const ROOT = join(import.meta.dirname, '..');

const conf = (text: string, file = 'test.conf'): Mapped => mapDirectives(parseConf(text, file).directives, file);
const cluster = (text: string) => conf(`cluster-enabled yes\n${text}`);
/** The error a configuration text raises (its message), or null. */
const errorOf = (text: string): Error => {
  try {
    cluster(text);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
};

describe('redis.conf reader (sdssplitargs, loadServerConfigFromString)', () => {
  it('splits arguments with quotes and escapes like sdssplitargs', () => {
    expect(splitArgs('save 900 1')).toEqual(['save', '900', '1']);
    expect(splitArgs('  a\t b  ')).toEqual(['a', 'b']);
    expect(splitArgs('save ""')).toEqual(['save', '']);
    expect(splitArgs('x "a b\\n\\x41\\"c"')).toEqual(['x', 'a b\nA"c']);
    expect(splitArgs("x 'it\\'s' 'a\\nb'")).toEqual(['x', "it's", 'a\\nb']);
    expect(splitArgs('x ab"c d"')).toEqual(['x', 'abc d']);
    expect(splitArgs('x "unterminated')).toBeNull();
    expect(splitArgs('x "closed"glued')).toBeNull();
    expect(splitArgs("x 'a'b")).toBeNull();
  });

  it('skips comments only at the start of a line, lower-cases names, handles CRLF', () => {
    const { directives } = parseConf('# c\n\n  # indented comment\r\nAppendOnly YES\r\nport 6379 # not a comment\n', 'f.conf');
    expect(directives.map((d) => [d.name, d.args, d.line])).toEqual([['appendonly', ['YES'], 4], ['port', ['6379', '#', 'not', 'a', 'comment'], 5]]);
  });

  it('names the file and line of unbalanced quotes', () => {
    expect(() => parseConf('port 1\nsave "900 1\n', 'bad.conf')).toThrow(/^bad\.conf:2: unbalanced quotes/);
  });

  it('follows include relative to the including file, and refuses loops', () => {
    const files: Record<string, string> = { '/etc/redis/main.conf': 'cluster-enabled yes\ninclude extra/persist.conf\n', '/etc/redis/extra/persist.conf': 'appendonly yes\n', '/l/a.conf': 'include a.conf\n' };
    const o = { readFile: (p: string) => files[p], exists: (p: string) => p in files };
    const r = readConf('/etc/redis/main.conf', o);
    expect(r.directives.map((d) => `${d.file}:${d.line} ${d.name}`)).toEqual(['/etc/redis/main.conf:1 cluster-enabled', '/etc/redis/extra/persist.conf:1 appendonly']);
    expect(() => readConf('/l/a.conf', o)).toThrow(/a\.conf:1: include a\.conf loops/);
    expect(() => parseConf('include nope.conf', '/x/m.conf', o)).toThrow(/m\.conf:1: include nope\.conf: no such file/);
    expect(parseConf('include /etc/conf.d/*.conf', '/x/m.conf', o).notes[0]).toMatch(/pattern/);
  });
});

describe('mapping to the model configuration', () => {
  it('reads memory units as memtoull does (k = 1000, kb = 1024, any case)', () => {
    expect([parseMemory('1k'), parseMemory('1kb'), parseMemory('2MB'), parseMemory('1g'), parseMemory('1Gb'), parseMemory('100')]).toEqual([1000, 1024, 2 * 1024 ** 2, 1e9, 1024 ** 3, 100]);
    expect(parseMemory('1.5mb')).toBeNull();
    expect(parseMemory('-1k')).toBeNull();
    expect(cluster('repl-backlog-size 64kb').options.replBacklogSize).toBe(65536);
    expect(cluster('repl-backlog-size 100mb').options.replBacklogSize).toBe(100 * 1024 ** 2);
  });

  it('maps every option with its value, booleans in any case, old names as aliases', () => {
    const m = cluster('APPENDONLY Yes\nappendfsync ALWAYS\ncluster-node-timeout 5000\nmin-slaves-to-write 1\ncluster-slave-validity-factor 0\nrepl-diskless-load on-empty-db\ncluster-require-full-coverage no');
    expect(m.options).toEqual({ appendonly: true, appendfsync: 'always', nodeTimeout: 5000, minReplicasToWrite: 1, replicaValidityFactor: 0, replDisklessLoad: 'on-empty-db', requireFullCoverage: false });
    expect(m.settings.find((s) => s.key === 'minReplicasToWrite')).toMatchObject({ name: 'min-replicas-to-write', line: 5 });
  });

  it('accumulates save lines as setConfigSaveOption does while reading a file', () => {
    expect(cluster('port 1').options.save).toBeUndefined(); // the defaults stay
    expect(cluster('save 900 1\nsave 300 10').options.save).toEqual([[900, 1], [300, 10]]);
    expect(cluster('save "900 1 300 10"').options.save).toEqual([[900, 1], [300, 10]]);
    expect(cluster('save 900 1\nsave ""').options.save).toEqual([]);
    expect(cluster('save ""\nsave 60 100').options.save).toEqual([[60, 100]]);
  });

  it('refuses what Redis refuses, naming file, line and what was expected', () => {
    expect(errorOf('port 1\nappendonly maybe')).toBeInstanceOf(ConfError);
    expect(errorOf('port 1\nappendonly maybe').message).toMatch(/^test\.conf:3: appendonly: argument must be 'yes' or 'no', got "maybe"/);
    expect(errorOf('appendonly yes # on').message).toMatch(/:2: appendonly: wrong number of arguments.*# after a value is not a comment/);
    expect(errorOf('cluster-node-timeout 15s').message).toMatch(/:2: cluster-node-timeout: argument couldn't be parsed into an integer, got "15s"/);
    expect(errorOf('cluster-node-timeout 0').message).toMatch(/model needs at least 100/);
    expect(errorOf('appendfsync sometimes').message).toMatch(/must be one of always, everysec, no/);
    expect(errorOf('save 900').message).toMatch(/:2: save: invalid save parameters/);
    expect(errorOf('min-replicas-to-write -1').message).toMatch(/between 0 and/);
    expect(errorOf('replicaof 10.0.0.1 6379').message).toMatch(/not allowed in cluster mode/);
  });

  it('lists ignored Redis directives once, apart those that could change the verdict, and unknown names', () => {
    const m = cluster('port 6379\nmaxmemory 1gb\nport 6380\nslave-serve-stale-data yes\nappendonly-fsync yes\ndir /tmp');
    expect(m.ignored.map((i) => [i.name, !!i.why])).toEqual([['port', false], ['maxmemory', true], ['replica-serve-stale-data', true], ['dir', false]]);
    expect(m.unknown).toEqual([{ name: 'appendonly-fsync', file: 'test.conf', line: 6 }]);
  });

  it('reads cluster-enabled no as a standalone node, and points a sentinel.conf given as redis.conf at --sentinel', () => {
    expect(conf('appendonly yes').kind).toBe('standalone');
    const m = conf('cluster-enabled no\nreplicaof 10.0.0.1 6379\ncluster-node-timeout 5000\nslave-priority 0');
    expect(m).toMatchObject({ kind: 'standalone', replicaof: { host: '10.0.0.1', port: 6379, line: 2 }, options: { replicaPriority: 0 } });
    expect(m.options.nodeTimeout).toBeUndefined(); // a Cluster option does nothing on a standalone node
    expect(m.ignored.map((i) => i.name)).toContain('cluster-node-timeout');
    expect(() => conf('replicaof 10.0.0.1')).toThrow(/test\.conf:1: replicaof: wrong number of arguments/);
    expect(() => conf('replicaof 10.0.0.1 70000')).toThrow(/Invalid master port/);
    expect(() => conf('replicaof 10.0.0.1 6379\ncluster-enabled yes')).toThrow(/test\.conf:1: replicaof: .*not allowed in cluster mode/);
    expect(() => conf('port 26379\nsentinel monitor mymaster 127.0.0.1 6379 2', 'sentinel.conf')).toThrow(NotModelledError);
    expect(() => conf('port 26379\nsentinel monitor mymaster 127.0.0.1 6379 2', 'sentinel.conf')).toThrow(/sentinel\.conf:2: .*--sentinel/);
  });

  it('raises a tiny repl-backlog-size to Redis\'s 16 kB minimum, with a note', () => {
    const m = cluster('repl-backlog-size 1k');
    expect(m.options.replBacklogSize).toBe(16384);
    expect(m.notes[0]).toMatch(/16384/);
  });
});

describe('--topology', () => {
  it('reads MxR and the trace keys', () => {
    expect(parseTopology('3x1')).toEqual({ masters: 3, replicasPerMaster: 1 });
    expect(parseTopology('5X2')).toEqual({ masters: 5, replicasPerMaster: 2 });
    expect(parseTopology('masters=5,replicasPerMaster=2')).toEqual({ masters: 5, replicasPerMaster: 2 });
    expect(parseTopology('{"masters":4}')).toEqual({ masters: 4, replicasPerMaster: 1 });
  });
  it('rejects what the model cannot run, naming the field', () => {
    expect(() => parseTopology('2x1')).toThrow(/masters must be an integer from 3 to 200, got 2/);
    expect(() => parseTopology('3x0')).toThrow(/replicasPerMaster .* got 0 \(without replicas/);
    expect(() => parseTopology('three')).toThrow(TopologyError);
    expect(() => parseTopology('masters=3,replicas=1')).toThrow(/unknown key replicas/);
  });
  it('reads a standalone deployment: 1x<replicas>[+<sentinels>] or replicas=,sentinels=', () => {
    expect(parseStandaloneTopology('1x2+3', true)).toEqual({ replicas: 2, sentinels: 3 });
    expect(parseStandaloneTopology('1x1', true)).toEqual({ replicas: 1, sentinels: 3 });
    expect(parseStandaloneTopology('replicas=3,sentinels=5', true)).toEqual({ replicas: 3, sentinels: 5 });
    expect(parseStandaloneTopology('1x3', false)).toEqual({ replicas: 3, sentinels: 0 });
    expect(() => parseStandaloneTopology('3x1', true)).toThrow(/one master/);
    expect(() => parseStandaloneTopology('1x2+3', false)).toThrow(/sentinels.*--sentinel/);
    expect(() => parseStandaloneTopology('1x0', false)).toThrow(/replicas must be an integer from 1/);
    expect(() => parseStandaloneTopology('1x2+1', true)).toThrow(/sentinels must be an integer from 2/);
  });
});

// ---------- verdicts on the example plans, against the runbook scenarios ----------

function example(name: string, topology = { masters: 3, replicasPerMaster: 1 }): PinnedConfig {
  const file = join(ROOT, 'examples', `${name}.conf`);
  const { options } = mapDirectives(readConf(file).directives, file);
  return {
    ...options, ...topology, nodeTimeout: options.nodeTimeout ?? DEFAULTS.nodeTimeout, appendonly: options.appendonly ?? false, save: options.save ?? DEFAULTS.save,
    requireFullCoverage: options.requireFullCoverage ?? true, minReplicasToWrite: options.minReplicasToWrite ?? 0, replicaValidityFactor: options.replicaValidityFactor ?? 10,
  };
}

const verdict = (name: string, c: AnyPinnedConfig, runs = 8): PropertyVerdict => checkOne(byName(name), c, { runs, seed: 1, shrinkRuns: 40 });
const NT = 15_000;

describe('verdicts on the example plans', () => {
  it('every example is a config the mapping reads without unknown directives (a Cluster one unless named sentinel*)', () => {
    for (const f of readdirSync(join(ROOT, 'examples')).filter((x) => x.endsWith('.conf'))) {
      const file = join(ROOT, 'examples', f);
      if (f === 'sentinel.conf') {
        expect(mapSentinel(readConf(file).directives, file).unknown, f).toEqual([]);
        continue;
      }
      const m = mapDirectives(readConf(file).directives, file);
      expect(m.unknown, f).toEqual([]);
      expect(m.kind, f).toBe(f.startsWith('sentinel') ? 'standalone' : 'cluster');
    }
  });

  it('plan 3 (no persistence): the empty-master restart wipes the replica, as scenario 1B-early-restart predicts', () => {
    const c = example('plan3-pure-cache');
    const v = verdict('empty-master-restart-wipes-replicas', c, 20);
    expect(v.verdict).toBe('can-happen');
    // The shrunk witness replays on the user's configuration and still shows the wipe.
    expect(v.trace!.config).toMatchObject({ appendonly: false, save: [], requireFullCoverage: false });
    expect(byName(v.property).check(runTrace(v.trace!))).not.toBeNull();
    expect(verdict('kill-9-with-aof-loses-nothing', c).verdict).toBe('not-applicable');
    const [rb] = checkFamilies(c, { runs: 2, seed: 1, label: 'plan3', only: ['rb-kill'] });
    // Scenario 1B-early-restart-wipes-replica: B1 wiped by B, every acked write of B's slots lost.
    const scen = runTrace(JSON.parse(readFileSync(join(ROOT, 'scenarios/1B-early-restart-wipes-replica.json'), 'utf8')));
    expect(scen.state.timeline.some((e) => e.event === 'wiped' && e.node === 'B1')).toBe(true);
    expect(rb.cell.agg.emptiedRuns).toBe(2);
    expect(rb.cell.agg.wipedNodes).toEqual(['B1']);
    expect(rb.cell.agg.preFaultLoss.min).toBe(1);
    expect(rb.cell.agg.lost.min).toBeGreaterThan(100);
  });

  it('a guarantee that fails on the configuration is reported VIOLATED with its shrunk counterexample', () => {
    // kill-9-with-aof-loses-nothing's check, scoped (wrongly) to no persistence: it must fail there.
    const p = { ...byName('kill-9-with-aof-loses-nothing'), arbitrary: byName('empty-master-restart-wipes-replicas').arbitrary };
    const v = checkOne(p, example('plan3-pure-cache'), { runs: 20, seed: 1, shrinkRuns: 40 });
    expect(v.verdict).toBe('violated');
    expect(v.message).toMatch(/acked writes lost/);
    expect(p.check(runTrace(v.trace!))).not.toBeNull();
  });

  it('AOF always + min-replicas: kill -9 and power loss before failover lose nothing', () => {
    const c = example('fsync-always-min-replicas');
    expect(c).toMatchObject({ appendfsync: 'always', minReplicasToWrite: 1 });
    expect(verdict('kill-9-with-aof-loses-nothing', c).verdict).toBe('holds');
    expect(verdict('power-loss-with-fsync-always-loses-nothing', c).verdict).toBe('holds');
    expect(verdict('empty-master-restart-wipes-replicas', c).verdict).toBe('not-applicable');
    const [rb] = checkFamilies(c, { runs: 2, seed: 1, label: 'always', only: ['rb-power'] });
    expect(rb.cell.agg.lost.max).toBe(0);
  });

  it('plan 2 (AOF everysec): one master dies — failover after FAIL, the replication window lost, as scenario 1A predicts', () => {
    const c = example('plan2-availability-first');
    const [s1, rbPower] = checkFamilies(c, { runs: 2, seed: 1, label: 'plan2', only: ['s1-kill', 'rb-power'] });
    // scenarios/1A-master-dies-aof-everysec.json: promoted after NT, before 1.5·NT + 3 s; at most one write lost.
    expect(s1.cell.agg.failoverMs.min).toBeGreaterThan(NT);
    expect(s1.cell.agg.failoverMs.max).toBeLessThan(1.5 * NT + 3000);
    expect(s1.cell.agg.lost.max).toBeLessThanOrEqual(1);
    expect(s1.cell.agg.worstRecovery).toBe('auto');
    // scenarios/own-aof-power-everysec.json: a power loss with everysec loses the last second or so (≤ ~2 s).
    expect(rbPower.cell.agg.lost.max).toBeGreaterThan(0);
    expect(rbPower.cell.agg.lostWindowMs.max).toBeLessThanOrEqual(2200);
  });
});

// ---------- Sentinel ----------

const sentinelConf = (text: string) => mapSentinel(parseConf(text, 'sentinel.conf').directives, 'sentinel.conf');
const sentinelError = (text: string): string => {
  try {
    sentinelConf(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
};

describe('sentinel.conf (sentinelHandleConfiguration)', () => {
  it('maps monitor, down-after, failover-timeout, parallel-syncs, master-reboot-down-after-period; lists the rest with a reason', () => {
    const s = sentinelConf('port 26379\nSENTINEL monitor mymaster 10.0.0.1 6379 2\nsentinel down-after-milliseconds mymaster 5000\nsentinel failover-timeout mymaster 60000\n'
      + 'sentinel parallel-syncs mymaster 2\nsentinel master-reboot-down-after-period mymaster 0\nsentinel auth-pass mymaster secret\nsentinel known-replica mymaster 10.0.0.2 6379');
    expect(s.monitor).toMatchObject({ name: 'mymaster', host: '10.0.0.1', port: 6379, line: 2 });
    expect(s.options).toEqual({ quorum: 2, downAfterMilliseconds: 5000, failoverTimeout: 60000, parallelSyncs: 2, masterRebootDownAfterPeriod: 0 });
    expect(s.ignored.map((i) => [i.name, !!i.why])).toEqual([['port', false], ['sentinel auth-pass', true], ['sentinel known-replica', true]]);
  });

  it('refuses what Sentinel refuses, naming file and line', () => {
    expect(sentinelError('sentinel monitor m h 6379 0')).toMatch(/^sentinel\.conf:1: sentinel monitor: Quorum must be 1 or greater/);
    expect(sentinelError('sentinel monitor m h 6379')).toMatch(/^sentinel\.conf:1: .*wrong number of arguments: expected 4/);
    expect(sentinelError('sentinel monitor m h 6379 two')).toMatch(/quorum must be an integer, got "two"/);
    expect(sentinelError('sentinel monitor m h 6379 2\nsentinel down-after-milliseconds m 30s')).toMatch(/^sentinel\.conf:2: .*must be an integer, got "30s" \(Sentinel's atoi would read it as 30\)/);
    expect(sentinelError('sentinel down-after-milliseconds m 3000\nsentinel monitor m h 6379 2')).toMatch(/:1: .*No such master with specified name "m"/);
    expect(sentinelError('sentinel monitor m h 6379 2\nsentinel failover-timeout m 0')).toMatch(/:2: .*negative or zero time parameter/);
    expect(sentinelError('sentinel monitor m h 6379 2\nsentinel frobnicate x')).toMatch(/:2: .*Unrecognized sentinel configuration statement/);
    expect(sentinelError('port 26379')).toMatch(/no "sentinel monitor/);
  });
});

function sentinelExample(noMinReplicas = false): AnyPinnedConfig {
  const file = join(ROOT, 'examples/sentinel-redis.conf');
  const ds = readConf(file).directives.filter((d) => !(noMinReplicas && d.name === 'min-slaves-to-write'));
  const s = join(ROOT, 'examples/sentinel.conf');
  return standaloneConfig(mapDirectives(ds, file), parseStandaloneTopology('1x2+3', true), mapSentinel(readConf(s).directives, s));
}

describe('verdicts on the Sentinel example (runbook 003)', () => {
  it('reads the example plan: quorum 2 of 3, down-after 30 s, AOF everysec, min-replicas 1', () => {
    expect(sentinelExample()).toMatchObject({ topology: 'sentinel', replicas: 2, sentinels: 3, quorum: 2, downAfterMilliseconds: 30000, appendonly: true, appendfsync: 'everysec', minReplicasToWrite: 1, minReplicasMaxLag: 10 });
  });

  it('at most one leader per epoch holds; min-replicas bounds the old master\'s window; Cluster claims are n/a', () => {
    const c = sentinelExample();
    expect(verdict('at-most-one-sentinel-leader-per-epoch', c, 4).verdict).toBe('holds');
    expect(verdict('sentinel-min-replicas-bounds-the-old-masters-window', c, 4).verdict).toBe('holds');
    const na = verdict('kill-9-with-aof-loses-nothing', c);
    expect(na).toMatchObject({ verdict: 'not-applicable', otherKind: true });
  });

  it('the partitioned old master: its acked writes are lost (without min-replicas: the hazard; with it: up to max-lag of them)', () => {
    const v = verdict('sentinel-partitioned-old-master-loses-acked-writes', sentinelExample(true), 10);
    expect(v.verdict).toBe('can-happen');
    expect(v.trace!.config).toMatchObject({ topology: 'sentinel', quorum: 2, downAfterMilliseconds: 30000, minReplicasToWrite: 0 });
    const p = byName(v.property);
    expect(p.check(runTrace(v.trace!, p.watch))).not.toBeNull(); // the shrunk witness replays
    const [iso] = checkStandaloneFamilies(sentinelExample() as never, { runs: 1, seed: 1, label: 'sentinel', only: ['sn-isolated'] });
    // M keeps acking until min-replicas-max-lag (10 s) passes without a replica's ACK, then refuses.
    expect(iso.cell.agg.lost.max).toBeGreaterThan(0);
    expect(iso.cell.agg.lostAfterMs).toBeGreaterThan(0);
    expect(iso.cell.agg.lostAfterMs).toBeLessThanOrEqual(12_000);
    expect(iso.worst.trace.config).toMatchObject({ topology: 'sentinel', downAfterMilliseconds: 30000 });
  });
});

describe('npm run check (command line)', () => {
  // Each test spawns tsx (a few seconds on a loaded 2-core machine): 30 s, as the conformance CLI tests.
  const run = (args: string[], cwd: string) => spawnSync(process.execPath, ['--import', pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/index.mjs')).href, join(ROOT, 'cli/check.ts'), ...args], { cwd, encoding: 'utf8' });

  it('prints the table, writes the Markdown and the traces, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const r = run(['--conf', join(ROOT, 'examples/plan3-pure-cache.conf'), '--runs', '6', '--family-runs', '1', '--only', 'rb-kill', '--only', 'model-never-throws'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/model-never-throws\s+always\s+holds\s+6/);
    expect(r.stdout).toMatch(/rb-kill .*B1 emptied by a full sync/);
    expect(r.stdout).toMatch(/warning: not modelled, could change the verdict: maxmemory/);
    const md = readFileSync(join(dir, 'check-report.md'), 'utf8');
    expect(md).toMatch(/\| rb-kill \| \*\*\d+/);
    expect(md).not.toMatch(/\d{4}-\d\d-\d\dT/); // no wall time
    expect(readdirSync(join(dir, 'check-report'))).toEqual(['rb-kill.json']);
  }, 30_000);

  it('--sentinel: the Sentinel table and families', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const r = run(['--conf', join(ROOT, 'examples/sentinel-redis.conf'), '--sentinel', join(ROOT, 'examples/sentinel.conf'), '--runs', '3', '--family-runs', '1', '--only', 'sn-kill', '--only', 'at-most-one-sentinel-leader-per-epoch'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/one master with 2 replicas under 3 Sentinels/);
    expect(r.stdout).toMatch(/at-most-one-sentinel-leader-per-epoch\s+always\s+holds\s+3/);
    expect(r.stdout).toMatch(/sn-kill .*auto/);
    expect(readFileSync(join(dir, 'check-report.md'), 'utf8')).toMatch(/\| sentinel monitor \| mymaster 10\.0\.0\.1 6379 2 \|/);
  }, 30_000);

  it('a standalone redis.conf without --sentinel: plain replication, no families; --sentinel with a Cluster file: exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    const p = run(['--conf', join(ROOT, 'examples/sentinel-redis.conf'), '--runs', '2', '--only', 'replication-without-failover-keeps-acked-writes'], dir);
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/replication-without-failover-keeps-acked-writes\s+always\s+holds/);
    expect(p.stdout).toMatch(/no fault family for plain replication/);
    const bad = run(['--conf', join(ROOT, 'examples/plan2-availability-first.conf'), '--sentinel', join(ROOT, 'examples/sentinel.conf')], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/cluster-enabled yes/);
  }, 30_000);

  it('bad input: exit 2 with the file, line and what was expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-'));
    writeFileSync(join(dir, 'bad.conf'), 'cluster-enabled yes\nappendfsync sometimes\n');
    const bad = run(['--conf', 'bad.conf'], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: bad\.conf:2: appendfsync: argument must be one of always, everysec, no, got "sometimes"/);
  }, 30_000);
});
