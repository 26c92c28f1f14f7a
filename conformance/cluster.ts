// Starts a real Redis 7.0 cluster for a trace's topology: one redis-server per node on its own loopback
// address (127.0.<run>.<10+i>), each with its own redis.conf and data dir under a fresh temp dir, created
// the way `redis-cli --cluster create --cluster-replicas N` does. Only ever signals PIDs it spawned.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../model/config.ts';
import { initialSlots } from '../model/slots.ts';
import { nodeNames, type Trace } from '../model/trace.ts';
import { Conn, once, RespError, type Reply } from './resp.ts';

export const ADMIN_ADDR = '127.0.0.1';
export const BASE_PORT = 30000;

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

const live = new Set<Cluster>();
let hooked = false;

/** Kills every redis-server this process started (by PID) and removes the temp dirs. Synchronous. */
export function cleanupAll(): void {
  for (const c of [...live]) c.destroySync();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanupAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => { cleanupAll(); process.exit(130); });
  }
  process.on('uncaughtException', (e) => { cleanupAll(); console.error(e); process.exit(1); });
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
  private admin = new Map<string, Conn>();
  private destroyed = false;

  constructor(readonly trace: Trace, readonly run: number) {
    hookExit();
    this.dir = mkdtempSync(join(tmpdir(), 'redis-conf-'));
    live.add(this);
    const { masters, replicas } = nodeNames(trace.config);
    this.masters = masters;
    this.replicas = replicas;
    this.clientAddr = `127.0.${run + 1}.200`;
    [...masters, ...replicas].forEach((name, i) => {
      const dir = join(this.dir, name);
      mkdirSync(dir);
      const ip = `127.0.${run + 1}.${10 + i}`;
      const port = BASE_PORT + run * 50 + i;
      const conf = join(dir, 'redis.conf');
      const log = join(dir, 'redis.log');
      writeFileSync(conf, [
        `port ${port}`, `bind ${ip}`, `bind-source-addr ${ip}`, 'protected-mode no', 'daemonize no',
        `dir ${dir}`, `logfile ${log}`, 'cluster-enabled yes', 'cluster-config-file nodes.conf',
        ...redisConfLines(trace.config), '',
      ].join('\n'));
      this.nodes[name] = { name, ip, port, dir, conf, log, id: '', proc: null, state: 'down', starts: 0 };
    });
  }

  all(): RealNode[] { return Object.values(this.nodes); }

  spawnNode(name: string): void {
    const n = this.nodes[name];
    if (n.state !== 'down') return;
    const p = spawn('redis-server', [n.conf], { stdio: 'ignore' });
    n.proc = p;
    n.state = 'up';
    n.starts++;
    this.dropAdmin(name);
    p.on('exit', () => { if (n.proc === p) { n.state = 'down'; n.proc = null; this.dropAdmin(name); } });
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
    for (const n of this.all()) this.spawnNode(n.name);
    for (const n of this.all()) await this.waitUntil(`${n.name} to answer PING`, async () => (await this.cmd(n.name, ['PING'], 500)) === 'PONG', 10000);
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
      const master = r.replace(/\d+$/, '');
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
      return true;
    }, 60000);
    const delay = this.trace.config.replDisklessSyncDelay;
    for (const m of this.masters) await this.cmdOk(m, ['CONFIG', 'SET', 'repl-diskless-sync-delay', String(delay)]);
  }

  logOf(name: string): string {
    const p = this.nodes[name].log;
    return existsSync(p) ? readFileSync(p, 'utf8') : '';
  }

  /** Synchronous teardown: SIGKILL our PIDs (SIGCONT first is unnecessary for SIGKILL), remove the dir. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.admin.values()) c.close();
    for (const n of this.all()) {
      if (n.proc?.pid !== undefined) { try { process.kill(n.proc.pid, 'SIGKILL'); } catch { /* gone */ } }
      n.proc = null;
      n.state = 'down';
    }
    clearPartition(this.run);
    const keep = process.env.CONFORMANCE_KEEP_LOGS;
    if (keep) {
      for (const n of this.all()) {
        try { mkdirSync(join(keep, this.trace.name.split(':')[0].replace(/[^\w.-]+/g, '_')), { recursive: true }); } catch { /* exists */ }
        try { writeFileSync(join(keep, this.trace.name.split(':')[0].replace(/[^\w.-]+/g, '_'), `${n.name}.log`), this.logOf(n.name)); } catch { /* best effort */ }
      }
    }
    try { rmSync(this.dir, { recursive: true, force: true }); } catch { /* best effort */ }
    live.delete(this);
  }

  /** Async teardown that waits for the processes to exit before removing the dir. */
  async destroy(): Promise<void> {
    const waits = this.all().filter((n) => n.proc).map((n) => new Promise<void>((r) => { n.proc!.once('exit', () => r()); setTimeout(r, 2000); }));
    for (const n of this.all()) if (n.proc?.pid !== undefined) { try { process.kill(n.proc.pid, 'SIGKILL'); } catch { /* gone */ } }
    await Promise.all(waits);
    this.destroySync();
  }
}

// --- Partitions: iptables DROP rules between loopback addresses, in a chain of our own per run. ---

const chainOf = (run: number) => `RCONF${run}`;

function ipt(args: string[]): boolean {
  try { execFileSync('iptables', ['-w', ...args], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Whether iptables partitions work here (iptables present, root, netfilter usable). */
export function partitionsSupported(): { ok: boolean; reason: string } {
  try { execFileSync('iptables', ['-w', '-L', 'OUTPUT', '-n'], { stdio: 'ignore' }); } catch (e) {
    return { ok: false, reason: `iptables unusable: ${(e as Error).message.split('\n')[0]}` };
  }
  return { ok: true, reason: '' };
}

export function clearPartition(run: number): void {
  const ch = chainOf(run);
  if (!ipt(['-L', ch, '-n'])) return;
  while (ipt(['-D', 'OUTPUT', '-j', ch])) { /* remove every jump */ }
  ipt(['-F', ch]);
  ipt(['-X', ch]);
}

/** Cut every link between members of different groups (design §3: nodes in no group form one more group). */
export function applyPartition(c: Cluster, groups: string[][]): void {
  clearPartition(c.run);
  const ch = chainOf(c.run);
  ipt(['-N', ch]);
  ipt(['-I', 'OUTPUT', '-j', ch]);
  const named = new Set(groups.flat());
  const rest = [...c.all().map((n) => n.name), 'client'].filter((x) => !named.has(x));
  // A client left out of every group still reaches every node (design §3).
  const allGroups = [...groups, rest.filter((x) => x !== 'client')].filter((g) => g.length);
  const addr = (x: string) => (x === 'client' ? c.clientAddr : c.nodes[x].ip);
  for (let i = 0; i < allGroups.length; i++) {
    for (let j = 0; j < allGroups.length; j++) {
      if (i === j) continue;
      for (const a of allGroups[i]) for (const b of allGroups[j]) {
        ipt(['-A', ch, '-s', addr(a), '-d', addr(b), '-j', 'DROP']);
      }
    }
  }
}
