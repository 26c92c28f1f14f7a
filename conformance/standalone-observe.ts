// Observes a real standalone deployment in the model's Outcome shape (brief "Outcome additions"): per
// data node INFO replication / DBSIZE, which acknowledged writes survived on the final master, full vs
// partial resyncs, promotions and REPLICAOFs from the nodes' logs, wipes from the key-count sampler;
// per Sentinel the master it names (SENTINEL get-master-addr-by-name mapped back to a node), its epochs
// (sentinel.conf, which every durable change is flushed to: sentinelFlushConfig) and failover state
// (SENTINEL MASTER), TILT (INFO sentinel), and its events from its log, named as the model's timeline.
import { existsSync, readFileSync } from 'node:fs';
import type { PlayResult, RealWrite } from './play.ts';
import { RespError } from './resp.ts';
import type { RealEvent, RealNodeOutcome, RealOutcome } from './observe.ts';
import { fieldMap, MASTER_NAME, type Deployment } from './standalone.ts';
import type { StandalonePlayResult } from './standalone-play.ts';
import type { SentinelOutcome as ModelSentinelOutcome } from '../model/kernel/outcome.ts';
import type { FailoverState } from '../model/sentinel/state.ts';
import { SIM_FAILURE_EXIT } from '../model/sentinel/transitions/sentinelSimulateFailure.ts';

/** One Sentinel at the end, in the shape of the model's `sentinels[S]`; a state SENTINEL MASTER did not give is 'unknown'. */
export type SentinelOutcome = Omit<ModelSentinelOutcome, 'failoverState'> & { failoverState: FailoverState | 'unknown' };

export interface StandaloneRealOutcome extends RealOutcome {
  topology: 'sentinel' | 'replication';
  sentinels: Record<string, SentinelOutcome & { queried: boolean }>;
  /** The node whose data decides which acked writes survived (finalMaster), or null. */
  finalMaster: string | null;
  asks: StandalonePlayResult['asks'];
}

