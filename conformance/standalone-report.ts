// The report's "Sentinel and standalone replication" section: its own agreement line and table, then
// per trace the compared fields and timing ranges — or "model not available" with the model's reason —
// and always the real run's outcome (roles, Sentinels' views, writes) and its faults and log events.
import { otherSeedRuns } from './seeds.ts';
import type { TraceResult } from './harness.ts';
import type { StandaloneRealOutcome } from './standalone-observe.ts';
import { fmtRange, timingTally } from './ranges.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const isStandalone = (r: TraceResult) => r.trace.config.topology !== 'cluster';

/** What a trace came to, in one cell. */
export function verdict(r: TraceResult): string {
  if (r.skipped) return `not run: ${r.skipped}`;
  if (r.error) return `error: ${r.error.split('\n')[0]}`;
  if (r.modelError) return `model not available (${r.modelError})`;
  return r.fields.some((f) => !f.agree) ? 'disagree' : 'agree';
}

function configLine(r: TraceResult): string {
  const c = r.trace.config;
  const persistence = c.appendonly ? `AOF ${c.appendfsync}` : c.save.length ? 'RDB' : 'no persistence';
  const chain = Object.entries(c.replicaof).map(([a, b]) => `${a}→${b}`).join(', ');
  return c.topology === 'sentinel'
    ? `M + ${c.replicas} replicas, ${c.sentinels} Sentinels, quorum ${c.quorum}, down-after ${c.downAfterMilliseconds} ms, failover-timeout ${c.failoverTimeout} ms, ${persistence}, min-replicas ${c.minReplicasToWrite}`
    : `M + ${c.replicas} replicas${chain ? ` (${chain})` : ''}, ${persistence}, min-replicas ${c.minReplicasToWrite}`;
}

/** The real run's end state, as the model's outcome would show it. */
function realSummary(real: StandaloneRealOutcome): string[] {
  const nodes = Object.entries(real.nodes).map(([n, o]) => `${n}: ${!o.up ? 'down' : !o.queried ? 'paused' : o.role === 'master' ? 'master' : `replica of ${o.replicaOf} (link ${o.linkStatus})`}, ${o.keys} keys, offset ${o.offset}`);
  const sentinels = Object.entries(real.sentinels).map(([s, o]) => `${s}: ${!o.up ? 'down' : !o.queried ? 'paused' : `master ${o.master ?? 'none'}`}, currentEpoch ${o.currentEpoch}, configEpoch ${o.configEpoch}, leaderEpoch ${o.leaderEpoch}, failover ${o.failoverState}${o.tilt ? ', TILT' : ''}`);
  const w = real.writes;
  return [
    `Real outcome (first run): final master ${real.finalMaster ?? 'none'}; writes acked ${w.acked}, refused ${w.refused} ${JSON.stringify(w.refusedBy)}, unknown ${w.unknown}, lost ${w.lost}.`, '',
    ...nodes.map((x) => `- ${x}`), ...sentinels.map((x) => `- ${x}`), '',
  ];
}

