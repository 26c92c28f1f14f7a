// A runbook-style timeline: time, event, and each node's role / offset / keys / epoch after it.
import type { Outcome } from '../model/outcome.ts';
import type { State } from '../model/state.ts';
import type { Trace } from '../model/trace.ts';

export function fmtTime(ms: number): string {
  return `T+${(ms / 1000).toFixed(3)}s`;
}

const QUIET = new Set(['election-scheduled', 'cant-failover', 'vote-refused', 'pfail-cleared']);

export function renderTimeline(t: Trace, _s: State, o: Outcome): string {
  const lines: string[] = [];
  lines.push(`# ${t.name}`, '');
  if (t.description) lines.push(t.description, '');
  let lastPfail = '';
  for (const e of o.timeline) {
    if (QUIET.has(e.event)) continue;
    const key = `${e.event}:${e.node}:${e.about}`;
    if (e.event === 'pfail' && key === lastPfail) continue;
    lastPfail = key;
    const extra = Object.entries(e).filter(([k, v]) => v !== undefined && !['at', 'node', 'event'].includes(k)).map(([k, v]) => `${k}=${v}`).join(' ');
    lines.push(`${fmtTime(e.at).padEnd(12)} ${e.node.padEnd(4)} ${e.event.padEnd(16)} ${extra}`);
  }
  lines.push('', 'Final state:');
  for (const [name, n] of Object.entries(o.nodes)) {
    lines.push(`  ${name.padEnd(4)} ${n.up ? 'up  ' : 'down'} ${n.role.padEnd(7)} ${n.replicaOf ? `of ${n.replicaOf}` : '    '} slots=${n.slots.map(([a, b]) => `${a}-${b}`).join(',') || '-'} keys=${n.keys} offset=${n.offset} epoch=${n.configEpoch}/${n.currentEpoch} state=${n.clusterState}`);
  }
  const w = o.writes;
  lines.push('', `Writes: ${w.acked} acked, ${w.refused} refused, ${w.unknown} unknown, ${w.lost} acked-but-lost (largest window ${w.maxLossWindowMs} ms)`);
  return `${lines.join('\n')}\n`;
}
