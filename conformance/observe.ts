// Observes a real cluster in the model's Outcome shape (the comparable fields): per-node state from
// CLUSTER NODES / CLUSTER INFO / INFO replication / DBSIZE, surviving acked writes on each slot's final
// master, full vs partial resyncs and elections from the logs, and wipes (a running node's key count
// dropping — keys are only ever added by the writers, so a drop is a dataset replaced by a full sync).
import type { NodeOutcome } from '../model/kernel/outcome.ts';
import type { SlotRanges } from '../model/cluster/slots.ts';
import { parseInfo, type Cluster } from './cluster.ts';
import type { PlayResult, RealWrite } from './play.ts';
import type { Reply } from './resp.ts';

export interface RealNodeOutcome extends Omit<NodeOutcome, 'replid' | 'linkStatus'> {
  /** false when the node was up but could not be queried (paused at the end). */
  queried: boolean;
  replid: string;
  linkStatus: string;
}

export interface RealEvent { at: number; node: string; event: string; detail?: string; about?: string }

export interface RealOutcome {
  nodes: Record<string, RealNodeOutcome>;
  writes: { acked: number; refused: number; unknown: number; lost: number; unavailable: number; lostIds: string[]; refusedBy: Record<string, number> };
  writeLog: RealWrite[];
  /** From the logs after t0 and the key-count sampler. */
  events: RealEvent[];
  faults: PlayResult['faults'];
  notes: string[];
}

/**
 * Samples every running node's key set (KEYS *) every 250 ms. The writers only ever add keys, so a key
 * that a node held and no longer holds within one process lifetime means its dataset was replaced by
 * one that dropped keys (a full sync from a master that lacked them): a wipe, as the model defines it.
 */
export class WipeSampler {
  private last = new Map<string, { starts: number; keys: Set<string> }>();
  readonly wipes: RealEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private t0 = 0;
  private busy = false;
  constructor(private c: Cluster) {}
  start(t0: number): void {
    this.t0 = t0;
    this.timer = setInterval(() => { if (!this.busy) { this.busy = true; void this.sample().finally(() => { this.busy = false; }); } }, 250);
  }
  private async sample(): Promise<void> {
    await Promise.all(this.c.dataNodes().map(async (n) => {
      if (n.state !== 'up') return;
      const starts = n.starts;
      let r: Reply;
      try { r = await this.c.cmd(n.name, ['KEYS', '*'], 300); } catch { return; }
      if (!Array.isArray(r) || n.starts !== starts) return; // LOADING etc.
      const keys = new Set(r.map(String));
      const prev = this.last.get(n.name);
      if (prev && prev.starts === starts) {
        let dropped = 0;
        for (const k of prev.keys) if (!keys.has(k)) dropped++;
        if (dropped > 0) {
          this.wipes.push({ at: Math.round(performance.now() - this.t0), node: n.name, event: 'wiped', detail: `${dropped} keys dropped (${prev.keys.size} -> ${keys.size})` });
        }
      }
      this.last.set(n.name, { starts, keys });
    }));
  }
  stop(): void { if (this.timer) clearInterval(this.timer); }
}

/** Log lines (Redis 7.0.15 wording) that mark the events the model's timeline also records. */
const LOG_EVENTS: Array<[RegExp, string]> = [
  [/Full resync from master/, 'full-sync'],
  [/MASTER <-> REPLICA sync: Finished with success/, 'full-sync-done'],
  [/Successful partial resynchronization with master/, 'partial-sync'],
  [/Failover election won/, 'promoted'],
  [/Taking over the master \(user request\)/, 'promoted'],
  [/Flushing old data/, 'flush'],
  [/Cluster state changed: (ok|fail)/, 'cluster-state'],
  [/Marking node .* as failing/, 'fail'],
  [/Clear FAIL state for node/, 'fail-cleared'],
  [/Configuration change detected. Reconfiguring myself as a replica/, 'demoted'],
  [/Failover auth granted/, 'vote'],
  [/Start of election delayed/, 'election-scheduled'],
  [/Starting a failover election/, 'election'],
];

