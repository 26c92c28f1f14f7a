// Plays a sentinel or replication trace in real time against a Deployment (standalone.ts). Writers use
// the model's write ids and keys (`key:w<n>` = `w<n>`, numbered in environment() order). In a sentinel
// trace a writer asks the Sentinels for the master's address in order (S1 first, the first answer wins),
// writes there, and asks again only after an error or a disconnect; in a replication trace it writes to
// M; a writer with `node` writes to that node. Faults are the Cluster's (kill -9, SIGSTOP/SIGCONT,
// respawn, iptables; a `delay` that outlasts the trace is a one-way DROP rule); `replicaof` is REPLICAOF, `sentinel-failover` is SENTINEL FAILOVER,
// `sentinel-simulate-failure` is SENTINEL SIMULATE-FAILURE, `edit-config`
// rewrites the node's redis.conf on disk and `config` is CONFIG SET.
import type { Trace } from '../model/kernel/trace.ts';
import { clearPartition, partitionDrops } from './cluster.ts';
import { setDrops } from './netfilter.ts';
import { recordChain } from './runstate.ts';
import { commandDetail, now, playTrace, unplayableWrite, type PlayResult, type RealWrite } from './play.ts';
import { Conn, RespError, type Reply } from './resp.ts';
import { SENTINEL_QUERY_TIMEOUT } from '../model/sentinel/client.ts';
import { SENTINEL_SETUP_MS } from '../model/sentinel/setup.ts';
import { MASTER_NAME, standaloneConfigSetArgs, type Deployment } from './standalone.ts';

/** How long a writer waits for one Sentinel's answer before asking the next: the model's client's (a cut Sentinel never answers). */
export const SENTINEL_ASK_TIMEOUT_MS = SENTINEL_QUERY_TIMEOUT;

/** Event kinds this machine cannot reproduce in a standalone trace, with the reason; null when runnable. */
export function unsupportedStandalone(t: Trace, partitions: { ok: boolean; reason: string }): string | null {
  for (const e of t.events) {
    if (e.type === 'clock') return 'clock jumps are not runnable here: the wall clock is one for every process on the machine, and no per-process clock (faketime) is installed';
    if (e.type === 'delay' && !isCut(t, e)) return 'a finite delay (slow link) needs tc netem per address pair; not implemented (a delay outlasting the trace is played as a one-way cut)';
    if (e.type === 'delay' && !partitions.ok) return `one-way link cuts not runnable here: ${partitions.reason}`;
    if (e.type === 'disk') return 'disk (slow fsync) events cannot be reproduced on a real disk';
    const w = unplayableWrite(e);
    if (w) return w;
    if ((e.type === 'partition' || e.type === 'heal') && !partitions.ok) return `partitions not runnable here: ${partitions.reason}`;
  }
  return null;
}

/** A `delay` that outlasts the trace (or 0, which lifts one) is a one-way cut of that link: iptables can play it. */
function isCut(t: Trace, e: { at: number; ms: number }): boolean {
  return e.ms === 0 || e.at + e.ms >= t.until;
}

/** The network as the trace left it: the partition's groups and the links cut one way ("from>to"). */
interface NetState { groups: string[][] | null; cuts: Set<string> }

/** Rebuilds the deployment's chain in one commit: the partition's rules, then one DROP rule per cut link. */
function applyNet(d: Deployment, net: NetState): void {
  if (!net.groups && !net.cuts.size) { clearPartition(d); return; }
  const addr = (x: string) => (x === 'client' ? d.clientAddr : d.nodes[x].ip);
  const cuts = [...net.cuts].map((c) => c.split('>').map(addr) as [string, string]);
  recordChain(d.chain);
  setDrops(d.chain, [...(net.groups ? partitionDrops(d, net.groups) : []), ...cuts]);
}

/** A Sentinel-aware (or fixed-target) client: one connection per data node, from the writers' address. */
class StandaloneClient {
  private conns = new Map<string, Conn>();
  /** The master the Sentinels named last; null: ask before the next write. */
  private master: string | null = null;
  private asking: Promise<string | null> | null = null;
  /** Every answer the writers got: when, from which Sentinel, which node (for the report). */
  readonly asks: Array<{ at: number; sentinel: string | null; master: string | null }> = [];

  constructor(private d: Deployment, private timeoutMs: number, private t0: number) {}

  private conn(name: string): Conn {
    let k = this.conns.get(name);
    if (!k || k.closed) {
      const n = this.d.nodes[name];
      k = new Conn(n.ip, n.port, this.d.clientAddr, this.timeoutMs);
      this.conns.set(name, k);
    }
    return k;
  }

  /** SENTINEL get-master-addr-by-name on S1, S2, … in order; the first answer naming a node wins. */
  private ask(deadline: number): Promise<string | null> {
    this.asking ??= (async () => {
      try {
        for (const s of this.d.sentinels) {
          const left = deadline - (performance.now() - this.t0);
          if (left <= 0) break;
          let r: Reply;
          try { r = await this.conn(s).command(['SENTINEL', 'get-master-addr-by-name', MASTER_NAME], Math.min(SENTINEL_ASK_TIMEOUT_MS, left)); } catch {
            this.conns.get(s)?.close(); // a late reply must not answer the next ask
            continue;
          }
          const name = Array.isArray(r) && r.length === 2 ? this.d.nameAt(String(r[0]), String(r[1])) : null;
          if (!name) continue;
          this.asks.push({ at: now(this.t0), sentinel: s, master: name });
          return name;
        }
        this.asks.push({ at: now(this.t0), sentinel: null, master: null });
        return null;
      } finally { this.asking = null; }
    })();
    return this.asking;
  }

