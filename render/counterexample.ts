// A counterexample / witness as people read it (design §6): the claim, a runbook-style timeline with
// each node's role / offset / keys / epoch (and, for a Sentinel deployment, each Sentinel's view),
// the acknowledged-but-lost ledger, the per-step changes that matter, and a Mermaid sequence
// diagram. Generated, never hand-edited.
import type { State, TimelineEntry } from '../model/kernel/state.ts';
import { advertisedOffset } from '../model/kernel/nodes.ts';
import { sentinelNames } from '../model/kernel/trace.ts';
import type { StoredCounterexample } from '../properties/counterexamples.ts';
import { byName } from '../properties/index.ts';
import { runTrace, type Property, type RunResult } from '../properties/property.ts';
import { renderLedger } from './ledger.ts';
import { isStandalone, STANDALONE_MATTERS } from './sentinel.ts';
import { sequence, standaloneSnapshot, stepChanges, timelineTable } from './standalone.ts';
import { fmtTime } from './timeline.ts';

/** Timeline events that change what a reader must know (the rest are noise: retries, refusals). */
const MATTERS = new Set(['crash', 'restart', 'pause', 'resume', 'partition', 'heal', 'fail', 'fail-cleared', 'election', 'promoted',
  'demoted', 'full-sync', 'partial-sync', 'psync-continue', 'wiped', 'cluster-state', 'manual-failover', 'epoch-collision', 'replica-migration']);

interface NodeSnap { role: string; offset: number; keys: number; epoch: string; up: string }

function snapshot(s: State): Record<string, NodeSnap> {
  const out: Record<string, NodeSnap> = {};
  for (const n of Object.values(s.nodes)) {
    out[n.name] = {
      role: n.role === 'master' ? 'M' : `r(${n.repl.master})`,
      offset: n.role === 'master' ? n.masterReplOffset : advertisedOffset(n),
      keys: s.store.keyCount(n.data),
      epoch: `${n.cluster.configEpoch}/${n.cluster.currentEpoch}`,
      up: n.proc === 'up' ? '' : n.proc === 'down' ? '✝' : '⏸',
    };
  }
  return out;
}

const fmtSnap = (x: NodeSnap) => `${x.up}${x.role} ${x.offset}/${x.keys}k e${x.epoch}`;

function describe(e: TimelineEntry): string {
  const extra = Object.entries(e).filter(([k, v]) => v !== undefined && !['at', 'node', 'event'].includes(k)).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${e.event}${extra ? ` ${extra}` : ''}`;
}

export function renderCounterexample(c: StoredCounterexample): string {
  const p = byName(c.property);
  if (isStandalone(c.trace)) return renderStandaloneCounterexample(c, p);
  const { rows, r } = replay(c, p, (e, kept) => MATTERS.has(e.event)
    && !(e.event === 'cluster-state' && kept.some((x) => x.e.event === 'cluster-state' && x.e.node === e.node && x.e.detail === e.detail && x.e.at === e.at)), snapshot);
  const names = Object.keys(r.state.nodes);
  const L: string[] = header(c, p, r);
  L.push('## Timeline', '', 'Each row: time, node, event; then every node as `role offset/keys epoch` (configEpoch/currentEpoch; ✝ down, ⏸ paused; `r(X)` replica of X).', '');
  L.push(`| time | step | node | event | ${names.join(' | ')} |`, `|---|---|---|---|${names.map(() => '---').join('|')}|`);
  for (const { e, step: st, snap } of rows) {
    L.push(`| ${fmtTime(e.at)} | ${st} | ${e.node} | ${describe(e).replace(/\|/g, '/')} | ${names.map((n) => fmtSnap(snap[n])).join(' | ')} |`);
  }
  L.push('');
  if (r.outcome) L.push(...renderLedger(r));
  L.push('## Per-step changes that matter', '');
  let prev: Record<string, NodeSnap> | null = null;
  for (const { e, step: st, snap } of rows) {
    const changed = names.filter((n) => !prev || prev[n].role !== snap[n].role || prev[n].up !== snap[n].up || prev[n].epoch !== snap[n].epoch || (prev[n].keys !== snap[n].keys && ['full-sync', 'wiped', 'restart', 'crash', 'promoted'].includes(e.event)));
    if (prev && changed.length) L.push(`- step ${st} (${fmtTime(e.at)}) ${e.node} ${e.event}: ${changed.map((n) => `${n} ${fmtSnap(prev![n])} → ${fmtSnap(snap[n])}`).join('; ')}`);
    prev = snap;
  }
  L.push('', '## Sequence', '', '```mermaid', 'sequenceDiagram');
  L.push(`  participant client`);
  for (const n of names) L.push(`  participant ${n}`);
  for (const { e } of rows) {
    const t = fmtTime(e.at);
    if (e.event === 'vote' || e.event === 'full-sync' || e.event === 'partial-sync' || e.event === 'psync-continue') {
      if (e.from && names.includes(e.from)) L.push(`  ${e.from}->>${e.node}: ${t} ${e.event}`);
      else L.push(`  Note over ${e.node}: ${t} ${e.event}`);
    } else if (e.event === 'fail' && e.about && names.includes(e.about)) {
      L.push(`  ${e.node}-->>${e.about}: ${t} FAIL`);
    } else if (e.event === 'partition' || e.event === 'heal') {
      L.push(`  Note over ${names[0]},${names[names.length - 1]}: ${t} ${e.event} ${String(e.detail ?? '')}`);
    } else if (e.event !== 'cluster-state') {
      L.push(`  Note over ${e.node}: ${t} ${e.event}${e.epoch !== undefined ? ` e${e.epoch}` : ''}`);
    }
  }
  L.push('```', '');
  return `${L.join('\n')}\n`;
}

