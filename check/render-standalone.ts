// The verdict on a standalone deployment (cluster-enabled no: Sentinel-managed, or plain replication),
// as a terminal table and as Markdown, from the same rows as the Cluster report (render.ts).
import { DEFAULTS } from '../model/kernel/config.ts';
import { fmtLost, fmtRecovery, fmtUnavail, fmtWiped, fmtWindow } from '../audit/matrix-render.ts';
import { fmtReached } from '../audit/matrix-sentinel-render.ts';
import { SENTINEL_OPERATOR_AFTER } from '../audit/matrix-sentinel.ts';
import { WRITE_EVERY } from '../audit/matrix-families.ts';
import type { Cell } from '../audit/matrix-measure.ts';
import type { StandalonePinnedConfig } from '../properties/generators.ts';
import { STANDALONE_MODELLED, type Ignored, type RedisOptions } from './mapping.ts';
import type { SentinelMapped } from './sentinel-mapping.ts';
import type { FamilyVerdict } from './run.ts';
import { mdTable, plain, propRow, showValue, summary, textTable, type Report } from './render.ts';
import { standaloneLabel, type StandaloneTopology } from './topology.ts';

export interface StandaloneReport extends Omit<Report, 'topology'> {
  /** The sentinel.conf as given, or undefined for plain replication. */
  sentinelConf?: string;
  topology: StandaloneTopology;
  sentinel?: SentinelMapped;
  config: StandalonePinnedConfig;
  notes: string[];
}

const kindLabel = (r: StandaloneReport) => (r.sentinel
  ? `one master with ${r.topology.replicas} replica${r.topology.replicas > 1 ? 's' : ''} under ${r.topology.sentinels} Sentinels`
  : `one master with ${r.topology.replicas} replica${r.topology.replicas > 1 ? 's' : ''}, plain replication (no failover manager)`);

/** Every option of a standalone node the model knows, then the Sentinel's: value and origin. */
function optionRows(r: StandaloneReport): string[][] {
  const m = r.mapped;
  const rows = Object.entries(STANDALONE_MODELLED).map(([name, k]) => {
    const s = m.settings.find((x) => x.key === k.key);
    const value = m.options[k.key] ?? DEFAULTS[k.key];
    return [name, showValue(k.key as keyof RedisOptions, value), s ? `${s.file}:${s.line}` : 'default'];
  });
  if (m.replicaof) rows.push(['replicaof', `${m.replicaof.host} ${m.replicaof.port}`, `${m.replicaof.file}:${m.replicaof.line}`]);
  const s = r.sentinel;
  if (!s) return rows;
  const from = (name: string) => s.settings.find((x) => x.name === name);

  const row = (name: string, key: keyof typeof DEFAULTS) => {
    const set = from(name);
    return [`sentinel ${name}`, String(r.config[key as keyof StandalonePinnedConfig] ?? DEFAULTS[key]), set ? `${set.file}:${set.line}` : 'default'];
  };
  rows.push([`sentinel monitor`, `${s.monitor.name} ${s.monitor.host} ${s.monitor.port} ${r.config.quorum}`, `${s.monitor.file}:${s.monitor.line}`]);
  rows.push(row('down-after-milliseconds', 'downAfterMilliseconds'), row('failover-timeout', 'failoverTimeout'), row('parallel-syncs', 'parallelSyncs'), row('master-reboot-down-after-period', 'masterRebootDownAfterPeriod'));
  return rows;
}

/** Both files' ignored directives, a name once (port in redis.conf and in sentinel.conf). */
const ignoredOf = (r: StandaloneReport): Ignored[] => [...r.mapped.ignored, ...(r.sentinel?.ignored ?? [])].filter((x, i, all) => all.findIndex((y) => y.name === x.name) === i);
const unknownOf = (r: StandaloneReport): Ignored[] => [...r.mapped.unknown, ...(r.sentinel?.unknown ?? [])];
const notesOf = (r: StandaloneReport): string[] => [...r.readNotes, ...r.mapped.notes, ...(r.sentinel?.notes ?? []), ...r.notes];

const FAM_HEAD = ['family', 'acked writes lost', 'largest loss window', 'longest unavailability (s)', '+odown after (s)', '+switch-master after (s)', 'recovery', 'dataset wiped', 'worst run'];

