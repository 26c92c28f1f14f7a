// Starts a real Redis 7.0 cluster for a trace's topology: one redis-server per node on its own loopback
// address (127.0.<slot+1>.<10+i>) and a port block probed free for this run, each with its own
// redis.conf and data dir under the run's temp dir, created the way `redis-cli --cluster create
// --cluster-replicas N` does. Each redis-server is spawned detached (its own process group) and recorded
// in the run's state file (runstate.ts); only those PIDs are ever signalled.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, mkdirSync, openSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../model/kernel/config.ts';
import { initialSlots } from '../model/cluster/slots.ts';
import { nodeNames, type Trace } from '../model/kernel/trace.ts';
import { shardOfName } from '../model/cluster/names.ts';
import { CHAIN_PREFIX, deleteChain, setDrops } from './netfilter.ts';
import { freePortBlock } from './ports.ts';
import { killTree, sweepDir } from './proc.ts';
import { Conn, RespError, type Reply } from './resp.ts';
import { currentRun, endRunIfIdle, forgetChain, forgetPorts, forgetProcs, onTeardown, recordChain, recordPorts, recordProc } from './runstate.ts';

export { partitionsSupported } from './netfilter.ts';
export { cleanupAll } from './runstate.ts';

export const ADMIN_ADDR = '127.0.0.1';
/** Bus port = client port + this (Redis's CLUSTER_PORT_INCR). */
export const BUS_PORT_INCR = 10000;

export interface RealNode {
  name: string;
  ip: string;
  port: number;
  dir: string;
  conf: string;
  log: string;
  id: string;
  proc: ChildProcess | null;
  state: 'up' | 'down' | 'paused';
  /** Each spawn of the process, for log attribution. */
  starts: number;
}

const yn = (b: boolean) => (b ? 'yes' : 'no');

/** The trace's config as redis.conf lines (names as in redis.conf, units as Redis's). */
export function redisConfLines(c: Partial<Config>): string[] {
  const out: string[] = [];
  const put = (k: string, v: string | number | undefined) => { if (v !== undefined) out.push(`${k} ${v}`); };
  put('cluster-node-timeout', c.nodeTimeout);
  if (c.appendonly !== undefined) put('appendonly', yn(c.appendonly));
  put('appendfsync', c.appendfsync);
  if (c.save !== undefined) out.push(c.save.length ? `save ${c.save.map(([s, n]) => `${s} ${n}`).join(' ')}` : 'save ""');
  if (c.requireFullCoverage !== undefined) put('cluster-require-full-coverage', yn(c.requireFullCoverage));
  if (c.allowReadsWhenDown !== undefined) put('cluster-allow-reads-when-down', yn(c.allowReadsWhenDown));
  put('cluster-replica-validity-factor', c.replicaValidityFactor);
  if (c.replicaNoFailover !== undefined) put('cluster-replica-no-failover', yn(c.replicaNoFailover));
  if (c.allowReplicaMigration !== undefined) put('cluster-allow-replica-migration', yn(c.allowReplicaMigration));
  put('cluster-migration-barrier', c.migrationBarrier);
  put('min-replicas-to-write', c.minReplicasToWrite);
  put('min-replicas-max-lag', c.minReplicasMaxLag);
  put('repl-backlog-size', c.replBacklogSize);
  if (c.replDisklessSync !== undefined) put('repl-diskless-sync', yn(c.replDisklessSync));
  put('repl-diskless-sync-delay', c.replDisklessSyncDelay);
  put('repl-diskless-load', c.replDisklessLoad);
  if (c.rdbDelSyncFiles !== undefined) put('rdb-del-sync-files', yn(c.rdbDelSyncFiles));
  put('repl-ping-replica-period', c.replPingReplicaPeriod);
  put('repl-timeout', c.replTimeout);
  return out;
}

