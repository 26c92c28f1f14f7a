// Starts a real standalone deployment for a `sentinel` or `replication` trace: data nodes M, R1…Rn as
// redis-server (cluster-enabled no) on 127.0.<slot+1>.<10+i>, wired by `replicaof` lines in their own
// writable redis.conf (CONFIG REWRITE works), and for `sentinel` the Sentinels S1…Sk as
// `redis-server sentinel.conf --sentinel` on 127.0.<slot+1>.<50+j>, each with bind-source-addr so that
// per-address iptables rules cut it like any node. Process handling, ports, partitions and teardown are
// the Cluster's (cluster.ts): only the configuration and the creation differ.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config, NodeConfig } from '../model/kernel/config.ts';
import { sentinelNames, type Trace } from '../model/kernel/trace.ts';
import { SENTINEL_SETUP_MS } from '../model/sentinel/setup.ts';
import { Cluster, parseInfo, redisConfLines, sleep, type RealNode } from './cluster.ts';
import { freePortBlock } from './ports.ts';
import { RespError, type Reply } from './resp.ts';
import { recordPorts } from './runstate.ts';

/** The name every Sentinel monitors the master under. */
export const MASTER_NAME = 'mymaster';

/** A data node's options as redis.conf lines: the Cluster's lines without cluster-*, plus replica-priority. */
export function standaloneConfLines(c: Partial<Config>): string[] {
  const out = redisConfLines(c).filter((l) => !l.startsWith('cluster-'));
  if (c.replicaPriority !== undefined) out.push(`replica-priority ${c.replicaPriority}`);
  return out;
}

/** CONFIG SET argument pairs for a runtime `config` event on a standalone node. */
export function standaloneConfigSetArgs(c: Partial<Config>): string[] {
  return standaloneConfLines(c).flatMap((line) => {
    const i = line.indexOf(' ');
    const v = line.slice(i + 1);
    return [line.slice(0, i), v === '""' ? '' : v];
  });
}

/** The option a redis.conf line sets (`replicaof` and its old name `slaveof` are one option). */
const optionOf = (line: string) => { const k = line.trim().split(/\s+/)[0]?.toLowerCase() ?? ''; return k === 'slaveof' ? 'replicaof' : k; };

/**
 * A redis.conf's text with `lines` replacing every line that sets the same options (`save` may take
 * several lines; all of them go). A replicaof of null removes the option.
 */
export function editConfText(text: string, lines: string[], removeOptions: string[] = []): string {
  const gone = new Set([...lines.map(optionOf), ...removeOptions]);
  const kept = text.split('\n').filter((l) => l.trim() === '' || l.trim().startsWith('#') || !gone.has(optionOf(l)));
  while (kept.length && kept[kept.length - 1].trim() === '') kept.pop();
  return `${[...kept, ...lines].join('\n')}\n`;
}

/** Each data node's master at creation: `replicaof` for replication (unlisted replicas follow M), M for sentinel. */
export function initialMasters(t: Trace, replicas: string[]): Record<string, string> {
  return Object.fromEntries(replicas.map((r) => [r, t.config.topology === 'replication' ? t.config.replicaof[r] ?? 'M' : 'M']));
}

export class Deployment extends Cluster {
  readonly sentinels: string[];
  /** How much later than SENTINEL_SETUP_MS after their spawn the Sentinels were settled (0: on time). */
  sentinelSetupLate = 0;

  constructor(trace: Trace, slot: number) {
    super(trace, slot);
    this.sentinels = sentinelNames(trace.config);
    this.sentinels.forEach((name, j) => {
      const dir = join(this.dir, name);
      mkdirSync(dir);
      this.nodes[name] = { name, ip: `127.0.${slot + 1}.${50 + j}`, port: 0, dir, conf: join(dir, 'sentinel.conf'), log: join(dir, 'sentinel.log'), id: '', proc: null, state: 'down', starts: 0 };
    });
  }

  isSentinel(name: string): boolean { return this.sentinels.includes(name); }

  override dataNodes(): RealNode[] { return this.all().filter((n) => !this.isSentinel(n.name)); }

  protected override spawnArgs(n: RealNode): string[] { return this.isSentinel(n.name) ? [n.conf, '--sentinel'] : [n.conf]; }

  /** The node listening on ip:port (data node or Sentinel), or null. */
  nameAt(ip: string, port: number | string): string | null {
    return this.all().find((n) => n.ip === ip && n.port === Number(port))?.name ?? null;
  }

  private common(n: RealNode): string[] {
    return [`port ${n.port}`, `bind ${n.ip}`, `bind-source-addr ${n.ip}`, 'protected-mode no', 'daemonize no', `dir ${n.dir}`, `logfile ${n.log}`];
  }

  /** Data nodes' redis.conf (the initial full syncs run with no diskless delay: restored in create) and sentinel.conf. */
  protected override async allocate(): Promise<void> {
    const base = await freePortBlock(this.all().map((n) => n.ip));
    this.all().forEach((n, i) => { n.port = base + i; });
    recordPorts(this.all().map((n) => `${n.ip}:${n.port}`));
    const masters = initialMasters(this.trace, this.replicas);
    for (const n of this.dataNodes()) {
      const m = masters[n.name] ? this.nodes[masters[n.name]] : null;
      writeFileSync(n.conf, [
        ...this.common(n), 'cluster-enabled no', ...standaloneConfLines(this.trace.config), 'repl-diskless-sync-delay 0',
        ...(m ? [`replicaof ${m.ip} ${m.port}`] : []), '',
      ].join('\n'));
    }
    const c = this.trace.config;
    const M = this.nodes.M;
    for (const s of this.sentinels.map((x) => this.nodes[x])) {
      writeFileSync(s.conf, [
        ...this.common(s),
        `sentinel monitor ${MASTER_NAME} ${M.ip} ${M.port} ${c.quorum}`,
        `sentinel down-after-milliseconds ${MASTER_NAME} ${c.downAfterMilliseconds}`,
        `sentinel failover-timeout ${MASTER_NAME} ${c.failoverTimeout}`,
        `sentinel parallel-syncs ${MASTER_NAME} ${c.parallelSyncs}`,
        `sentinel master-reboot-down-after-period ${MASTER_NAME} ${c.masterRebootDownAfterPeriod}`, '',
      ].join('\n'));
    }
  }

