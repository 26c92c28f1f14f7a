// The verdict, as a plain-text table for the terminal and as Markdown for the report. Both come
// from the same rows; neither holds a wall time, so the same inputs give the same bytes.
import { DEFAULTS } from '../model/kernel/config.ts';
import { fmtFailover, fmtLost, fmtRecovery, fmtUnavail, fmtWiped, fmtWindow } from '../audit/matrix-render.ts';
import { NODE_TIMEOUT, OPERATOR_AFTER } from '../audit/matrix-families.ts';
import { MODELLED, type Mapped, type RedisOptions } from './mapping.ts';
import type { FamilyVerdict, PropertyVerdict, Verdict } from './run.ts';
import { topologyLabel, type Topology } from './topology.ts';

export interface Report {
  /** The configuration file as given on the command line. */
  conf: string;
  command: string;
  topology: Topology;
  mapped: Mapped;
  readNotes: string[];
  runs: number;
  familyRuns: number;
  seed: number;
  properties: PropertyVerdict[];
  families: FamilyVerdict[];
  /** Where each witness / worst-run trace was written: as linked from the Markdown, and as printed. */
  files: Map<string, { link: string; shown: string }>;
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  holds: 'holds',
  violated: 'VIOLATED',
  'can-happen': 'can happen',
  'not-found': 'not found',
  'not-applicable': 'n/a',
};

export const showValue = (key: keyof RedisOptions, v: unknown): string => {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (key === 'save') return (v as Array<[number, number]>).length ? (v as Array<[number, number]>).map(([s, c]) => `${s} ${c}`).join(' ') : '""';
  return String(v);
};

/** Every option the model knows: its value and where it came from. */
export function optionRows(m: Mapped): string[][] {
  return Object.entries(MODELLED).map(([name, k]) => {
    const s = m.settings.find((x) => x.key === k.key);
    const value = m.options[k.key] ?? DEFAULTS[k.key];
    return [name, showValue(k.key, value), s ? `${s.file}:${s.line}` : 'default'];
  });
}

export function summary(r: Pick<Report, 'properties' | 'families' | 'runs'>, withFamilies = true): string {
  const n = (v: Verdict) => r.properties.filter((p) => p.verdict === v).length;
  const k = (v: Verdict, one: string, many: string) => `${n(v)} ${n(v) === 1 ? one : many}`;
  const parts = [k('holds', 'guarantee holds', 'guarantees hold'), k('can-happen', 'hazard can happen', 'hazards can happen')];
  if (n('not-found')) parts.push(`${k('not-found', 'hazard', 'hazards')} not found in ${r.runs} runs`);
  if (n('violated')) parts.push(k('violated', 'guarantee VIOLATED', 'guarantees VIOLATED'));
  parts.push(k('not-applicable', 'claim outside this configuration', 'claims outside this configuration'));
  if (!withFamilies) return `${parts.join(', ')}.`;
  const lossy = r.families.filter((f) => f.cell.agg.lost.max > 0).map((f) => f.cell.family.id);
  const wiped = r.families.filter((f) => f.cell.agg.emptiedRuns > 0).map((f) => f.cell.family.id);
  const stuck = r.families.filter((f) => f.cell.agg.worstRecovery === 'operator').map((f) => f.cell.family.id);
  const fam = [`fault families losing acked writes: ${lossy.join(', ') || 'none'}`, `emptying a replica by a full sync: ${wiped.join(', ') || 'none'}`, `needing an operator: ${stuck.join(', ') || 'none'}`];
  return `${parts.join(', ')}; ${fam.join('; ')}.`;
}

/** The worst figures over every fault family: acked writes lost, loss window, refusal of one slot range. */
export function worstLine(r: Report): string {
  if (!r.families.length) return '';
  const top = <T>(score: (f: FamilyVerdict) => number, show: (f: FamilyVerdict) => T) => {
    const f = r.families.reduce((a, b) => (score(b) > score(a) ? b : a));
    return score(f) > 0 ? `${show(f)} (${f.cell.family.id})` : 'none';
  };
  const refusal = (f: FamilyVerdict) => Math.max(0, ...Object.values(f.cell.agg.unavail).map((u) => u.ms));
  const open = (f: FamilyVerdict) => Object.values(f.cell.agg.unavail).some((u) => u.open && u.ms === refusal(f));
  return `Worst measured — acked writes lost: ${top((f) => f.cell.agg.lost.max, (f) => f.cell.agg.lost.max)}; `
    + `loss window: ${top((f) => f.cell.agg.lostWindowMs.max, (f) => `${f.cell.agg.lostWindowMs.max} ms before the fault`)}; `
    + `writes acked after the fault began, then lost: ${top((f) => f.cell.agg.lostAfterMs, (f) => `up to ${f.cell.agg.lostAfterMs} ms after it`)}; `
    + `longest refusal of a slot range: ${top(refusal, (f) => `${open(f) ? '≥ ' : ''}${(refusal(f) / 1000).toFixed(1)} s${open(f) ? ', never ended' : ''}`)}.`;
}

