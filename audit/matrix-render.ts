// Markdown for reports/matrix.md and for each cell's evidence file reports/matrix/<cell>.md.
import { fmtTime, renderTimeline } from '../render/timeline.ts';
import { renderLedger } from '../render/ledger.ts';
import type { RunResult } from '../properties/property.ts';
import {
  NODE_TIMEOUT, OPERATOR_AFTER, PERSISTENCE_LABEL, WARMUP, WRITE_EVERY, configLabel, type Built, type MatrixConfig,
} from './matrix-families.ts';
import type { FamilyLayout } from './matrix-layout.ts';
import { BASE } from './matrix-layout.ts';
import { isEmptying, isSentinelConfig, shardsOf, type AnyMatrixConfig, type Cell, type RunMeasure } from './matrix-measure.ts';
import { sentinelConfigLabel } from './matrix-sentinel.ts';
import { sentinelCellRow } from './matrix-sentinel-render.ts';
import { evaluate, MEASURES, predicate, targetId, type Tables } from './matrix-tables.ts';

const s1 = (ms: number) => (ms / 1000).toFixed(1);
const esc = (x: string) => x.replace(/\|/g, '\\|');
const evidence = (id: string, dir = 'matrix') => `[trace](${dir}/${id}.json) · [report](${dir}/${id}.md)`;

function range(min: number, max: number, fmt: (x: number) => string = String): string {
  return min === max ? fmt(max) : `${fmt(max)} (${fmt(min)}–${fmt(max)})`;
}

export function fmtLost(c: Cell<AnyMatrixConfig>): string {
  return c.agg.lost.max === 0 ? '0' : `**${range(c.agg.lost.min, c.agg.lost.max)}**`;
}

export function fmtWindow(c: Cell<AnyMatrixConfig>): string {
  const a = c.agg;
  const parts: string[] = [];
  if (a.lost.max === 0) return '—';
  if (a.lostWindowMs.max > 0 || a.lostAfterMs === 0) parts.push(`${range(a.lostWindowMs.min, a.lostWindowMs.max)} ms`);
  if (a.lostAfterMs > 0) parts.push(`acked up to ${a.lostAfterMs} ms after the fault`);
  return parts.join('; ');
}

export function fmtUnavail(c: Cell<AnyMatrixConfig>): string {
  return Object.entries(c.agg.unavail).map(([shard, u]) => {
    const v = u.open ? `≥${s1(u.ms)}∞` : `${s1(u.ms)}${u.untilOperator ? '†' : ''}`;
    const txt = `${shard} ${v}`;
    return c.faulted.includes(shard) ? `**${txt}**` : txt;
  }).join(' · ');
}

export function fmtFailover(c: Cell<AnyMatrixConfig>): string {
  const f = c.agg.failoverMs;
  if (f.runs === 0) return 'none';
  return `${range(f.min, f.max, s1)}${f.runs < c.runs.length ? ` (${f.runs}/${c.runs.length} runs)` : ''}`;
}

export function fmtRecovery(c: Cell<AnyMatrixConfig>): string {
  const n = c.runs.length;
  const parts = (Object.entries(c.agg.recovery) as Array<[string, number]>).filter(([, k]) => k > 0).map(([r, k]) => (k === n ? r : `${r} ${k}/${n}`));
  const mark = c.agg.worstRecovery === 'auto' ? '✅' : c.agg.worstRecovery === 'after-restart' ? '⚠️' : '❌';
  return `${mark} ${parts.join(', ')}`;
}

const goneRuns = (c: Cell<AnyMatrixConfig>) => c.runs.filter((m) => c.faulted.length > 0 && c.faulted.every((f) => (m.preFaultLoss[f] ?? 0) >= 0.99)).length;

export function fmtWiped(c: Cell<AnyMatrixConfig>): string {
  const n = c.runs.length;
  const out: string[] = [];
  const emptied = [...new Set(c.runs.flatMap((m) => m.wipes.filter(isEmptying).map((w) => w.node)))].sort();
  if (c.agg.emptiedRuns) out.push(`❌ ${emptied.join(', ')} emptied by a full sync (${c.agg.emptiedRuns}/${n})`);
  const partialRuns = c.runs.filter((m) => m.wipes.some((w) => !isEmptying(w)));
  if (partialRuns.length) {
    const ws = partialRuns.flatMap((m) => m.wipes.filter((w) => !isEmptying(w)));
    out.push(`⚠️ ${[...new Set(ws.map((w) => w.node))].sort().join(', ')}: a full sync dropped ≤ ${Math.max(...ws.map((w) => w.dropped))} keys (${partialRuns.length}/${n})`);
  }
  const gone = goneRuns(c);
  if (gone && !c.agg.emptiedRuns) out.push(`❌ ${c.faulted.join(', ')}'s data all gone (${gone}/${n})`);
  return out.length ? out.join('; ') : 'no';
}

