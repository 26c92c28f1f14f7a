// The timeline table, the per-step changes and the Mermaid sequence diagram of a counterexample
// report for a Sentinel or replication deployment: data nodes as `role offset/keys`, and beside
// them each Sentinel's state (the master it believes in, its current epoch, its failover state).
import type { State, TimelineEntry } from '../model/kernel/state.ts';
import { advertisedOffset } from '../model/kernel/nodes.ts';
import { sentinelGetCurrentMasterAddress } from '../model/sentinel/sentinelGetCurrentMasterAddress.ts';
import { fieldsOf, logName } from './sentinel.ts';
import { fmtTime } from './timeline.ts';

export interface DataSnap { up: string; role: string; offset: number; keys: number }
export interface SentinelSnap { up: string; master: string | null; epoch: number; failover: string; tilt: boolean }
export interface Snap { data: Record<string, DataSnap>; sentinels: Record<string, SentinelSnap> }
export interface Row { e: TimelineEntry; step: number; snap: Snap }

const mark = (proc: string) => (proc === 'up' ? '' : proc === 'down' ? '✝' : '⏸');

/** Every data node and every Sentinel after one step. */
export function standaloneSnapshot(s: State): Snap {
  const data: Record<string, DataSnap> = {};
  for (const n of Object.values(s.nodes)) {
    data[n.name] = {
      up: mark(n.proc),
      role: n.role === 'master' ? 'M' : `r(${n.repl.master})`,
      offset: n.role === 'master' ? n.masterReplOffset : advertisedOffset(n),
      keys: s.store.keyCount(n.data),
    };
  }
  const sentinels: Record<string, SentinelSnap> = {};
  for (const x of Object.values(s.sentinels ?? {})) {
    // As the outcome and SENTINEL get-master-addr-by-name say it: the promoted replica from RECONF_SLAVES on.
    sentinels[x.name] = { up: mark(x.proc), master: sentinelGetCurrentMasterAddress(x.master), epoch: x.currentEpoch, failover: x.master.failoverState, tilt: x.tilt };
  }
  return { data, sentinels };
}

export const fmtData = (x: DataSnap): string => `${x.up}${x.role} ${x.offset}/${x.keys}k`;
export const fmtSentinel = (x: SentinelSnap): string =>
  `${x.up}→${x.master ?? '?'} e${x.epoch}${x.failover === 'none' ? '' : ` ${x.failover}`}${x.tilt ? ' TILT' : ''}`;

/** An event as the reader sees it: Sentinel's log name, then its fields. */
export function describeStandalone(e: TimelineEntry, sentinels: ReadonlySet<string>): string {
  const extra = fieldsOf(e, sentinels);
  const name = logName(e, sentinels, e.node);
  return `${name}${extra ? ` ${extra}` : ''}`;
}

export function timelineTable(rows: Row[], dataNames: string[], sentinelNames: string[]): string[] {
  const S = new Set(sentinelNames);
  const L = ['## Timeline', '', 'Each row: time, node, event (Sentinel events as Sentinel logs them); then every data node as `role offset/keys` (✝ down, ⏸ paused; `M` master, `r(X)` replica of X)'
    + `${sentinelNames.length ? ' and every Sentinel as `→master epoch failover-state` (the master it believes in, its current epoch, its failover state when one is running; TILT when in TILT)' : ''}.`, ''];
  const cols = [...dataNames, ...sentinelNames];
  L.push(`| time | step | node | event | ${cols.join(' | ')} |`, `|---|---|---|---|${cols.map(() => '---').join('|')}|`);
  for (const { e, step, snap } of rows) {
    const cells = [...dataNames.map((n) => fmtData(snap.data[n])), ...sentinelNames.map((n) => fmtSentinel(snap.sentinels[n]))];
    L.push(`| ${fmtTime(e.at)} | ${step} | ${e.node} | ${describeStandalone(e, S).replace(/\|/g, '/')} | ${cells.join(' | ')} |`);
  }
  L.push('');
  return L;
}

/** Data events whose key count change is the point (a sync, a wipe, a restart that loaded or did not load). */
const KEY_EVENTS = new Set(['full-sync', 'wiped', 'restart', 'crash', 'promoted', 'replicaof']);