/** Log line: "pid:role dd Mon yyyy hh:mm:ss.mmm <level> message". */
const LINE = /^\d+:\w (\d+ \w+ \d+ \d+:\d+:\d+\.\d+) [.\-*#] (.*)$/;

/** Milliseconds since the Unix epoch of a log line's time, or NaN. */
const logTime = (s: string) => Date.parse(s.replace(/^(\d+) (\w+) (\d+) /, '$2 $1 $3 '));

/** Data node log lines (Redis 7.0.15 wording) and the timeline event they stand for. */
const DATA_EVENTS: Array<[RegExp, string]> = [
  [/Full resync from master/, 'full-sync'],
  [/MASTER <-> REPLICA sync: Finished with success/, 'full-sync-done'],
  [/Successful partial resynchronization with master/, 'partial-sync'],
  [/MASTER MODE enabled \(user request from/, 'promoted'], // replicaofCommand, NO ONE
  [/REPLICAOF (\S+):(\d+) enabled \(user request from/, 'replicaof'], // replicaofCommand, host port
];

/** A data node's log events after t0. */
export function dataLogEvents(d: Deployment, name: string, t0Wall: number): RealEvent[] {
  const out: RealEvent[] = [];
  for (const line of d.logOf(name).split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const when = logTime(m[1]);
    if (Number.isNaN(when) || when < t0Wall) continue;
    for (const [re, ev] of DATA_EVENTS) {
      const mm = re.exec(m[2]);
      if (!mm) continue;
      const about = ev === 'replicaof' ? d.nameAt(mm[1], mm[2]) ?? `${mm[1]}:${mm[2]}` : ev === 'promoted' ? 'no one' : undefined;
      out.push({ at: when - t0Wall, node: name, event: ev, detail: m[2].slice(0, 160), ...(about ? { about } : {}) });
    }
  }
  return out;
}

/** Sentinel's event names (sign and name, as sentinelEvent prints them) → the model's timeline names. */
const SENTINEL_EVENTS: Record<string, string> = {
  '+sdown': 'sdown', '-sdown': 'sdown-cleared', '+odown': 'odown', '-odown': 'odown-cleared', '+new-epoch': 'new-epoch',
  '+try-failover': 'try-failover', '+vote-for-leader': 'vote-for-leader', '+elected-leader': 'elected-leader',
  '-failover-abort-not-elected': 'failover-abort', '-failover-abort-no-good-slave': 'failover-abort', '-failover-abort-slave-timeout': 'failover-abort',
  '+selected-slave': 'selected-slave', '+promoted-slave': 'promoted-slave', '+slave-reconf-sent': 'slave-reconf-sent',
  '+failover-end': 'failover-end', '+switch-master': 'switch-master', '+convert-to-slave': 'convert-to-slave',
  '+fix-slave-config': 'fix-slave-config', '+reboot': 'reboot', '+tilt': 'tilt', '-tilt': 'tilt-cleared',
};

export interface SentinelEvent extends RealEvent { epoch?: number }

/**
 * One Sentinel log message as a timeline event, or null. Messages are "<±event> <type> <name> <ip>
 * <port> [@ <master> <ip> <port>]" (sentinelEvent with "%@"), except +new-epoch <epoch>,
 * +vote-for-leader <leader id> <epoch>, +switch-master <name> <old ip> <old port> <new ip> <new port>
 * and ±tilt.
 */
export function sentinelEvent(msg: string, nameAt: (ip: string, port: string) => string | null, byId: (id: string) => string | null): Omit<SentinelEvent, 'at' | 'node'> | null {
  // sentinelSimFailureCrash's last words before exit(99), named as the model's timeline names the exit.
  if (msg.startsWith('Sentinel CRASH because of SENTINEL simulate-failure')) return { event: 'crash', detail: SIM_FAILURE_EXIT };
  const w = msg.trim().split(/\s+/);
  const event = SENTINEL_EVENTS[w[0]];
  if (!event) return null;
  const detail = msg.slice(0, 160);
  switch (w[0]) {
    case '+new-epoch': return { event, epoch: Number(w[1]), detail };
    case '+vote-for-leader': return { event, epoch: Number(w[2]), about: byId(w[1]) ?? w[1], detail };
    case '+switch-master': return { event, about: nameAt(w[4], w[5]) ?? `${w[4]}:${w[5]}`, detail };
    case '+tilt': case '-tilt': return { event, detail };
    default: {
      const about = w.length >= 5 ? nameAt(w[3], w[4]) ?? `${w[3]}:${w[4]}` : undefined;
      const abort = w[0].startsWith('-failover-abort-') ? w[0].slice('-failover-abort-'.length) : null;
      return { event, ...(about ? { about } : {}), detail: abort ?? detail };
    }
  }
}

export function sentinelLogEvents(d: Deployment, name: string, t0Wall: number): SentinelEvent[] {
  const out: SentinelEvent[] = [];
  const nameAt = (ip: string, port: string) => d.nameAt(ip, port);
  const byId = (id: string) => d.sentinels.find((s) => d.nodes[s].id === id) ?? null;
  for (const line of d.logOf(name).split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const when = logTime(m[1]);
    if (Number.isNaN(when) || when < t0Wall) continue;
    const e = sentinelEvent(m[2], nameAt, byId);
    if (e) out.push({ at: when - t0Wall, node: name, ...e });
  }
  return out;
}

/** `sentinel current-epoch`, `sentinel config-epoch mymaster`, `sentinel leader-epoch mymaster` of a sentinel.conf. */
export function confEpochs(text: string): { currentEpoch: number; configEpoch: number; leaderEpoch: number } {
  const get = (re: RegExp) => { const m = re.exec(text); return m ? Number(m[1]) : 0; };
  return {
    currentEpoch: get(/^sentinel current-epoch (\d+)$/m),
    configEpoch: get(new RegExp(`^sentinel config-epoch ${MASTER_NAME} (\\d+)$`, 'm')),
    leaderEpoch: get(new RegExp(`^sentinel leader-epoch ${MASTER_NAME} (\\d+)$`, 'm')),
  };
}

const STATES: FailoverState[] = ['none', 'wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion', 'reconf_slaves', 'update_config'];

/** SENTINEL MASTER's failover state: its `failover-state` field if given, else none unless a failover is flagged in progress. */
export function failoverStateOf(m: Record<string, string>): FailoverState | 'unknown' {
  const f = m['failover-state']?.replace(/^failover_state_/, '').toLowerCase();
  if (f && (STATES as string[]).includes(f)) return f as FailoverState;
  return (m.flags ?? '').split(',').includes('failover_in_progress') ? 'unknown' : 'none';
}

async function observeSentinel(d: Deployment, s: string, notes: string[]): Promise<SentinelOutcome & { queried: boolean }> {
  const n = d.nodes[s];
  const conf = existsSync(n.conf) ? readFileSync(n.conf, 'utf8') : '';
  const base = { up: n.state !== 'down', queried: false, master: null, ...confEpochs(conf), failoverState: 'none' as const, tilt: false };
  if (n.state !== 'up') return base;
  try {
    const addr = await d.cmd(s, ['SENTINEL', 'get-master-addr-by-name', MASTER_NAME], 2000);
    const m = fieldMap(await d.cmd(s, ['SENTINEL', 'MASTER', MASTER_NAME], 2000));
    const info = await d.infoOrNull(s, 'sentinel', 2000);
    const master = Array.isArray(addr) && addr.length === 2 ? d.nameAt(String(addr[0]), String(addr[1])) : null;
    const configEpoch = m['config-epoch'] !== undefined ? Number(m['config-epoch']) : base.configEpoch;
    return { ...base, queried: true, master, configEpoch, failoverState: failoverStateOf(m), tilt: info?.sentinel_tilt === '1' };
  } catch (e) {
    notes.push(`${s}: could not query at the end (${(e as Error).message})`);
    return base;
  }
}

async function observeDataNode(d: Deployment, name: string, notes: string[]): Promise<RealNodeOutcome> {
  const n = d.nodes[name];
  const base: RealNodeOutcome = {
    up: n.state !== 'down', queried: false, role: name === 'M' ? 'master' : 'replica', replicaOf: null, slots: [],
    currentEpoch: 0, configEpoch: 0, keys: -1, offset: -1, clusterState: 'ok', replid: '', linkStatus: '',
  };
  if (n.state !== 'up') return base;
  try {
    const ri = await d.replication(name);
    const keys = await d.cmd(name, ['DBSIZE'], 2000);
    const isMaster = ri.role === 'master';
    return {
      ...base, queried: true, role: isMaster ? 'master' : 'replica',
      replicaOf: isMaster ? null : d.nameAt(ri.master_host, ri.master_port) ?? `${ri.master_host}:${ri.master_port}`,
      keys: typeof keys === 'number' ? keys : -1,
      offset: Number(isMaster ? ri.master_repl_offset : ri.slave_repl_offset ?? ri.master_repl_offset),
      replid: ri.master_replid ?? '', linkStatus: isMaster ? 'n/a' : ri.master_link_status ?? 'down',
    };
  } catch (e) {
    notes.push(`${name}: could not query at the end (${(e as Error).message})`);
    return base;
  }
}

/**
 * The node whose data decides which acknowledged writes survived: in a sentinel deployment the node
 * most running Sentinels name (the first of them in S1, S2… order on a tie), if it is a running
 * master. Otherwise, and in a replication deployment, the model's rule (standaloneFinalMaster): among
 * the running masters, the one most running data nodes replicate from, directly or down a chain; on a
 * tie the writers' target (`target`: M, or the master the writers last asked for), then the first
 * name. Null when no master runs. The model's outcome is read with the same function.
 */
export function finalMaster(
  nodes: Record<string, { up: boolean; role: string; replicaOf: string | null }>,
  sentinels: Record<string, { up: boolean; master: string | null }>,
  target = 'M',
): string | null {
  const votes = new Map<string, number>();
  const order: string[] = [];
  for (const s of Object.keys(sentinels).sort(bySuffix)) {
    const m = sentinels[s].up ? sentinels[s].master : null;
    if (!m) continue;
    if (!votes.has(m)) order.push(m);
    votes.set(m, (votes.get(m) ?? 0) + 1);
  }
  const named = [...order].sort((a, b) => votes.get(b)! - votes.get(a)!)[0];
  if (named && nodes[named]?.up && nodes[named].role === 'master') return named;
  const rootOf = (n: string): string | null => {
    const seen = new Set<string>();
    let x = n;
    while (nodes[x]?.role === 'replica') {
      if (seen.has(x)) return null;
      seen.add(x);
      const m = nodes[x].replicaOf;
      if (m === null || !(m in nodes)) return null;
      x = m;
    }
    return nodes[x]?.up ? x : null;
  };
  const followers = new Map<string, number>();
  for (const [n, o] of Object.entries(nodes)) {
    if (!o.up) continue;
    if (o.role === 'master') { followers.set(n, followers.get(n) ?? 0); continue; }
    const root = rootOf(n);
    if (root !== null) followers.set(root, (followers.get(root) ?? 0) + 1);
  }
  let best: string | null = null;
  const rank = (m: string) => followers.get(m)! * 2 + (m === target ? 1 : 0);
  for (const m of [...followers.keys()].sort()) if (best === null || rank(m) > rank(best)) best = m;
  return best;
}

/** S2 before S10; M before R1 before R2. */
export const bySuffix = (a: string, b: string) => a.replace(/\d+$/, '').localeCompare(b.replace(/\d+$/, '')) || Number(a.match(/\d+$/)?.[0] ?? 0) - Number(b.match(/\d+$/)?.[0] ?? 0);

export async function observeStandalone(d: Deployment, play: StandalonePlayResult, wipes: RealEvent[], t0Wall: number): Promise<StandaloneRealOutcome> {
  const notes = play.notes;
  const nodes: Record<string, RealNodeOutcome> = {};
  for (const n of d.dataNodes()) nodes[n.name] = await observeDataNode(d, n.name, notes);
  const sentinels: StandaloneRealOutcome['sentinels'] = {};
  for (const s of d.sentinels) sentinels[s] = await observeSentinel(d, s, notes);
  // The writers' target: M in a replication trace, else the master the writers were last told of.
  const target = d.sentinels.length ? [...play.asks].reverse().find((a) => a.master)?.master ?? 'M' : 'M';
  const fm = finalMaster(Object.fromEntries(Object.entries(nodes).map(([k, v]) => [k, { up: v.queried, role: v.role, replicaOf: v.replicaOf }])), sentinels, target);
  const acked = play.writes.filter((w) => w.result === 'acked');
  const lostIds: string[] = [];
  if (fm) {
    const replies = await Promise.all(acked.map((w) => d.cmd(fm, ['GET', w.key], 5000)));
    acked.forEach((w, i) => {
      const v = replies[i];
      const ok = typeof v === 'string' && !(v as unknown instanceof RespError) && (v === w.id || Number(v.slice(1)) > Number(w.id.slice(1)));
      if (!ok) lostIds.push(w.id);
    });
  }
  lostIds.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const events: RealEvent[] = [
    ...d.dataNodes().flatMap((n) => dataLogEvents(d, n.name, t0Wall)),
    ...d.sentinels.flatMap((s) => sentinelLogEvents(d, s, t0Wall)),
    ...wipes,
  ].sort((a, b) => a.at - b.at);
  const count = (r: RealWrite['result']) => play.writes.filter((w) => w.result === r).length;
  const refusedBy: Record<string, number> = {};
  for (const w of play.writes) if (w.result === 'refused') refusedBy[w.error!] = (refusedBy[w.error!] ?? 0) + 1;
  return {
    topology: d.trace.config.topology === 'sentinel' ? 'sentinel' : 'replication',
    nodes, sentinels, finalMaster: fm,
    writes: { acked: acked.length, refused: count('refused'), unknown: count('unknown') + count('pending'), lost: lostIds.length, unavailable: fm ? 0 : acked.length, lostIds, refusedBy },
    writeLog: play.writes, events, faults: play.faults as PlayResult['faults'], notes, asks: play.asks,
  };
}