function shortConfig(c: MatrixConfig, main: boolean): string {
  const base = `${PERSISTENCE_LABEL[c.persistence]} · ${c.masters}×${c.replicas}`;
  if (main) return base;
  const turned: string[] = [];
  if (c.fullCoverage !== BASE.fullCoverage) turned.push(`full-coverage ${c.fullCoverage ? 'yes' : 'no'}`);
  if (c.minReplicas !== BASE.minReplicas) turned.push(`min-replicas ${c.minReplicas}`);
  if (c.masters !== BASE.masters) turned.push(`${c.masters} masters`);
  return `${base} · **${turned.join(', ')}**`;
}

function familyTable(cells: Cell[], main: boolean): string[] {
  const L = ['| configuration | acked writes lost, worst (range) | largest loss window | longest unavailability per slot range, s | failover done after, s | recovery | dataset wiped | evidence |', '|---|---|---|---|---|---|---|---|'];
  for (const c of cells) L.push(`| ${shortConfig(c.config, main)} | ${fmtLost(c)} | ${fmtWindow(c)} | ${fmtUnavail(c)} | ${fmtFailover(c)} | ${fmtRecovery(c)} | ${fmtWiped(c)} | ${evidence(c.id)} |`);
  return L;
}

export interface MatrixMeta { runs: number; seed: number; cells: number; traces: number }

function legend(meta: MatrixMeta): string[] {
  const r3 = shardsOf({ masters: 3 }).map((x) => `${x.shard} = ${x.slots.map(([a, b]) => `${a}–${b}`).join(',')}`).join(', ');
  const r5 = shardsOf({ masters: 5 }).map((x) => `${x.shard} = ${x.slots.map(([a, b]) => `${a}–${b}`).join(',')}`).join(', ');
  return [
    '## Legend',
    '',
    `- **Runs.** Every cell is ${meta.runs} deterministic runs of the model (\`simulate\`), seeds ${meta.seed}…${meta.seed + meta.runs - 1}; the seed moves the fault time (T0 = ${WARMUP / 1000} s + 0…1 s, so the AOF fsync and write phases differ) and the protocol's own randomness (election delays, gossip). A cell shows the **worst run** and, in parentheses, the range over its runs. Its evidence is the worst run: the trace (\`npm run simulate -- reports/matrix/<cell>.json --timeline\` replays it) and a report with every run's measures, the worst run's timeline and its acknowledged-but-lost ledger.`,
    `- **Configuration.** \`cluster-node-timeout\` ${NODE_TIMEOUT} ms (runbook 000), Redis 7.0 defaults otherwise. *none*: \`appendonly no\`, \`save ""\`; *AOF everysec* / *AOF always*: \`appendonly yes\`, \`save ""\`; *RDB only*: \`appendonly no\`, \`save 2 1\` (the suite's RDB setting: a snapshot about every 2 s while writes flow — with Redis's default save points no snapshot would be taken within these runs and RDB only would behave like *none*). \`M×R\`: M masters with R replicas each; full-coverage is \`cluster-require-full-coverage\`; min-replicas is \`min-replicas-to-write\` (max-lag 10 s).`,
    `- **Writes.** One client writes a fresh key every ${WRITE_EVERY} ms (**${1000 / WRITE_EVERY} writes/s**, spread over all slot ranges, so each of 3 ranges gets about ${Math.round(1000 / WRITE_EVERY / 3)}/s), from time 0 until 3 s before the end of the run, routing like a cluster client (MOVED, refresh on error, 2 s timeout). Counts of lost writes are at this rate.`,
    '- **Acked writes lost**: acknowledged writes whose key is absent from the final master of their slot at the end of the run (the outcome\'s `lost` ledger).',
    '- **Largest loss window**: the largest gap between a lost acknowledged write and the fault that lost it (the first fault at or after the write was applied), in ms: the fault time minus the ack time, as in `properties/` and the outcome\'s `maxLossWindowMs`. A window as long as the time before the fault (5–6 s) means every write since the start was lost. "Acked up to N ms after the fault" is for writes acknowledged after the fault began (a split brain\'s minority master) and lost.',
    `- **Longest unavailability per slot range**: the longest run of consecutive writes to the range that were not acknowledged (refused: CLUSTERDOWN, CONNREFUSED, NOREPLICAS…, or no reply within 2 s), in seconds, worst run; the ranges hit by the fault are in bold. † the window ended only after the operator restarted the crashed nodes; ∞ the range never came back before the writers stopped. Ranges: ${r3} (3 masters); ${r5} (5 masters).`,
    '- **Failover done after**: seconds from the fault to the last replica promotion in the run (the slots have a master again on the majority side), over the runs that had one; *none*: no replica was promoted.',
    '- **The client** keeps its slot map until a MOVED or a refused connection (the model\'s cluster client, docs/decisions.md); a write that times out does not refresh it. So when a partition hides the old master from the client (drill 4), the client keeps writing to it until the heal, and its range is unavailable for the whole partition even after a replica was promoted on the client\'s side: compare with *failover done after*.',
    `- **Recovery**: ✅ *auto* — cluster_state ok on every running node, a running master for every slot, and the last write to every range acknowledged, without any operator action (checked just before the operator's restart, and again at the end); ⚠️ *after-restart* — that state is reached only once the operator restarts the crashed nodes (T0 + ${OPERATOR_AFTER / 1000} s, the runbook's "an hour later"); ❌ *operator* — not reached even then: a human must do more (e.g. \`CLUSTER FAILOVER TAKEOVER\`). Families without an operator step (restart by a supervisor, a network that heals) are judged at the end. "auto 3/5" gives the split over runs.`,
    '- **Dataset wiped**: a full sync replaced a node\'s dataset and dropped keys it held (the `wiped` timeline event), ❌ *emptied* when at least 90% of its keys were dropped, ⚠️ otherwise (with the most keys dropped); a replica that migrated to another shard\'s master (replica migration) and so dropped the other shard\'s keys is not counted (the evidence lists those). ❌ "data all gone": every write acknowledged to the faulted range before the fault was lost without a full sync (e.g. a master and its replica both restarting empty).',
    `- **Regenerate**: \`npm run matrix\` (${meta.cells} cells, ${meta.traces} runs; \`--runs\` / \`MATRIX_RUNS\` and \`--seed\` / \`MATRIX_SEED\` change the runs per cell and the first seed). Deterministic: the same model gives the same report. Generated from the model; never edit by hand — change the model and the report changes.`,
    '',
  ];
}