function traceDetails(r: TraceResult): string[] {
  const lines = [`### ${r.trace.name}`, '', `Source: ${r.source}; ${configLine(r)}; until ${r.trace.until} ms.`, '', '```json', JSON.stringify(r.trace.events), '```', ''];
  if (r.skipped || r.error) return [...lines, `**${verdict(r)}**`, ''];
  if (r.modelError) lines.push(`**Model not available**: \`${esc(r.modelError)}\` — the real runs below are not compared.`, '');
  else {
    lines.push('| field | agree | model | real | why |', '|---|---|---|---|---|');
    for (const f of r.fields) lines.push(`| ${f.field} | ${f.agree ? 'yes' : '**no**'} | ${esc(f.model)} | ${esc(f.real)} | ${esc(f.why)} |`);
    lines.push('');
    if (r.timings.length) {
      lines.push(`| timing field | model (${r.runs.model} seeds) | real (${r.runs.real} runs) | overlap | tolerance | explanation |`, '|---|---|---|---|---|---|');
      const unit = (f: string) => (f.startsWith('lost writes:') ? 'writes' : 'ms');
      for (const x of r.timings) {
        const v = x.overlap === null ? 'n/a' : x.overlap ? 'yes' : x.explained ? 'no (explained)' : '**no**';
        lines.push(`| ${esc(x.field)} | ${fmtRange(x.model, x.of.model, unit(x.field))} | ${fmtRange(x.real, x.of.real, unit(x.field))} | ${v} | ${x.tolerance} | ${esc(x.explained ?? '')} |`);
      }
      lines.push('');
    }
  }
  const real = r.real as StandaloneRealOutcome | null;
  if (!real) return lines;
  lines.push(...realSummary(real));
  const f = real.faults.map((x) => `- ${x.at} ms (planned ${x.planned}) ${x.type} ${x.node ?? ''}${x.detail ? ` → ${esc(x.detail)}` : ''}`);
  const ev = real.events.map((e) => `- ${e.at} ms ${e.node}: ${e.event}${e.about ? ` (${e.about})` : ''}${'epoch' in e && e.epoch !== undefined ? ` epoch ${e.epoch}` : ''}${e.detail ? ` — \`${e.detail}\`` : ''}`);
  lines.push('<details><summary>real faults and log events</summary>', '', ...f, ...ev.slice(0, 120), ...(real.notes.length ? ['', ...real.notes.map((n) => `- note: ${esc(n)}`)] : []), '', '</details>', '');
  return lines;
}

/** The section, or nothing when no standalone trace was selected. */
export function standaloneSection(results: TraceResult[]): string[] {
  const mine = results.filter(isStandalone);
  if (!mine.length) return [];
  const compared = mine.filter((r) => !r.skipped && !r.error && !r.modelError);
  const agree = compared.filter((r) => r.fields.every((f) => f.agree)).length;
  const fields = compared.flatMap((r) => r.fields);
  const g = timingTally(compared.flatMap((r) => r.timings));
  const noModel = mine.filter((r) => r.modelError).length;
  const lines = [
    '## Sentinel and standalone replication', '',
    'Deployments of one master M with replicas R1…Rn: under Sentinels S1…Sk (`redis-server --sentinel`), or wired by `replicaof`',
    '(chains allowed). Traces are scaled to down-after-milliseconds ≤ 2000 ms (failover-timeout and master-reboot-down-after-period',
    'alike), and the model runs the same scaled trace (conformance/README.md "Sentinel and standalone replication").', '',
    `**Agreement: ${agree}/${compared.length} compared traces agree on every field; ${fields.filter((f) => f.agree).length}/${fields.length} fields agree; ` +
      `${compared.reduce((k, r) => k + otherSeedRuns(r.fields), 0)} real run(s) matched by another model seed. ` +
      `Timings: ${g.overlap}/${g.compared} fields overlap; ${g.explained} apart with an explanation, ${g.unexplained} apart unexplained (${g.na} n/a).` +
      `${noModel ? ` Model not available for ${noModel} of ${mine.length} trace(s): their real runs are shown, not compared.` : ''}**`, '',
    '| trace | source | topology | result | disagreeing fields | timings overlapping |', '|---|---|---|---|---|---|',
  ];
  for (const r of mine) {
    const bad = r.fields.filter((f) => !f.agree).map((f) => f.field);
    const t = timingTally(r.timings);
    lines.push(`| ${esc(r.trace.name)} | ${r.source} | ${r.trace.config.topology} | ${esc(verdict(r))} | ${bad.join(', ') || '—'} | ${t.compared ? `${t.overlap}/${t.compared}` : '—'} |`);
  }
  lines.push('');
  for (const r of mine) lines.push(...traceDetails(r));
  return lines;
}