const famRow = (v: FamilyVerdict, r: StandaloneReport, link: boolean): string[] => {
  const c = v.cell as Cell<never>;
  const f = r.files.get(c.family.id)!;
  const aborted = c.runs.filter((m) => (m.aborts ?? 0) > 0).length;
  return [c.family.id, fmtLost(c), fmtWindow(c), fmtUnavail(c), fmtReached(c.runs, (m) => m.odownMs),
    `${fmtReached(c.runs, (m) => m.switchMs)}${aborted ? ` · ${aborted}/${c.runs.length} runs aborted a failover` : ''}`,
    fmtRecovery(c), fmtWiped(c), link ? `[trace](${f.link})` : f.shown];
};

/** The worst figures over every fault family. */
function worstLine(r: StandaloneReport): string {
  if (!r.families.length) return '';
  const top = (score: (f: FamilyVerdict) => number, show: (f: FamilyVerdict) => string) => {
    const f = r.families.reduce((a, b) => (score(b) > score(a) ? b : a));
    return score(f) > 0 ? `${show(f)} (${f.cell.family.id})` : 'none';
  };
  const down = (f: FamilyVerdict) => Math.max(0, ...Object.values(f.cell.agg.unavail).map((u) => u.ms));
  return `Worst measured — acked writes lost: ${top((f) => f.cell.agg.lost.max, (f) => String(f.cell.agg.lost.max))}; `
    + `loss window: ${top((f) => f.cell.agg.lostWindowMs.max, (f) => `${f.cell.agg.lostWindowMs.max} ms before the fault`)}; `
    + `writes acked after the fault began, then lost: ${top((f) => f.cell.agg.lostAfterMs, (f) => `up to ${f.cell.agg.lostAfterMs} ms after it`)}; `
    + `longest unavailability: ${top(down, (f) => `${(down(f) / 1000).toFixed(1)} s`)}.`;
}

/** The claims about this deployment kind; those about the others (Cluster, …) are only counted. */
const ownKind = (r: StandaloneReport) => r.properties.filter((p) => !p.otherKind);
const otherKinds = (r: StandaloneReport) => r.properties.filter((p) => p.otherKind);
const otherLine = (r: StandaloneReport) => `${otherKinds(r).length} claim${otherKinds(r).length === 1 ? ' is' : 's are'} about another deployment kind (Redis Cluster${r.sentinel ? ', plain replication' : ', Sentinel'}), n/a here`;

const NO_FAMILIES = 'The matrix has no fault family for plain replication (its families are Redis Cluster\'s and Sentinel\'s): only the claims above ran.';

