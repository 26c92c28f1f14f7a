// The acknowledged-but-lost ledger and the unavailability per slot range of one run, as Markdown
// lines; shared by the counterexample reports and the matrix's evidence files.
import type { WriteRecord } from '../model/kernel/state.ts';
import type { RunResult } from '../properties/property.ts';
import { unavailability } from '../properties/lib.ts';
import { isStandalone } from './sentinel.ts';
import { fmtTime, renderWindows } from './timeline.ts';

export function renderLedger(r: RunResult, heading = '##'): string[] {
  const o = r.outcome;
  const standalone = isStandalone(r.trace);
  const refused = Object.entries(o.writes.refusedBy).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
  const L = [`${heading} Acknowledged but lost`, '',
    `${o.writes.acked} acked, ${o.writes.refused} refused (${refused}), ${o.writes.unknown} unknown, **${o.writes.lost} acked-but-lost**, largest loss window ${o.writes.maxLossWindowMs} ms.`, ''];
  if (o.lost.length) {
    L.push(`| write | ${standalone ? 'key' : 'key slot'} | acked at | applied by | blamed fault | window ms |`, '|---|---|---|---|---|---|');
    for (const l of o.lost.slice(0, 40)) L.push(`| ${l.id} | ${standalone ? l.key : l.slot} | ${fmtTime(l.ackedAt)} | ${l.appliedBy} | ${l.fault ? `${l.fault.event} ${l.fault.node} @ ${fmtTime(l.fault.at)}` : '-'} | ${l.windowMs} |`);
    if (o.lost.length > 40) L.push(`| … ${o.lost.length - 40} more | | | | | |`);
    L.push('');
  }
  L.push(`Largest window after the fault that started it (a master still acking writes later lost): ${o.writes.maxLossWindowAfterMs} ms.`, '');
  L.push(`${heading} Downtime and failure times`, ...renderWindows(o, '-', r.trace).map((x) => (x.startsWith('-  ') ? `- ${x.slice(3)}` : x)), '');
  if (standalone) {
    const ws = notAcked(r.state.writes);
    L.push(`${heading} Unavailability (writes not acknowledged)`, '', `- ${ws.length ? ws.map(([a, b]) => `${fmtTime(a)}–${fmtTime(b)} (${b - a} ms)`).join(', ') : 'none'}`, '');
    return L;
  }
  L.push(`${heading} Unavailability per slot range (writes not acknowledged)`, '');
  for (const [shard, ws] of Object.entries(unavailability(r))) {
    L.push(`- ${shard}: ${ws.length ? ws.map(([a, b]) => `${fmtTime(a)}–${fmtTime(b)} (${b - a} ms)`).join(', ') : 'none'}`);
  }
  L.push('');
  return L;
}

/** A standalone deployment's one dataset: maximal runs of writes not acknowledged, [first sent, next acked write sent]. */
export function notAcked(writes: WriteRecord[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  let last = -1;
  for (const w of writes) {
    if (w.result !== 'acked') { if (start < 0) start = w.sentAt; last = w.sentAt; } else if (start >= 0) { out.push([start, w.sentAt]); start = -1; }
  }
  if (start >= 0) out.push([start, last]);
  return out;
}