/** Parses "pid:role dd Mon yyyy hh:mm:ss.mmm * msg" into events after t0 (wall clock). */
export function logEvents(c: Cluster, name: string, t0Wall: number): RealEvent[] {
  const out: RealEvent[] = [];
  const idToName = new Map(c.all().map((n) => [n.id, n.name]));
  for (const line of c.logOf(name).split('\n')) {
    const m = /^\d+:\w (\d+ \w+ \d+ \d+:\d+:\d+\.\d+) [.\-*#] (.*)$/.exec(line);
    if (!m) continue;
    const when = Date.parse(`${m[1].replace(/^(\d+) (\w+) (\d+) /, '$2 $1 $3 ')}`);
    if (Number.isNaN(when) || when < t0Wall) continue;
    for (const [re, ev] of LOG_EVENTS) {
      const mm = re.exec(m[2]);
      if (!mm) continue;
      // The node a line is about: the last node ID it names ("Marking node <id> as failing", "FAIL message … about <id>").
      const ids = m[2].match(/\b[0-9a-f]{40}\b/g);
      const about = ids ? idToName.get(ids[ids.length - 1]) : undefined;
      out.push({ at: when - t0Wall, node: name, event: ev, detail: m[2].slice(0, 160), ...(about ? { about } : {}) });
    }
  }
  return out;
}

function parseSlots(fields: string[]): SlotRanges {
  const out: SlotRanges = [];
  for (const f of fields) {
    if (f.startsWith('[')) continue; // migrating/importing
    const [a, b] = f.split('-').map(Number);
    out.push([a, b ?? a]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

const has = (r: SlotRanges, s: number) => r.some(([a, b]) => s >= a && s <= b);

export async function observe(c: Cluster, play: PlayResult, wipes: RealEvent[], t0Wall: number): Promise<RealOutcome> {
  const nodes: Record<string, RealNodeOutcome> = {};
  const idToName = new Map(c.all().map((n) => [n.id, n.name]));
  for (const n of c.all()) {
    const base: RealNodeOutcome = {
      up: n.state !== 'down', queried: false, role: n.name.length === 1 ? 'master' : 'replica', replicaOf: null, slots: [],
      currentEpoch: -1, configEpoch: -1, keys: -1, offset: -1, clusterState: 'fail', replid: '', linkStatus: '',
    };
    nodes[n.name] = base;
    if (n.state !== 'up') continue;
    try {
      const lines = String(await c.cmd(n.name, ['CLUSTER', 'NODES'], 2000)).trim().split('\n');
      const me = lines.find((l) => l.split(' ')[2].includes('myself'))!.split(' ');
      const ci = parseInfo(String(await c.cmd(n.name, ['CLUSTER', 'INFO'], 2000)));
      const ri = parseInfo(String(await c.cmd(n.name, ['INFO', 'replication'], 2000)));
      const keys = await c.cmd(n.name, ['DBSIZE'], 2000);
      const isMaster = me[2].includes('master');
      nodes[n.name] = {
        up: true, queried: true, role: isMaster ? 'master' : 'replica',
        replicaOf: isMaster ? null : idToName.get(me[3]) ?? me[3],
        slots: parseSlots(me.slice(8)),
        currentEpoch: Number(ci.cluster_current_epoch), configEpoch: Number(ci.cluster_my_epoch),
        keys: typeof keys === 'number' ? keys : -1,
        offset: Number(isMaster ? ri.master_repl_offset : ri.slave_repl_offset ?? ri.master_repl_offset),
        clusterState: ci.cluster_state === 'ok' ? 'ok' : 'fail',
        replid: ri.master_replid ?? '', linkStatus: isMaster ? 'n/a' : ri.master_link_status ?? 'down',
      };
    } catch (e) {
      play.notes.push(`${n.name}: could not query at the end (${(e as Error).message})`);
    }
  }
  // Survival: the running master claiming the slot with the highest configEpoch (model finalMasterOf).
  const finalMaster = (slot: number): string | null => {
    let best: string | null = null;
    let bestEpoch = -1;
    for (const [name, o] of Object.entries(nodes)) {
      if (!o.queried || o.role !== 'master' || !has(o.slots, slot)) continue;
      if (o.configEpoch > bestEpoch) { best = name; bestEpoch = o.configEpoch; }
    }
    return best;
  };
  const acked = play.writes.filter((w) => w.result === 'acked');
  const byMaster = new Map<string, RealWrite[]>();
  let unavailable = 0;
  for (const w of acked) {
    const m = finalMaster(w.slot);
    if (m === null) { unavailable++; continue; }
    if (!byMaster.has(m)) byMaster.set(m, []);
    byMaster.get(m)!.push(w);
  }
  const lostIds: string[] = [];
  for (const [m, ws] of byMaster) {
    // Reads must work even if the cluster is down at the end: this is after every state was recorded.
    await c.cmd(m, ['CONFIG', 'SET', 'cluster-allow-reads-when-down', 'yes']);
    const replies = await Promise.all(ws.map((w) => c.cmd(m, ['GET', w.key], 5000)));
    ws.forEach((w, i) => {
      const v = replies[i];
      const ok = typeof v === 'string' && (v === w.id || Number(v.slice(1)) > Number(w.id.slice(1)));
      if (!ok) lostIds.push(w.id);
    });
  }
  lostIds.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const events = [...c.all().flatMap((n) => logEvents(c, n.name, t0Wall)), ...wipes].sort((a, b) => a.at - b.at);
  const count = (r: string) => play.writes.filter((w) => w.result === r).length;
  const refusedBy: Record<string, number> = {};
  for (const w of play.writes) if (w.result === 'refused') refusedBy[w.error!] = (refusedBy[w.error!] ?? 0) + 1;
  return {
    nodes,
    writes: { acked: acked.length, refused: count('refused'), unknown: count('unknown') + count('pending'), lost: lostIds.length, unavailable, lostIds, refusedBy },
    writeLog: play.writes, events, faults: play.faults, notes: play.notes,
  };
}