/** Short labels of the measures, for the grid. */
const SHORT: Record<keyof typeof MEASURES, string> = {
  lostCount: 'lost', lostWindowMs: 'window', lossRanges: 'ranges losing', preFaultLoss: 'pre-fault writes lost', replicaEmptied: 'emptied',
  recovery: 'recovery', promotions: 'promotions', promotionsMin: 'promotions (fewest)', unavailFaultedMs: 'down', unavailOtherMs: 'others down',
  faultedUntilOperator: 'down until operator', otherUntilOperator: 'others down until operator',
};

function tablesSection(tables: Tables, cellOf: (id: string) => Cell): string[] {
  const L: string[] = [];
  L.push('## Runbook 000, tables 5.1 and 5.2, beside the measurements', '');
  L.push('Each runbook cell is quoted (with an English gloss) from `audit/tables-5.json`, which also holds the reading of every claim in it as a predicate over a measured cell. ✓ the measurement agrees with the reading, ✗ it does not. The grid mirrors the runbook\'s layout; the list below it gives every reading, its predicate and the measured value.', '');
  let total = 0;
  let agree = 0;
  for (const t of tables.tables) {
    L.push(`### Table ${t.id} — ${t.quote} (${t.gloss})`, '');
    L.push(`| ${['场景<br>*scenario*', ...t.columns.flatMap((c) => [`${esc(c.quote)}<br>*${esc(c.gloss)}* — runbook`, 'measured'])].join(' | ')} |`, `|${['---', ...t.columns.flatMap(() => ['---', '---'])].join('|')}|`);
    for (const row of t.rows) {
      const cols: string[] = [];
      for (const col of t.columns) {
        const cell = t.cells.find((c) => c.row === row.id && c.column === col.id);
        if (!cell) { cols.push('', ''); continue; }
        cols.push(`${esc(cell.quote)}<br>*${esc(cell.gloss)}*`);
        cols.push(cell.against.map((a) => {
          const c = cellOf(targetId(a));
          const marks = cell.claims.map((cl) => { const v = evaluate(cl, c, cellOf); return `${v.agrees ? '✓' : '✗'} ${cl.less ? `${SHORT[cl.measure]} ${v.measured} vs ${v.other}` : `${SHORT[cl.measure]} ${v.measured}`}`; });
          return `[${a.family}](matrix/${c.id}.md): ${marks.join(' · ')}`;
        }).join('<br>'));
      }
      L.push(`| ${esc(row.quote)}<br>*${esc(row.gloss)}* | ${cols.join(' | ')} |`);
    }
    L.push('');
    L.push(`| cell | claim (quote · gloss) | reading | predicate | measured on | measured | agrees |`, '|---|---|---|---|---|---|---|');
    for (const cell of t.cells) {
      const colQ = t.columns.find((x) => x.id === cell.column)!;
      for (const cl of cell.claims) {
        for (const a of cell.against) {
          const c = cellOf(targetId(a));
          const v = evaluate(cl, c, cellOf);
          total++;
          if (v.agrees) agree++;
          L.push(`| ${cell.row} × ${esc(colQ.gloss)} | ${esc(cl.quote)} · *${esc(cl.gloss)}* | ${esc(cl.reading)} | \`${predicate(cl)}\` | ${evidence(c.id)} ${a.family}, ${configLabel(c.config)} | ${v.measured}${v.other ? ` vs ${v.other}` : ''} | ${v.agrees ? '✓' : '✗'} |`);
        }
      }
    }
    L.push('');
  }
  L.push(`**${agree} of ${total} checked readings agree with the model; ${total - agree} do not:**`, '');
  for (const t of tables.tables) for (const cell of t.cells) for (const cl of cell.claims) for (const a of cell.against) {
    const c = cellOf(targetId(a));
    const v = evaluate(cl, c, cellOf);
    if (!v.agrees) L.push(`- ✗ table ${t.id}, ${t.rows.find((r) => r.id === cell.row)!.gloss.split(':')[0]}, ${t.columns.find((x) => x.id === cell.column)!.gloss}: "${cl.quote}" (${cl.gloss}) — reading \`${predicate(cl)}\`, measured ${v.measured}${v.other ? ` vs ${v.other}` : ''} on [${c.id}](matrix/${c.id}.md)`);
  }
  L.push('', `Measures: ${Object.entries(MEASURES).map(([k, v]) => `\`${k}\` — ${v}`).join('; ')}.`, '');
  return L;
}

/** The Sentinel part of the matrix (matrix-sentinel-render.ts): its list of families and its sections, after the Cluster ones. */
export interface SentinelPart { families: string[]; sections: string[] }

export function renderMatrix(layouts: FamilyLayout[], cellOf: (id: string) => Cell, idOf: (f: string, c: MatrixConfig) => string, tables: Tables, meta: MatrixMeta, sentinel?: SentinelPart): string {
  const L: string[] = [];
  L.push('# Configuration × fault matrix', '');
  L.push('> Generated by `npm run matrix` (audit/matrix.ts) from model runs. Do not edit.', '');
  L.push('What each configuration really does under the runbooks\' faults: acknowledged writes lost, how far back they reach, how long each slot range refused writes, whether the cluster came back by itself, and whether a dataset was wiped. Every cell links to the trace of its worst run and a report of all its runs.', '');
  L.push(...legend(meta));
  L.push('## Fault families', '');
  for (const { family } of layouts) L.push(`- [\`${family.id}\`](#${family.id}) ${family.title} — ${family.source}`);
  if (sentinel) L.push(...sentinel.families);
  L.push('');
  L.push(...tablesSection(tables, cellOf));
  for (const { family, main, other } of layouts) {
    L.push(`## ${family.id}`, '', `**${family.title}.** ${family.source}. ${family.schedule}`, '');
    L.push(...familyTable(main.map((c) => cellOf(idOf(family.id, c))), true), '');
    if (other.length) {
      L.push('Other axes (one turned at a time from 3 masters, full-coverage yes, min-replicas 0):', '');
      L.push(...familyTable(other.map((c) => cellOf(idOf(family.id, c))), false), '');
    }
  }
  if (sentinel) L.push(...sentinel.sections);
  return `${L.join('\n')}\n`;
}

