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

export const now = (t0: number) => Math.round(performance.now() - t0);

function runSync(): Promise<void> {
  return new Promise((resolve) => execFile('sync', () => resolve()));
}

/** The processes a harness plays faults on, by the PIDs it spawned (Cluster and Deployment both). */
interface Processes {
  kill(name: string): void;
  spawnNode(name: string): void;
  signal(name: string, sig: 'SIGSTOP' | 'SIGCONT'): void;
}

/** What one deployment kind does with the trace: its writers, and the faults beyond the common ones. */
export interface Player {
  procs: Processes;
  write(w: RealWrite, pinned: string | undefined): Promise<unknown>;
  /** Plays one more action kind; false when this deployment kind does not play it. */
  fault(a: Action, f: AppliedFault, inflight: Array<Promise<unknown>>): boolean;
  close(): void;
}

/** The faults every deployment kind plays alike: kill -9, respawn, SIGSTOP/SIGCONT, `sync`. */
function processFault(p: Processes, a: Action, at: number, inflight: Array<Promise<unknown>>, notes: string[]): boolean {
  switch (a.type) {
    case 'ProcessCrashed':
      if (a.power) notes.push(`${a.node} power loss at ${at} played as kill -9: unflushed page cache is not dropped`);
      p.kill(a.node); return true;
    case 'ProcessRestarted': p.spawnNode(a.node); return true;
    case 'ProcessPaused': p.signal(a.node, 'SIGSTOP'); return true;
    case 'ProcessResumed': p.signal(a.node, 'SIGCONT'); return true;
    case 'FsyncRequested': inflight.push(runSync()); return true;
    default: return false;
  }
}

/**
 * Runs the trace in real time: each environment action at its time (writes numbered as the model
 * numbers them), then waits until `until` and for every reply. `player` gets t0; `onStart` too.
 */
export async function playTrace(t: Trace, player: (t0: number) => Player, onStart: (t0: number) => void, notes: string[] = []): Promise<PlayResult> {
  const writes: RealWrite[] = [];
  const faults: AppliedFault[] = [];
  const inflight: Array<Promise<unknown>> = [];
  let nextId = 1;
  const t0 = performance.now();
  const p = player(t0);
  onStart(t0);
  try {
    for (const { at, action } of environment(t)) {
      const wait = at - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
      const a = action as Action;
      if (a.type === 'WriteIssued') {
        const id = `w${nextId++}`;
        const key = a.key ?? `key:${id}`;
        const w: RealWrite = { id, key, slot: keySlot(key), sentAt: now(t0), result: 'pending', error: null, repliedAt: -1, attempts: [] };
        writes.push(w);
        inflight.push(p.write(w, a.node));
        continue;
      }
      const f: AppliedFault = { at: now(t0), planned: at, type: a.type, node: 'node' in a ? (a.node as string) : null };
      faults.push(f);
      if (!processFault(p.procs, a, at, inflight, notes) && !p.fault(a, f, inflight)) notes.push(`event ${a.type} at ${at} not played`);
    }
    const left = t.until - (performance.now() - t0);
    if (left > 0) await sleep(left);
    await Promise.allSettled(inflight);
  } finally {
    p.close();
  }
  return { writes, faults, notes, t0 };
}

/** A command's reply as a fault's detail (an error reply with its leading '-'). */
export function commandDetail(f: AppliedFault, r: Promise<Reply>): Promise<void> {
  return r.then((x) => { f.detail = x instanceof RespError ? `-${x.message}` : Array.isArray(x) ? JSON.stringify(x) : String(x); },
    (e) => { f.detail = `error: ${(e as Error).message}`; });
}

/** Runs a Cluster trace in real time (playTrace with the cluster-aware client). */
export async function play(c: Cluster, t: Trace, onStart: (t0: number) => void): Promise<PlayResult> {
  const client = new ClusterClient(c, t.config.clientTimeout);
  await client.init();
  return playTrace(t, (t0) => ({
    procs: c,
    write: (w, pinned) => client.write(w, t0, pinned),
    fault: (a, f, inflight) => {
      switch (a.type) {
        case 'NetworkPartitioned': applyPartition(c, a.groups); f.detail = JSON.stringify(a.groups); return true;
        case 'NetworkHealed': clearPartition(c); return true;
        case 'ManualFailoverRequested':
          inflight.push(commandDetail(f, c.cmd(a.node, ['CLUSTER', 'FAILOVER', ...(a.mode === 'default' ? [] : [a.mode.toUpperCase()])])));
          return true;
        case 'ConfigSet': inflight.push(commandDetail(f, c.cmd(a.node, ['CONFIG', 'SET', ...configSetArgs(a.set)]))); return true;
        default: return false;
      }
    },
    close: () => client.close(),
  }), onStart);
}
