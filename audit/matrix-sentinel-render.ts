// The Sentinel part of reports/matrix.md: a legend, then per Sentinel fault family a table of
// configurations (persistence × down-after-milliseconds, then quorum and min-replicas turned one at
// a time) with loss, downtime, when the Sentinels agreed M was down and published a new master,
// recovery and wipes. The cells are measured like the Cluster ones (matrix-measure.ts).
import { PERSISTENCE_LABEL, WRITE_EVERY } from './matrix-families.ts';
import type { Cell, RunMeasure } from './matrix-measure.ts';
import { fmtLost, fmtRecovery, fmtUnavail, fmtWiped, fmtWindow, type MatrixMeta, type SentinelPart } from './matrix-render.ts';
import { REPLICAS, SENTINEL_BASE, SENTINEL_OPERATOR_AFTER, SENTINELS, type SentinelFamilyLayout, type SentinelMatrixConfig } from './matrix-sentinel.ts';

const s1 = (ms: number) => (ms / 1000).toFixed(1);

/** Over a cell's runs: the worst (largest) time and the range, or how many runs never got there. */
export function fmtReached(runs: RunMeasure[], pick: (m: RunMeasure) => number | null | undefined): string {
  const xs = runs.map(pick).filter((x): x is number => x !== null && x !== undefined);
  if (!xs.length) return 'never';
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const r = s1(lo) === s1(hi) ? s1(hi) : `${s1(hi)} (${s1(lo)}–${s1(hi)})`;
  return xs.length < runs.length ? `${r} (${xs.length}/${runs.length} runs; never in the others)` : r;
}

const COLUMNS = 'acked writes lost, worst (range) | largest loss window | longest unavailability, s | +odown after, s | +switch-master after, s | recovery | dataset wiped';
const HEADER = [`| configuration | ${COLUMNS} | evidence |`, '|---|---|---|---|---|---|---|---|---|'];

function cells(c: Cell<SentinelMatrixConfig>): string {
  const aborted = c.runs.filter((m) => (m.aborts ?? 0) > 0).length;
  const sw = `${fmtReached(c.runs, (m) => m.switchMs)}${aborted ? ` · ${aborted}/${c.runs.length} runs aborted a failover` : ''}`;
  return `${fmtLost(c)} | ${fmtWindow(c)} | ${fmtUnavail(c)} | ${fmtReached(c.runs, (m) => m.odownMs)} | ${sw} | ${fmtRecovery(c)} | ${fmtWiped(c)}`;
}

/** The cell's line of the matrix, for its evidence file. */
export function sentinelCellRow(c: Cell<SentinelMatrixConfig>): string[] {
  return [`| ${COLUMNS} |`, '|---|---|---|---|---|---|---|', `| ${cells(c)} |`];
}

function shortConfig(c: SentinelMatrixConfig, main: boolean): string {
  const base = `${PERSISTENCE_LABEL[c.persistence]} · down-after ${c.downAfter / 1000} s`;
  if (main) return base;
  const turned: string[] = [];
  if (c.quorum !== SENTINEL_BASE.quorum) turned.push(`quorum ${c.quorum}`);
  if (c.minReplicas !== SENTINEL_BASE.minReplicas) turned.push(`min-replicas ${c.minReplicas}`);
  return `${base} · **${turned.join(', ')}**`;
}

function table(cs: Array<Cell<SentinelMatrixConfig>>, main: boolean): string[] {
  return [...HEADER, ...cs.map((c) => `| ${shortConfig(c.config, main)} | ${cells(c)} | [trace](matrix/${c.id}.json) · [report](matrix/${c.id}.md) |`)];
}

function legend(meta: MatrixMeta): string[] {
  return [
    '# Sentinel deployments',
    '',
    `One master \`M\` with ${REPLICAS} replicas (\`R1\`, \`R2\`) under ${SENTINELS} Sentinels (\`S1\`…\`S${SENTINELS}\`), each cell ${meta.runs} runs as for the Cluster cells (seeds ${meta.seed}…${meta.seed + meta.runs - 1}; the seed moves the fault time and every Sentinel's timer jitter and election delay).`,
    '',
    `- **Configuration.** \`sentinel monitor mymaster M 6379 <quorum>\`, \`down-after-milliseconds\` as the row says, \`failover-timeout\` 180000 and \`parallel-syncs\` 1 (Sentinel's defaults), Redis 7.0 defaults otherwise; persistence as for the Cluster rows; min-replicas is \`min-replicas-to-write\` on every data node (max-lag 10 s). The main table turns persistence × down-after-milliseconds (Sentinel's default 30 s, and the 5 s many deployments use) at quorum ${SENTINEL_BASE.quorum}; the other axes turn quorum (1, 3) and min-replicas (1) one at a time at down-after 5 s.`,
    `- **Writes.** One client writes a fresh key every ${WRITE_EVERY} ms (${1000 / WRITE_EVERY} writes/s) until 3 s before the end. It asks the Sentinels for the master's address in order (S1 first, the first answer wins) and asks again only after an error or a disconnect, as common Sentinel-aware clients do; where it stands in a partition decides which master it reaches.`,
    '- **Acked writes lost**, **longest unavailability** (of the one dataset, `M`) and **dataset wiped**: as for the Cluster rows. **Largest loss window**: how long before the family\'s fault (the crash of M, the cut) the earliest lost write was acknowledged; "acked up to N ms after the fault": a lost write acknowledged that long after the fault began (the old master\'s side of a split brain, or M\'s false-failover window).',
    '- **+odown after**: from the fault to the first Sentinel\'s `+odown` about M (the quorum agreed it is down); **+switch-master after**: to the first `+switch-master` (a failover done and published: a client that asks again finds the new master). *never*: not within the run; "aborted" counts runs with a `-failover-abort-…`.',
    `- **Recovery**: ✅ *auto* — a running master holds the data (the outcome's final-master rule), every running Sentinel names it, and the last write was acknowledged, without any operator action (checked just before the operator restarts the crashed processes, T0 + ${SENTINEL_OPERATOR_AFTER / 1000} s, and at the end); ⚠️ *after-restart* — only once the operator restarted them; ❌ *operator* — not even then.`,
    '',
  ];
}

export function renderSentinelPart(layouts: SentinelFamilyLayout[], cellOf: (id: string) => Cell<SentinelMatrixConfig>, idOf: (f: string, c: SentinelMatrixConfig) => string, meta: MatrixMeta): SentinelPart {
  const families = ['', 'Sentinel deployments:', '', ...layouts.map(({ family }) => `- [\`${family.id}\`](#${family.id}) ${family.title} — ${family.source}`)];
  const sections: string[] = [...legend(meta)];
  for (const { family, main, other } of layouts) {
    sections.push(`## ${family.id}`, '', `**${family.title}.** ${family.source}. ${family.schedule}`, '');
    sections.push(...table(main.map((c) => cellOf(idOf(family.id, c))), true), '');
    if (other.length) {
      sections.push(`Other axes (one turned at a time from quorum ${SENTINEL_BASE.quorum}, min-replicas ${SENTINEL_BASE.minReplicas}, down-after ${SENTINEL_BASE.downAfter / 1000} s):`, '');
      sections.push(...table(other.map((c) => cellOf(idOf(family.id, c))), false), '');
    }
  }
  return { families, sections };
}
