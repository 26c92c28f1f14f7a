// Plays a trace's environment events in real time against a real cluster. Writes go through a
// cluster-aware client (CRC16 slot map, follows MOVED, refreshes on errors) with the model's write ids
// and keys (`key:w<n>` = `w<n>`, numbered in the model's environment() order).
import { execFile } from 'node:child_process';
import { environment } from '../model/kernel/sim.ts';
import { keySlot } from '../model/cluster/slots.ts';
import type { Trace } from '../model/kernel/trace.ts';
import type { Action } from '../model/kernel/actions.ts';
import { applyPartition, clearPartition, configSetArgs, sleep, type Cluster } from './cluster.ts';
import { Conn, RespError, type Reply } from './resp.ts';

export interface Attempt { node: string; at: number; reply: string }
export interface RealWrite {
  id: string; key: string; slot: number; sentAt: number;
  result: 'acked' | 'refused' | 'unknown' | 'pending'; error: string | null; repliedAt: number;
  attempts: Attempt[];
}
export interface AppliedFault { at: number; planned: number; type: string; node: string | null; detail?: string }
export interface PlayResult { writes: RealWrite[]; faults: AppliedFault[]; notes: string[]; t0: number }

/** Event kinds this machine cannot reproduce, with the reason; null when the trace is runnable. */
export function unsupported(t: Trace, partitions: { ok: boolean; reason: string }): string | null {
  for (const e of t.events) {
    if (e.type === 'delay') return 'delay (slow link) events need tc netem per address pair; not implemented';
    if (e.type === 'disk') return 'disk (slow fsync) events cannot be reproduced on a real disk';
    const w = unplayableWrite(e);
    if (w) return w;
    if ((e.type === 'partition' || e.type === 'heal') && !partitions.ok) return `partitions not runnable here: ${partitions.reason}`;
  }
  return null;
}

/** Writes the harness's writers cannot send as the trace means them (both deployment kinds); null when they can. */
export function unplayableWrite(e: Trace['events'][number]): string | null {
  if (e.type === 'write' && e.wait) return 'write with WAIT is not implemented in the harness';
  if ((e.type === 'write' || e.type === 'writes') && e.px !== undefined) return 'writes with a TTL (px) are not implemented in the harness: its writers send a plain SET, and the survival check reads keys without expiry';
  return null;
}

class ClusterClient {
  private slots: Array<string | null> = new Array(16384).fill(null);
  private conns = new Map<string, Conn>();
  private refreshing = false;

  constructor(private c: Cluster, private timeoutMs: number) {}

  async init(): Promise<void> { await this.refresh(); }

  private byAddr(ipPort: string): string | null {
    for (const n of this.c.all()) if (`${n.ip}:${n.port}` === ipPort) return n.name;
    return null;
  }

  private conn(name: string): Conn {
    let k = this.conns.get(name);
    if (!k || k.closed) {
      const n = this.c.nodes[name];
      k = new Conn(n.ip, n.port, this.c.clientAddr, this.timeoutMs);
      this.conns.set(name, k);
    }
    return k;
  }

  /** CLUSTER SLOTS from the first node (preferred first) that answers, as real clients do. */
  async refresh(prefer?: string): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const order = [prefer, ...Object.keys(this.c.nodes).sort()].filter((x): x is string => !!x);
      for (const name of order) {
        if (this.c.nodes[name].state !== 'up') continue;
        try {
          const r = await this.conn(name).command(['CLUSTER', 'SLOTS'], 300);
          if (!Array.isArray(r)) continue;
          const next: Array<string | null> = new Array(16384).fill(null);
          for (const e of r as Reply[][]) {
            const [a, b, master] = e as [number, number, Reply[]];
            const owner = this.byAddr(`${master[0]}:${master[1]}`);
            for (let s = a; s <= b; s++) next[s] = owner;
          }
          this.slots = next;
          return;
        } catch { /* try the next node */ }
      }
    } finally { this.refreshing = false; }
  }

  /** One write; `pinned` sends the first attempt to that node (a client with a stale route), then MOVED is followed. */
  async write(w: RealWrite, t0: number, pinned?: string): Promise<void> {
    const deadline = w.sentAt + this.timeoutMs;
    let target = pinned ?? this.slots[w.slot] ?? Object.keys(this.c.nodes).sort()[0];
    for (let redirects = 0; ; redirects++) {
      const left = deadline - (performance.now() - t0);
      if (left <= 0) { w.result = 'unknown'; w.repliedAt = now(t0); void this.refresh(); return; }
      let reply: Reply;
      try {
        reply = await this.conn(target).command(['SET', w.key, w.id], left);
      } catch (e) {
        const msg = (e as Error).message;
        w.attempts.push({ node: target, at: now(t0), reply: msg });
        if (/ECONNREFUSED/.test(msg)) {
          w.result = 'refused'; w.error = 'CONNREFUSED'; w.repliedAt = now(t0);
          void this.refresh();
          return;
        }
        w.result = 'unknown'; w.repliedAt = now(t0);
        void this.refresh(); // a timeout or a reset: reload the slot map, as the model's client does
        return;
      }
      const text = reply instanceof RespError ? reply.message : String(reply);
      w.attempts.push({ node: target, at: now(t0), reply: text });
      if (reply instanceof RespError && text.startsWith('MOVED') && redirects < 5) {
        const to = this.byAddr(text.split(' ')[2]);
        if (to) { this.slots[w.slot] = to; void this.refresh(target); target = to; continue; }
      }
      w.repliedAt = now(t0);
      if (text === 'OK') { w.result = 'acked'; return; }
      w.result = 'refused';
      w.error = text.split(' ')[0];
      return;
    }
  }

  close(): void { for (const k of this.conns.values()) k.close(); }
}