export const propRow = (p: PropertyVerdict, r: Pick<Report, 'files'>, link: boolean): string[] => {
  const f = r.files.get(p.property);
  const file = f ? (link ? `[${p.verdict === 'violated' ? 'counterexample' : 'witness'}](${f.link})` : f.shown) : '';
  return [p.property, p.expectation, VERDICT_LABEL[p.verdict], p.runs ? String(p.runs) : '—', file];
};

const famRow = (v: FamilyVerdict, r: Report, link: boolean): string[] => {
  const c = v.cell;
  const f = r.files.get(c.family.id)!;
  return [c.family.id, fmtLost(c), fmtWindow(c), fmtUnavail(c), fmtFailover(c), fmtRecovery(c), fmtWiped(c), link ? `[trace](${f.link})` : f.shown];
};

const FAM_HEAD = ['family', 'acked writes lost', 'largest loss window', 'longest refusal per slot range (s)', 'failover after (s)', 'recovery', 'dataset wiped', 'worst run'];

/** When the user's node timeout is not the runbook's, the families' fixed times mean something else. */
function ntNote(r: Report): string {
  const nt = r.mapped.options.nodeTimeout ?? DEFAULTS.nodeTimeout;
  return nt === NODE_TIMEOUT ? '' : ` — this configuration's is ${nt}, so "restart before failover" (1–7.5 s after the crash) and the partitions' lengths (30 s, 45 s) are not what their titles say relative to its node timeout`;
}

// ---------- Markdown ----------

export const esc = (x: string) => x.replace(/\|/g, '\\|').replace(/\n/g, ' ');
export const mdTable = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');

export function renderMarkdown(r: Report): string {
  const m = r.mapped;
  const t = r.topology;
  const out: string[] = [];
  out.push(`# Configuration check: \`${r.conf}\``, '');
  out.push(`Generated by \`${r.command}\` against the Redis 7.0.15 Cluster model: ${topologyLabel(t)} (${t.masters} masters, ${t.replicasPerMaster} replica${t.replicasPerMaster > 1 ? 's' : ''} each), property runs ${r.runs} per claim, ${r.familyRuns} seeded runs per fault family, seed ${r.seed}.`, '');
  out.push('## Verdict', '', summary(r), '', worstLine(r), '');
  out.push('## Configuration as the model reads it', '');
  out.push(mdTable(['option', 'value', 'from'], optionRows(m)), '');
  const matters = m.ignored.filter((i) => i.why);
  const other = m.ignored.filter((i) => !i.why);
  if (matters.length) out.push(`**Ignored — not modelled, and could change the verdict:** ${matters.map((i) => `\`${i.name}\` (${i.why})`).join('; ')}.`, '');
  if (other.length) out.push(`**Ignored — not modelled, no bearing on failover or persistence here:** ${other.map((i) => `\`${i.name}\``).join(', ')}.`, '');
  if (m.unknown.length) out.push(`**Not Redis 7.0.15 directives** (Redis would refuse to start): ${m.unknown.map((u) => `\`${u.name}\` (${u.file}:${u.line})`).join(', ')}.`, '');
  for (const n of [...r.readNotes, ...m.notes]) out.push(`Note: ${n}`, '');

  out.push('## Claims of the catalogue', '');
  out.push('Each claim runs with its own fault generator, the configuration above pinned. *holds*: a guarantee (`always`/`eventually`) with no violation in the runs; *can happen*: a hazard (`sometimes`) with a shrunk witness; *not found*: a hazard not seen in the runs (not a proof of absence); *n/a*: the claim\'s scope excludes this configuration; *VIOLATED*: a guarantee failed — the counterexample shows how. *runs*: traces generated on this configuration; with a witness or counterexample, the one that showed it (it was then shrunk).', '');
  out.push(mdTable(['claim', 'expects', 'verdict', 'runs', 'trace'], r.properties.map((p) => propRow(p, r, true))), '');
  const found = r.properties.filter((p) => p.message);
  if (found.length) {
    out.push('### Witnesses and counterexamples', '');
    for (const p of found) out.push(`- **${p.property}** — ${p.claim} ${p.message}`);
    out.push('', 'Replay one with `npm run simulate -- <trace.json> --timeline`.', '');
  }
  const na = r.properties.filter((p) => p.verdict === 'not-applicable');
  if (na.length) out.push(`Outside this configuration: ${na.map((p) => `\`${p.property}\` (${p.scope})`).join('; ')}.`, '');

  out.push('## The runbooks\' fault families', '');
  out.push(`The matrix's schedules (\`npm run matrix\`), run on this configuration: writes every 10 ms to fresh keys over every slot range; crashed nodes come back when the operator restarts them, ${OPERATOR_AFTER / 1000} s after the fault. The schedules' times are the runbook's, written for cluster-node-timeout ${NODE_TIMEOUT}${ntNote(r)}. A cell is the worst of ${r.familyRuns} runs with the range in parentheses. *Refusal*: the longest run of unacknowledged writes to a slot range (bold: the range the fault hits; † ended only after the operator's restart; ∞ never ended). *Recovery*: auto, after-restart (only once the operator restarted the crashed nodes), operator (still broken at the end).`, '');
  out.push(mdTable(FAM_HEAD, r.families.map((f) => famRow(f, r, true))), '');
  for (const f of r.families) out.push(`- \`${f.cell.family.id}\` — ${f.cell.family.title} (${f.cell.family.source}). ${f.cell.family.schedule}`);
  out.push('');
  return `${out.join('\n')}\n`;
}