/** CONFIG SET argument pairs for a runtime `config` event. */
export function configSetArgs(c: Partial<Config>): string[] {
  const args: string[] = [];
  for (const line of redisConfLines(c)) {
    const i = line.indexOf(' ');
    const k = line.slice(0, i);
    let v = line.slice(i + 1);
    if (v === '""') v = '';
    args.push(k, v);
  }
  return args;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function parseInfo(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of s.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export class Cluster {
  readonly dir: string;
  readonly nodes: Record<string, RealNode> = {};
  readonly masters: string[];
  readonly replicas: string[];
  readonly clientAddr: string;
  /** This cluster's iptables chain, named after the run so a later run can tell whose it is. */
  readonly chain: string;
  private admin = new Map<string, Conn>();
  protected destroyed = false;
  private unregister: () => void;
  private pids: number[] = [];

  /** `slot` picks the loopback subnet 127.0.<slot+1>.x: clusters alive at once use different slots. */
  constructor(readonly trace: Trace, readonly slot: number) {
    const run = currentRun();
    this.dir = mkdtempSync(join(run.dir, `${slot}-`));
    this.chain = `${CHAIN_PREFIX}${run.runId}-${slot}`;
    this.unregister = onTeardown(() => this.destroySync());
    const { masters, replicas } = nodeNames(trace.config);
    this.masters = masters;
    this.replicas = replicas;
    this.clientAddr = `127.0.${slot + 1}.200`;
    [...masters, ...replicas].forEach((name, i) => {
      const dir = join(this.dir, name);
      mkdirSync(dir);
      const ip = `127.0.${slot + 1}.${10 + i}`;
      this.nodes[name] = { name, ip, port: 0, dir, conf: join(dir, 'redis.conf'), log: join(dir, 'redis.log'), id: '', proc: null, state: 'down', starts: 0 };
    });
  }

  all(): RealNode[] { return Object.values(this.nodes); }

  /** The nodes that hold data (a subclass adds processes that do not: Sentinels). */
  dataNodes(): RealNode[] { return this.all(); }

  /** redis-server's arguments for a node (a subclass runs some with --sentinel). */
  protected spawnArgs(n: RealNode): string[] { return [n.conf]; }

  /** Ports probed free now (recorded in the run's state), then every node's redis.conf. */
  protected async allocate(): Promise<void> {
    const base = await freePortBlock(this.all().map((n) => n.ip));
    this.all().forEach((n, i) => { n.port = base + i; });
    recordPorts(this.all().map((n) => `${n.ip}:${n.port}`));
    for (const n of this.all()) {
      writeFileSync(n.conf, [
        `port ${n.port}`, `bind ${n.ip}`, `bind-source-addr ${n.ip}`, 'protected-mode no', 'daemonize no',
        `dir ${n.dir}`, `logfile ${n.log}`, 'cluster-enabled yes', 'cluster-config-file nodes.conf',
        ...redisConfLines(this.trace.config), '',
      ].join('\n'));
    }
  }

  spawnNode(name: string): void {
    const n = this.nodes[name];
    if (n.state !== 'down' || this.destroyed) return;
    // detached: its own process group, so a terminal's Ctrl-C reaches the harness only, which ends it.
    // stderr kept: a config error is printed there before the logfile is opened.
    const err = openSync(join(n.dir, 'stderr.log'), 'a');
    const p = spawn('redis-server', this.spawnArgs(n), { stdio: ['ignore', 'ignore', err], detached: true });
    closeSync(err);
    if (p.pid !== undefined) { this.pids.push(p.pid); recordProc(p.pid, `${name}@${n.ip}:${n.port}`); }
    n.proc = p;
    n.state = 'up';
    n.starts++;
    this.dropAdmin(name);
    p.on('error', () => { /* spawn failed (ENOENT…): 'exit' follows or the node never answers */ });
    p.on('exit', () => { if (n.proc === p) { n.state = 'down'; n.proc = null; this.dropAdmin(name); } });
  }

  /** Waits for a fresh node to answer, and checks it is the process we spawned, not one left on its port. */
  protected async awaitNode(n: RealNode): Promise<void> {
    const end = Date.now() + 10000;
    for (;;) {
      if (!n.proc) throw new Error(`${n.name}: redis-server on ${n.ip}:${n.port} exited at start: ${this.logTail(n.name)}`);
      const pong = await this.cmd(n.name, ['PING'], 500).catch(() => null);
      if (pong === 'PONG') break;
      if (Date.now() > end) throw new Error(`${n.name}: redis-server on ${n.ip}:${n.port} did not answer PING within 10 s: ${this.logTail(n.name)}`);
      await sleep(100);
    }
    const pid = Number((await this.info(n.name, 'server')).process_id);
    if (pid !== n.proc?.pid) throw new Error(`${n.name}: ${n.ip}:${n.port} is served by PID ${pid}, not by the redis-server we spawned (PID ${n.proc?.pid})`);
  }

  protected logTail(name: string): string {
    const errFile = join(this.nodes[name].dir, 'stderr.log');
    const text = `${existsSync(errFile) ? readFileSync(errFile, 'utf8') : ''}\n${this.logOf(name)}`.trim();
    return text.split('\n').filter((l) => l.trim()).slice(-3).join(' / ') || '(empty log)';
  }

  /** kill -9 of a PID we spawned. */
  kill(name: string): void {
    const n = this.nodes[name];
    if (!n.proc || n.proc.pid === undefined) return;
    try { process.kill(n.proc.pid, 'SIGKILL'); } catch { /* already gone */ }
    n.state = 'down';
    n.proc = null;
    this.dropAdmin(name);
  }

  signal(name: string, sig: 'SIGSTOP' | 'SIGCONT'): void {
    const n = this.nodes[name];
    if (!n.proc || n.proc.pid === undefined) return;
    process.kill(n.proc.pid, sig);
    n.state = sig === 'SIGSTOP' ? 'paused' : 'up';
  }

  private dropAdmin(name: string): void {
    this.admin.get(name)?.close();
    this.admin.delete(name);
  }

  /** A command on the admin connection (source 127.0.0.1, never partitioned). */
  async cmd(name: string, args: Array<string | number>, timeoutMs = 3000): Promise<Reply> {
    const n = this.nodes[name];
    let c = this.admin.get(name);
    if (!c || c.closed) { c = new Conn(n.ip, n.port, ADMIN_ADDR, timeoutMs); this.admin.set(name, c); }
    try {
      return await c.command(args, timeoutMs);
    } catch (e) {
      this.dropAdmin(name);
      throw e;
    }
  }

  async cmdOk(name: string, args: Array<string | number>): Promise<Reply> {
    const r = await this.cmd(name, args);
    if (r instanceof RespError) throw new Error(`${name}: ${args.join(' ')}: ${r.message}`);
    return r;
  }

  async info(name: string, section: string): Promise<Record<string, string>> {
    return parseInfo(String(await this.cmdOk(name, ['INFO', section])));
  }

  async waitUntil(what: string, f: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
    const end = Date.now() + timeoutMs;
    let last: unknown = null;
    while (Date.now() < end) {
      try { if (await f()) return; } catch (e) { last = e; }
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
  }

  /** Start every node and build the cluster like redis-cli --cluster create; wait until ok and in sync. */
  async create(): Promise<void> {
    await this.allocate();
    for (const n of this.all()) this.spawnNode(n.name);
    for (const n of this.all()) await this.awaitNode(n);
    for (const n of this.all()) n.id = String(await this.cmdOk(n.name, ['CLUSTER', 'MYID']));
    const slots = initialSlots(this.masters.length);
    for (const [i, m] of this.masters.entries()) {
      for (const [a, b] of slots[i]) await this.cmdOk(m, ['CLUSTER', 'ADDSLOTSRANGE', a, b]);
    }
    // redis-cli: "Assign a different config epoch to each node" — every node, masters first, 1..N.
    let epoch = 1;
    for (const n of this.all()) await this.cmdOk(n.name, ['CLUSTER', 'SET-CONFIG-EPOCH', epoch++]);
    const first = this.all()[0];
    for (const n of this.all().slice(1)) await this.cmdOk(n.name, ['CLUSTER', 'MEET', first.ip, first.port]);
    const total = this.all().length;
    await this.waitUntil('every node to know every other', async () => {
      for (const n of this.all()) {
        const lines = String(await this.cmdOk(n.name, ['CLUSTER', 'NODES'])).trim().split('\n');
        if (lines.length !== total || lines.some((l) => l.includes('handshake') || l.includes('noaddr'))) return false;
      }
      return true;
    });
    // Fast initial sync; the trace's own delay is restored below.
    for (const m of this.masters) await this.cmdOk(m, ['CONFIG', 'SET', 'repl-diskless-sync-delay', '0']);
    for (const r of this.replicas) {
      const master = shardOfName(r);
      await this.cmdOk(r, ['CLUSTER', 'REPLICATE', this.nodes[master].id]);
    }
    await this.waitUntil('replicas in sync and cluster_state:ok everywhere', async () => {
      for (const n of this.all()) {
        const ci = parseInfo(String(await this.cmdOk(n.name, ['CLUSTER', 'INFO'])));
        if (ci.cluster_state !== 'ok') return false;
        const lines = String(await this.cmdOk(n.name, ['CLUSTER', 'NODES'])).trim().split('\n');
        const slaves = lines.filter((l) => l.split(' ')[2].includes('slave')).length;
        if (slaves !== this.replicas.length) return false;
      }
      for (const r of this.replicas) {
        const ri = await this.info(r, 'replication');
        if (ri.master_link_status !== 'up' || ri.master_sync_in_progress !== '0') return false;
      }
      return this.replicasCountedGood(Object.fromEntries(this.replicas.map((r) => [r, shardOfName(r)])));
    }, 60000);
    const delay = this.trace.config.replDisklessSyncDelay;
    for (const m of this.masters) await this.cmdOk(m, ['CONFIG', 'SET', 'repl-diskless-sync-delay', String(delay)]);
  }

  /**
   * With min-replicas-to-write, whether every master counts all its replicas good, as the model starts
   * (`masterOf`: replica → master). A real master counts them when one goes online and at each
   * replicationCron, from ACK times in whole seconds: a replica whose first ACK came late is not good at
   * the master's next replicationCron, and writes at T0 were refused NOREPLICAS.
   */
  async replicasCountedGood(masterOf: Record<string, string>): Promise<boolean> {
    for (const m of new Set(Object.values(masterOf))) {
      const good = (await this.info(m, 'replication')).min_slaves_good_slaves;
      const mine = Object.values(masterOf).filter((x) => x === m).length;
      if (good !== undefined && Number(good) < mine) return false;
    }
    return true;
  }

  logOf(name: string): string {
    const p = this.nodes[name].log;
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
  }

  /** Synchronous teardown: SIGKILL our process groups and any redis child left in our dir, drop the chain, remove the dir. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.admin.values()) c.close();
    for (const n of this.all()) {
      if (n.proc?.pid !== undefined) killTree(n.proc.pid);
      n.proc = null;
      n.state = 'down';
    }
    // A crash fault kills only the PID (like kill -9): a BGSAVE child it forked may still run here.
    sweepDir(this.dir);
    clearPartition(this);
    const keep = process.env.CONFORMANCE_KEEP_LOGS;
    if (keep) {
      const to = join(keep, this.trace.name.split(':')[0].replace(/[^\w.-]+/g, '_'));
      try { mkdirSync(to, { recursive: true }); } catch { /* exists */ }
      for (const n of this.all()) {
        try { writeFileSync(join(to, `${n.name}.log`), this.logOf(n.name)); } catch { /* best effort */ }
      }
    }
    try { rmSync(this.dir, { recursive: true, force: true }); } catch { /* best effort */ }
    forgetProcs(this.pids);
    forgetPorts(this.all().map((n) => `${n.ip}:${n.port}`));
    forgetChain(this.chain);
    this.unregister();
    endRunIfIdle();
  }

  /** Async teardown that waits for the processes to exit before removing the dir. */
  async destroy(): Promise<void> {
    const waits = this.all().filter((n) => n.proc).map((n) => new Promise<void>((r) => { n.proc!.once('exit', () => r()); setTimeout(r, 2000); }));
    for (const n of this.all()) if (n.proc?.pid !== undefined) killTree(n.proc.pid);
    await Promise.all(waits);
    this.destroySync();
  }
}