// ---------- evidence: one file per cell ----------

function runRow(m: RunMeasure, i: number, worst: number, sentinel = false): string {
  const un = Object.entries(m.unavail).map(([s, u]) => `${s} ${u.open ? `≥${s1(u.ms)}∞` : `${s1(u.ms)}${u.untilOperator ? '†' : ''}`}`).join(' · ');
  const wipes = [...m.wipes.map((w) => `${w.node} −${w.dropped} (${w.keysBefore}→${w.keysAfter}) from ${w.from} @ ${fmtTime(w.at)}`),
    ...(m.migrations ? [`(${m.migrations} replica migration${m.migrations > 1 ? 's' : ''} to another shard, not counted)`] : [])].join('; ') || '—';
  const lostR = Object.entries(m.lostByRange).filter(([, k]) => k > 0).map(([s, k]) => `${s}:${k}`).join(' ');
  const sen = sentinel ? ` ${m.odownMs == null ? 'never' : `${s1(m.odownMs)} s`} / ${m.switchMs == null ? 'never' : `${s1(m.switchMs)} s`}${m.aborts ? ` (${m.aborts} aborted)` : ''} |` : '';
  return `| ${i === worst ? `**${m.seed}** (worst)` : m.seed} | ${fmtTime(m.faultAt)} | ${m.acked} | ${m.lost}${lostR ? ` (${lostR})` : ''} | ${m.lostWindowMs}${m.lostAfterMs ? ` / +${m.lostAfterMs} after` : ''} | ${un} | ${m.recovery}${m.recoveryNote ? ` — ${esc(m.recoveryNote)}` : ''} | ${m.promotions}${m.failoverMs !== null ? ` (${s1(m.failoverMs)} s)` : ''} |${sen} ${wipes} |`;
}