const now = (t0: number) => Math.round(performance.now() - t0);

function runSync(): Promise<void> {
  return new Promise((resolve) => execFile('sync', () => resolve()));
}

/** Runs the trace in real time; `onTick` is called every 250 ms (the observer samples there). */
export async function play(c: Cluster, t: Trace, onStart: (t0: number) => void): Promise<PlayResult> {
  const client = new ClusterClient(c, t.config.clientTimeout);
  await client.init();
  const env = environment(t);
  const writes: RealWrite[] = [];
  const faults: AppliedFault[] = [];
  const notes: string[] = [];
  const inflight: Array<Promise<unknown>> = [];
  let nextId = 1;
  const t0 = performance.now();
  onStart(t0);
  try {
    for (const { at, action } of env) {
      const wait = at - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
      const a = action as Action;
      if (a.type === 'WriteIssued') {
        const id = `w${nextId++}`;
        const key = a.key ?? `key:${id}`;
        const w: RealWrite = { id, key, slot: keySlot(key), sentAt: now(t0), result: 'pending', error: null, repliedAt: -1, attempts: [] };
        writes.push(w);
        inflight.push(client.write(w, t0, a.node));
        continue;
      }
      const f: AppliedFault = { at: now(t0), planned: at, type: a.type, node: 'node' in a ? (a.node as string) : null };
      faults.push(f);
      switch (a.type) {
        case 'ProcessCrashed':
          if (a.power) notes.push(`${a.node} power loss at ${at} played as kill -9: unflushed page cache is not dropped`);
          c.kill(a.node); break;
        case 'ProcessRestarted': c.spawnNode(a.node); break;
        case 'ProcessPaused': c.signal(a.node, 'SIGSTOP'); break;
        case 'ProcessResumed': c.signal(a.node, 'SIGCONT'); break;
        case 'NetworkPartitioned': applyPartition(c, a.groups); f.detail = JSON.stringify(a.groups); break;
        case 'NetworkHealed': clearPartition(c); break;
        case 'FsyncRequested': inflight.push(runSync()); break;
        case 'ManualFailoverRequested': {
          const args = ['CLUSTER', 'FAILOVER', ...(a.mode === 'default' ? [] : [a.mode.toUpperCase()])];
          inflight.push(c.cmd(a.node, args).then((r) => { f.detail = r instanceof RespError ? `-${r.message}` : String(r); },
            (e) => { f.detail = `error: ${(e as Error).message}`; }));
          break;
        }
        case 'ConfigSet': {
          const args = configSetArgs(a.set);
          inflight.push(c.cmd(a.node, ['CONFIG', 'SET', ...args]).then((r) => { f.detail = String(r instanceof RespError ? r.message : r); },
            (e) => { f.detail = `error: ${(e as Error).message}`; }));
          break;
        }
        default: notes.push(`event ${a.type} at ${at} not played`);
      }
    }
    const left = t.until - (performance.now() - t0);
    if (left > 0) await sleep(left);
    await Promise.allSettled(inflight);
  } finally {
    client.close();
  }
  return { writes, faults, notes, t0 };
}