/** Re-runs the trace, snapshotting every node after each timeline event `keep` selects. */
function replay<S>(c: StoredCounterexample, p: Property, keep: (e: TimelineEntry, kept: Array<{ e: TimelineEntry }>) => boolean, snap: (s: State) => S) {
  const rows: Array<{ e: TimelineEntry; step: number; snap: S }> = [];
  let seen = 0;
  let step = 0;
  const r = runTrace(c.trace, (s, a, t, scratch) => {
    p.watch?.(s, a, t, scratch);
    step++;
    for (; seen < s.timeline.length; seen++) if (keep(s.timeline[seen], rows)) rows.push({ e: s.timeline[seen], step, snap: snap(s) });
  });
  return { rows, r };
}

/** The claim, where it was found, and the trace, as every report opens. */
function header(c: StoredCounterexample, p: Property, r: RunResult): string[] {
  const message = p.check(r);
  const L: string[] = [];
  L.push(`# ${c.property}`, '');
  L.push(`> ${p.claim}`, '');
  L.push(`- **Expectation:** ${p.expectation} — this file is a ${p.expectation === 'sometimes' ? 'witness (the hazard is real)' : 'counterexample (the guarantee failed)'}`);
  L.push(`- **Scope:** ${p.scope}`, `- **Source:** ${p.source}`);
  L.push(`- **Found:** fast-check seed ${c.seed}, path \`${c.path}\`, failed at step ${c.failedAtStep}`);
  L.push(`- **Replayed now:** ${message ?? 'no longer shows it'}`, '');
  L.push('## Trace', '', '```json', JSON.stringify({ config: c.trace.config, seed: c.trace.seed, events: c.trace.events, until: c.trace.until }, null, 1).replace(/\n\s*/g, ' '), '```', '');
  L.push(`Replay: \`jq .trace counterexamples/${c.property}.json > /tmp/t.json && npx tsx cli/simulate.ts /tmp/t.json --timeline\``, '');
  return L;
}

/** A Sentinel or replication run: the same report, with each Sentinel's state beside the data nodes. */
function renderStandaloneCounterexample(c: StoredCounterexample, p: Property): string {
  const { rows, r } = replay(c, p, (e) => MATTERS.has(e.event) || STANDALONE_MATTERS.has(e.event), standaloneSnapshot);
  const dataNames = Object.keys(r.state.nodes);
  const sentinels = sentinelNames(r.trace.config);
  const L = header(c, p, r);
  L.push(...timelineTable(rows, dataNames, sentinels));
  if (r.outcome) L.push(...renderLedger(r));
  L.push(...stepChanges(rows, dataNames, sentinels), ...sequence(rows, dataNames, sentinels));
  return `${L.join('\n')}\n`;
}