// --- Partitions: iptables DROP rules between loopback addresses, in the cluster's own chain. ---

/** Heals: the chain and its jump from OUTPUT go (the chain stays named in the state until deleted). */
export function clearPartition(c: Cluster): void {
  deleteChain(c.chain);
}

/** The [src, dst] address pairs that cut every link between members of different groups (design §3: nodes in no group form one more group). */
export function partitionDrops(c: Cluster, groups: string[][]): Array<[string, string]> {
  const named = new Set(groups.flat());
  const rest = [...c.all().map((n) => n.name), 'client'].filter((x) => !named.has(x));
  // A client left out of every group still reaches every node (design §3).
  const allGroups = [...groups, rest.filter((x) => x !== 'client')].filter((g) => g.length);
  const addr = (x: string) => (x === 'client' ? c.clientAddr : c.nodes[x].ip);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < allGroups.length; i++) {
    for (let j = 0; j < allGroups.length; j++) {
      if (i === j) continue;
      for (const a of allGroups[i]) for (const b of allGroups[j]) pairs.push([addr(a), addr(b)]);
    }
  }
  return pairs;
}

/** Cuts the links between groups, all at once (the chain's rules are replaced in one commit). */
export function applyPartition(c: Cluster, groups: string[][]): void {
  recordChain(c.chain);
  setDrops(c.chain, partitionDrops(c, groups));
}