export function renderStandaloneMarkdown(r: StandaloneReport): string {
  const out: string[] = [];
  out.push(`# Configuration check: \`${r.conf}\`${r.sentinelConf ? ` with \`${r.sentinelConf}\`` : ''}`, '');
  out.push(`Generated by \`${r.command}\` against the Redis 7.0.15 model: ${kindLabel(r)} (${standaloneLabel(r.topology)}), property runs ${r.runs} per claim, ${r.sentinel ? `${r.familyRuns} seeded runs per fault family, ` : ''}seed ${r.seed}.`, '');
  out.push('## Verdict', '', summary(r, !!r.sentinel), '', ...(r.families.length ? [worstLine(r), ''] : []));
  out.push('## Configuration as the model reads it', '');
  out.push(`Every data node (\`M\`, \`R1\`…) runs this redis.conf; the replicas follow \`M\`${r.sentinel ? ', and every Sentinel runs the sentinel.conf' : ''}.`, '');
  out.push(mdTable(['option', 'value', 'from'], optionRows(r)), '');
  const ig = ignoredOf(r);
  const matters = ig.filter((i) => i.why);
  const other = ig.filter((i) => !i.why);
  if (matters.length) out.push(`**Ignored — not modelled:** ${matters.map((i) => `\`${i.name}\` (${i.why})`).join('; ')}.`, '');
  if (other.length) out.push(`**Ignored — not modelled, no bearing on failover or persistence here:** ${other.map((i) => `\`${i.name}\``).join(', ')}.`, '');
  const unk = unknownOf(r);
  if (unk.length) out.push(`**Not Redis 7.0.15 directives** (Redis would refuse to start): ${unk.map((u) => `\`${u.name}\` (${u.file}:${u.line})`).join(', ')}.`, '');
  for (const n of notesOf(r)) out.push(`Note: ${n}`, '');

  out.push('## Claims of the catalogue', '');
  out.push('Each claim runs with its own fault generator, the configuration above pinned; a claim written for another deployment kind is *n/a*. *holds*: a guarantee (`always`/`eventually`) with no violation in the runs; *can happen*: a hazard (`sometimes`) with a shrunk witness; *not found*: a hazard not seen in the runs (not a proof of absence); *VIOLATED*: a guarantee failed — the counterexample shows how. *runs*: traces generated on this configuration; with a witness or counterexample, the one that showed it (it was then shrunk).', '');
  out.push(mdTable(['claim', 'expects', 'verdict', 'runs', 'trace'], ownKind(r).map((p) => propRow(p, r, true))), '');
  if (otherKinds(r).length) out.push(`${otherLine(r)}: ${otherKinds(r).map((p) => `\`${p.property}\``).join(', ')}.`, '');
  const found = r.properties.filter((p) => p.message);
  if (found.length) {
    out.push('### Witnesses and counterexamples', '');
    for (const p of found) out.push(`- **${p.property}** — ${p.claim} ${p.message}`);
    out.push('', 'Replay one with `npm run simulate -- <trace.json> --timeline`.', '');
  }
  const na = ownKind(r).filter((p) => p.verdict === 'not-applicable');
  if (na.length) out.push(`Outside this configuration: ${na.map((p) => `\`${p.property}\` (${p.scope})`).join('; ')}.`, '');

  out.push('## The runbooks\' fault families', '');
  if (!r.sentinel) {
    out.push(NO_FAMILIES, '');
    return `${out.join('\n')}\n`;
  }
  out.push(`The Sentinel matrix's schedules (\`npm run matrix\`), run on this configuration and these processes: one client writes a fresh key every ${WRITE_EVERY} ms, asking the Sentinels for the master (S1 first); crashed processes come back when the operator restarts them, ${SENTINEL_OPERATOR_AFTER / 1000} s after the fault. The schedules scale with down-after-milliseconds. A cell is the worst of ${r.familyRuns} runs with the range in parentheses. *+odown after* / *+switch-master after*: from the fault to the first Sentinel's \`+odown\` about M, and to the first \`+switch-master\` (never: not within the run). *Recovery*: auto, after-restart (only once the operator restarted the crashed processes), operator (still broken at the end).`, '');
  out.push(mdTable(FAM_HEAD, r.families.map((f) => famRow(f, r, true))), '');
  for (const f of r.families) out.push(`- \`${f.cell.family.id}\` — ${f.cell.family.title} (${f.cell.family.source}). ${f.cell.family.schedule}`);
  out.push('');
  return `${out.join('\n')}\n`;
}

export function renderStandaloneText(r: StandaloneReport, mdPath: string): string {
  const out: string[] = [];
  out.push(`${r.conf}${r.sentinelConf ? ` + ${r.sentinelConf}` : ''}: ${kindLabel(r)} (${standaloneLabel(r.topology)}), seed ${r.seed}`);
  const set = [...r.mapped.settings.map((s) => `${s.name} ${showValue(s.key, r.mapped.options[s.key])}`), ...(r.sentinel?.settings ?? []).map((s) => `sentinel ${s.name} ${s.value}`)];
  out.push(`  modelled: ${set.join(', ') || '(all defaults)'}`);
  const ig = ignoredOf(r);
  const matters = ig.filter((i) => i.why);
  const other = ig.filter((i) => !i.why);
  if (matters.length) out.push(`  warning: not modelled: ${matters.map((i) => `${i.name} (${i.why})`).join('; ')}`);
  if (other.length) out.push(`  warning: not modelled: ${other.map((i) => i.name).join(', ')}`);
  const unk = unknownOf(r);
  if (unk.length) out.push(`  warning: not Redis 7.0.15 directives (Redis would refuse to start): ${unk.map((u) => `${u.name} (${u.file}:${u.line})`).join(', ')}`);
  for (const n of notesOf(r)) out.push(`  note: ${n}`);
  if (ownKind(r).length) out.push('', textTable(['claim', 'expects', 'verdict', 'runs', 'trace'], ownKind(r).map((p) => propRow(p, r, false))));
  if (otherKinds(r).length) out.push(`  ${otherLine(r)} (not listed).`);
  for (const p of r.properties.filter((x) => x.message)) out.push(`  ${p.property}: ${p.message}`);
  if (r.families.length) out.push('', textTable(FAM_HEAD, r.families.map((f) => famRow(f, r, false))));
  else if (!r.sentinel) out.push('', plain(NO_FAMILIES));
  out.push('', summary(r, !!r.sentinel), ...(r.families.length ? [worstLine(r)] : []), `Report: ${mdPath}`);
  return `${out.join('\n')}\n`;
}