// ---------- terminal ----------

/** Markdown emphasis and the status marks dropped: a terminal would misalign them. */
export const plain = (x: string) => x.replace(/\*\*/g, '').replace(/(✅|⚠️|❌) ?/gu, '');

export function textTable(head: string[], rows: string[][]): string {
  const all = [head, ...rows].map((r) => r.map(plain));
  const w = head.map((_, i) => Math.max(...all.map((r) => [...r[i]].length)));
  const line = (r: string[]) => r.map((x, i) => x + ' '.repeat(w[i] - [...x].length)).join('  ').trimEnd();
  return [line(all[0]), w.map((n) => '-'.repeat(n)).join('  '), ...all.slice(1).map(line)].join('\n');
}

export function renderText(r: Report, mdPath: string): string {
  const m = r.mapped;
  const out: string[] = [];
  out.push(`${r.conf}: Redis Cluster ${topologyLabel(r.topology)}, seed ${r.seed}`);
  const set = m.settings.map((s) => `${s.name} ${showValue(s.key, m.options[s.key])}`);
  out.push(`  modelled: ${set.join(', ') || '(all defaults)'}`);
  const matters = m.ignored.filter((i) => i.why);
  const other = m.ignored.filter((i) => !i.why);
  if (matters.length) out.push(`  warning: not modelled, could change the verdict: ${matters.map((i) => `${i.name} (${i.why})`).join('; ')}`);
  if (other.length) out.push(`  warning: not modelled: ${other.map((i) => i.name).join(', ')}`);
  if (m.unknown.length) out.push(`  warning: not Redis 7.0.15 directives (Redis would refuse to start): ${m.unknown.map((u) => `${u.name} (${u.file}:${u.line})`).join(', ')}`);
  for (const n of [...r.readNotes, ...m.notes]) out.push(`  note: ${n}`);
  const nt = ntNote(r);
  if (nt && r.families.length) out.push(`  note: the fault families' times are written for cluster-node-timeout ${NODE_TIMEOUT}${nt}`);
  if (r.properties.length) out.push('', textTable(['claim', 'expects', 'verdict', 'runs', 'trace'], r.properties.map((p) => propRow(p, r, false))));
  for (const p of r.properties.filter((x) => x.message)) out.push(`  ${p.property}: ${p.message}`);
  if (r.families.length) out.push('', textTable(FAM_HEAD, r.families.map((f) => famRow(f, r, false))));
  out.push('', summary(r), worstLine(r), `Report: ${mdPath}`);
  return `${out.join('\n')}\n`;
}