  /** Rewrites a node's redis.conf on disk (temp file + rename): an `edit-config` event, applied at its next start. */
  editConfig(name: string, set: Partial<NodeConfig> & { replicaof?: string | null }): string {
    const n = this.nodes[name];
    const { replicaof, ...opts } = set;
    const lines = standaloneConfLines(opts);
    const remove: string[] = [];
    if (replicaof === null) remove.push('replicaof');
    else if (replicaof !== undefined) lines.push(`replicaof ${this.nodes[replicaof].ip} ${this.nodes[replicaof].port}`);
    const text = editConfText(readFileSync(n.conf, 'utf8'), lines, remove);
    const tmp = `${n.conf}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, n.conf);
    return [...lines, ...remove.map((r) => `-${r}`)].join('; ');
  }

  /** INFO replication of a data node, as fields. */
  async replication(name: string): Promise<Record<string, string>> { return this.info(name, 'replication'); }

  /** `SENTINEL <args…>` on a Sentinel, with its reply as a field map when it is a flat list. */
  async sentinelCmd(name: string, args: string[], timeoutMs = 2000): Promise<Reply> {
    return this.cmd(name, ['SENTINEL', ...args], timeoutMs);
  }

  /** Start every data node, wait for each replica to be in sync, then start the Sentinels and wait until each knows everything. */
  override async create(): Promise<void> {
    await this.allocate();
    const data = this.dataNodes();
    for (const n of data) this.spawnNode(n.name);
    for (const n of data) await this.awaitNode(n);
    const masters = initialMasters(this.trace, this.replicas);
    await this.waitUntil('every replica in sync with its master', async () => {
      for (const r of this.replicas) {
        const ri = await this.replication(r);
        const m = this.nodes[masters[r]];
        if (ri.role !== 'slave' || ri.master_host !== m.ip || Number(ri.master_port) !== m.port) return false;
        if (ri.master_link_status !== 'up' || ri.master_sync_in_progress !== '0') return false;
      }
      return true;
    }, 60000);
    await this.waitUntil('every master to count its replicas good (min_slaves_good_slaves)', () => this.replicasCountedGood(masters), 60000);
    // The trace's own diskless delay, in memory and in the file (nothing has rewritten the file yet).
    const delay = String(this.trace.config.replDisklessSyncDelay);
    for (const n of data) {
      await this.cmdOk(n.name, ['CONFIG', 'SET', 'repl-diskless-sync-delay', delay]);
      writeFileSync(n.conf, editConfText(readFileSync(n.conf, 'utf8'), [`repl-diskless-sync-delay ${delay}`]));
    }
    if (!this.sentinels.length) return;
    const spawned = performance.now();
    for (const s of this.sentinels) this.spawnNode(s);
    for (const s of this.sentinels) await this.awaitNode(this.nodes[s]);
    for (const s of this.sentinels) this.nodes[s].id = String(await this.cmdOk(s, ['SENTINEL', 'MYID']));
    const k = this.sentinels.length;
    await this.waitUntil('every Sentinel to know the master, every replica and every other Sentinel', async () => {
      for (const s of this.sentinels) {
        const m = fieldMap(await this.cmdOk(s, ['SENTINEL', 'MASTER', MASTER_NAME]));
        if (m.flags !== 'master' || Number(m['num-slaves']) !== this.replicas.length || Number(m['num-other-sentinels']) !== k - 1) return false;
        const reps = await this.cmdOk(s, ['SENTINEL', 'REPLICAS', MASTER_NAME]);
        if (!Array.isArray(reps) || reps.some((r) => fieldMap(r).flags !== 'slave')) return false;
      }
      return true;
    }, 60000);
    // The trace starts SENTINEL_SETUP_MS after the spawn, as the model's Sentinels (model/sentinel/setup.ts):
    // their INFO, PING and hello phases and their links' age at T0 are the same on both sides.
    const left = spawned + SENTINEL_SETUP_MS - performance.now();
    if (left > 0) await sleep(left);
    else this.sentinelSetupLate = Math.round(-left);
  }

  /** `INFO <section>` of a Sentinel or data node, null if it does not answer. */
  async infoOrNull(name: string, section: string, timeoutMs = 1000): Promise<Record<string, string> | null> {
    const r = await this.cmd(name, ['INFO', section], timeoutMs).catch(() => null);
    return typeof r === 'string' ? parseInfo(r) : null;
  }
}

/** A RESP flat list [k1, v1, k2, v2, …] as an object (SENTINEL MASTER, SENTINEL REPLICAS entries). */
export function fieldMap(r: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(r) || r instanceof RespError) return out;
  for (let i = 0; i + 1 < r.length; i += 2) out[String(r[i])] = String(r[i + 1]);
  return out;
}