export function renderEvidence(cell: Cell<AnyMatrixConfig>, worst: { r: RunResult; built: Built }, traces: Array<{ seed: number; trace: unknown }>): string {
  const { r } = worst;
  const o = r.outcome;
  const c = cell.config;
  const sentinel = isSentinelConfig(c);
  const L: string[] = [];
  L.push(`# ${cell.id}`, '', '> Generated by `npm run matrix`. Do not edit.', '');
  L.push(`- **Family:** ${cell.family.title} (${cell.family.source})`, `- **Schedule:** ${cell.family.schedule}`,
    `- **Configuration:** ${sentinel ? sentinelConfigLabel(c) : `${configLabel(c)}, node timeout ${NODE_TIMEOUT} ms`}, ${1000 / WRITE_EVERY} writes/s`);
  L.push(`- **Replay the worst run:** \`npm run simulate -- reports/matrix/${cell.id}.json --timeline\``, '');
  L.push('## In the matrix', '');
  if (sentinel) L.push(...sentinelCellRow(cell as Cell<typeof c>), '');
  else {
    L.push('| acked writes lost | largest loss window | longest unavailability per slot range, s | failover done after, s | recovery | dataset wiped |', '|---|---|---|---|---|---|');
    L.push(`| ${fmtLost(cell)} | ${fmtWindow(cell)} | ${fmtUnavail(cell)} | ${fmtFailover(cell)} | ${fmtRecovery(cell)} | ${fmtWiped(cell)} |`, '');
  }
  L.push('## Every run', '');
  if (sentinel) L.push('| seed | fault at | acked | lost | window ms | longest unavailability, s | recovery | promotions (last after) | +odown / +switch-master after | wipes |', '|---|---|---|---|---|---|---|---|---|---|');
  else L.push('| seed | fault at | acked | lost (per range) | window ms | longest unavailability, s | recovery | promotions (last after) | wipes |', '|---|---|---|---|---|---|---|---|---|');
  cell.runs.forEach((m, i) => L.push(runRow(m, i, cell.worst, sentinel)));
  L.push('');
  L.push(`## The worst run (seed ${cell.runs[cell.worst].seed})`, '', '```', renderTimeline(r.trace, r.state, o).trimEnd(), '```', '');
  L.push(...renderLedger(r, '###'));
  L.push('', '## The traces of every run', '', '<details><summary>one JSON trace per run (save one to a file and replay it with <code>npm run simulate</code>)</summary>', '');
  for (const t of traces) L.push(`seed ${t.seed}:`, '', '```json', JSON.stringify(t.trace), '```', '');
  L.push('</details>', '');
  return `${L.join('\n')}\n`;
}