export function stepChanges(rows: Row[], dataNames: string[], sentinelNames: string[]): string[] {
  const L = ['## Per-step changes that matter', ''];
  let prev: Snap | null = null;
  for (const { e, step, snap } of rows) {
    if (prev) {
      const p = prev;
      const changes: string[] = [];
      for (const n of dataNames) {
        const a = p.data[n];
        const b = snap.data[n];
        // Keys change with every write: only the event's own node's count is news.
        if (a.role !== b.role || a.up !== b.up || (a.keys !== b.keys && KEY_EVENTS.has(e.event) && n === e.node)) changes.push(`${n} ${fmtData(a)} → ${fmtData(b)}`);
      }
      for (const n of sentinelNames) {
        const a = p.sentinels[n];
        const b = snap.sentinels[n];
        if (a.up !== b.up || a.master !== b.master || a.epoch !== b.epoch || a.failover !== b.failover || a.tilt !== b.tilt) changes.push(`${n} ${fmtSentinel(a)} → ${fmtSentinel(b)}`);
      }
      if (changes.length) L.push(`- step ${step} (${fmtTime(e.at)}) ${e.node} ${describeStandalone(e, new Set(sentinelNames)).split(' ')[0]}: ${changes.join('; ')}`);
    }
    prev = snap;
  }
  L.push('');
  return L;
}

/** Sentinel events that are a command sent to a data node (sentinelSendSlaveOf, CLIENT KILL…). */
const COMMANDS = new Set(['slave-reconf-sent', 'convert-to-slave', 'fix-slave-config']);
/** Sentinel events that are what it observed of a data node (INFO, PING). */
const OBSERVED = new Set(['sdown', 'sdown-cleared', 'odown', 'odown-cleared', 'promoted-slave', 'reboot', 'slave-reconf-inprog', 'slave-reconf-done']);

/** The data node a Sentinel event concerns, when it names one. */
function target(e: TimelineEntry, data: ReadonlySet<string>): string | null {
  for (const k of ['about', 'slave', 'replica', 'detail']) {
    const v = e[k];
    if (typeof v === 'string' && data.has(v)) return v;
  }
  return null;
}

/** The Sentinel a vote went to (the leader it names), when it is another Sentinel. */
function votedFor(e: TimelineEntry, sentinels: ReadonlySet<string>): string | null {
  for (const k of ['leader', 'detail']) {
    const v = e[k];
    if (typeof v === 'string' && sentinels.has(v) && v !== e.node) return v;
  }
  return null;
}

export function sequence(rows: Row[], dataNames: string[], sentinelNames: string[]): string[] {
  const data = new Set(dataNames);
  const S = new Set(sentinelNames);
  const all = [...dataNames, ...sentinelNames];
  const L = ['## Sequence', '', '```mermaid', 'sequenceDiagram', '  participant client'];
  for (const n of dataNames) L.push(`  participant ${n}`);
  for (const n of sentinelNames) L.push(`  participant ${n}`);
  for (const { e } of rows) {
    const t = fmtTime(e.at);
    const name = logName(e, S, e.node);
    const epoch = e.epoch !== undefined ? ` e${e.epoch}` : '';
    if (['full-sync', 'partial-sync', 'psync-continue'].includes(e.event) && e.from && data.has(e.from) && data.has(e.node)) {
      L.push(`  ${e.from}->>${e.node}: ${t} ${e.event}`);
    } else if (e.event === 'partition' || e.event === 'heal' || !all.includes(e.node)) {
      L.push(`  Note over ${all[0]},${all[all.length - 1]}: ${t} ${e.event} ${String(e.detail ?? '')}`);
    } else if (S.has(e.node) && e.event === 'vote-for-leader' && votedFor(e, S)) {
      L.push(`  ${e.node}->>${votedFor(e, S)}: ${t} ${name}${epoch}`);
    } else if (S.has(e.node) && e.event === 'switch-master') {
      L.push(`  Note over ${e.node}: ${t} ${name}${e.from ? ` ${e.from}` : ''}${e.about ? ` → ${e.about}` : ''}${epoch}`);
    } else if (S.has(e.node) && (COMMANDS.has(e.event) || OBSERVED.has(e.event)) && target(e, data)) {
      L.push(`  ${e.node}${COMMANDS.has(e.event) ? '->>' : '-->>'}${target(e, data)}: ${t} ${name}${epoch}`);
    } else if (e.event === 'replicaof' && data.has(e.node)) {
      L.push(`  Note over ${e.node}: ${t} REPLICAOF ${e.detail === 'no one' ? 'NO ONE' : String(e.detail ?? '')}`);
    } else if (e.event === 'edit-config' && data.has(e.node)) {
      L.push(`  Note over ${e.node}: ${t} redis.conf edited: ${String(e.detail ?? '')}`);
    } else if (e.event !== 'cluster-state') {
      L.push(`  Note over ${e.node}: ${t} ${name}${epoch}`);
    }
  }
  L.push('```', '');
  return L;
}