  private async target(w: RealWrite, pinned: string | undefined, deadline: number): Promise<string | null> {
    if (pinned) return pinned;
    if (!this.d.sentinels.length) return 'M';
    // A disconnect (the server closed our connection: CLIENT KILL at a switch, a crash) means asking again.
    if (this.master && this.conns.get(this.master)?.closed) this.master = null;
    if (!this.master) this.master = await this.ask(deadline);
    if (!this.master) { w.attempts.push({ node: 'sentinels', at: now(this.t0), reply: 'no Sentinel named a master' }); }
    return this.master;
  }

  async write(w: RealWrite, pinned?: string): Promise<void> {
    const deadline = w.sentAt + this.timeoutMs;
    const target = await this.target(w, pinned, deadline);
    const done = (result: RealWrite['result'], error: string | null) => { w.result = result; w.error = error; w.repliedAt = now(this.t0); };
    if (!target) { done('refused', 'MASTERNOTFOUND'); return; }
    const left = deadline - (performance.now() - this.t0);
    if (left <= 0) { done('unknown', null); this.stale(target); return; }
    let reply: Reply;
    try {
      reply = await this.conn(target).command(['SET', w.key, w.id], left);
    } catch (e) {
      const msg = (e as Error).message;
      w.attempts.push({ node: target, at: now(this.t0), reply: msg });
      this.stale(target);
      if (/ECONNREFUSED/.test(msg)) { done('refused', 'CONNREFUSED'); return; }
      done('unknown', null); // a timeout or a reset: it may have been applied
      return;
    }
    const text = reply instanceof RespError ? reply.message : String(reply);
    w.attempts.push({ node: target, at: now(this.t0), reply: text });
    if (text === 'OK') { done('acked', null); return; }
    // As the model's client (model/sentinel/client.ts) and redis-py's SentinelManagedConnection: a
    // READONLY reply means the master moved and is asked for again; NOREPLICAS does not.
    if (text.startsWith('READONLY')) this.stale(target);
    done('refused', text.split(' ')[0]);
  }

  /** After an error on `node`, the next write asks the Sentinels again (if `node` is still the one they named). */
  private stale(node: string): void { if (this.master === node) this.master = null; }

  close(): void { for (const k of this.conns.values()) k.close(); }
}

export interface StandalonePlayResult extends PlayResult {
  asks: Array<{ at: number; sentinel: string | null; master: string | null }>;
}

/** Runs the trace in real time (playTrace with the Sentinel-aware or fixed-target client); `onStart` gets t0. */
export async function playStandalone(d: Deployment, t: Trace, onStart: (t0: number) => void): Promise<StandalonePlayResult> {
  const notes: string[] = [];
  if (d.sentinelSetupLate) notes.push(`the Sentinels settled ${d.sentinelSetupLate} ms later than the ${SENTINEL_SETUP_MS} ms after their start the model assumes: their INFO and PING phases at T0 differ from the model's by that much`);
  const net: NetState = { groups: null, cuts: new Set() };
  let client: StandaloneClient | null = null;
  const result = await playTrace(t, (t0) => {
    const c = new StandaloneClient(d, t.config.clientTimeout, t0);
    client = c;
    return {
      procs: d,
      write: (w, pinned) => c.write(w, pinned),
      fault: (a, f, inflight) => {
        const command = (node: string, args: string[]) => inflight.push(commandDetail(f, d.cmd(node, args)));
        switch (a.type) {
          case 'NetworkPartitioned': net.groups = a.groups; applyNet(d, net); f.detail = JSON.stringify(a.groups); return true;
          case 'NetworkHealed': net.groups = null; applyNet(d, net); return true;
          case 'LinkDelayed':
            if (a.ms === 0) net.cuts.delete(`${a.from}>${a.to}`); else net.cuts.add(`${a.from}>${a.to}`);
            applyNet(d, net);
            f.detail = a.ms === 0 ? 'link restored' : `one-way cut (delay ${a.ms} ms outlasts the trace)`;
            return true;
          case 'ConfigSet': command(a.node, ['CONFIG', 'SET', ...standaloneConfigSetArgs(a.set)]); return true;
          case 'ReplicaofRequested': {
            const m = a.master === null ? null : d.nodes[a.master];
            command(a.node, m ? ['REPLICAOF', m.ip, String(m.port)] : ['REPLICAOF', 'NO', 'ONE']);
            return true;
          }
          case 'SentinelFailoverRequested': command(a.node, ['SENTINEL', 'FAILOVER', MASTER_NAME]); return true;
          // The Sentinel then exits by itself (exit 99) where the flag says: its 'exit' handler marks it down,
          // as after a kill, and a later `restart` respawns it. HELP clears the flags before listing the modes.
          case 'SentinelSimulateFailureRequested': command(a.node, ['SENTINEL', 'SIMULATE-FAILURE', a.mode === 'none' ? 'HELP' : a.mode]); return true;
          case 'ConfigFileEdited': f.detail = d.editConfig(a.node, a.set); return true;
          default: return false;
        }
      },
      close: () => c.close(),
    };
  }, onStart, notes);
  return { ...result, asks: (client as StandaloneClient | null)?.asks ?? [] };
}
