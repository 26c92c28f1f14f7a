// A runbook-style timeline: time, event, and each node's role / offset / keys / epoch after it.
import type { Outcome } from '../model/kernel/outcome.ts';
import type { State } from '../model/kernel/state.ts';
import { sentinelNames, type Trace } from '../model/kernel/trace.ts';
import { fieldsOf, isStandalone, logName, renderSentinelFailures, renderSentinels } from './sentinel.ts';

export function fmtTime(ms: number): string {
  return `T+${(ms / 1000).toFixed(3)}s`;
}

const QUIET = new Set(['election-scheduled', 'cant-failover', 'vote-refused', 'pfail-cleared']);

export function renderTimeline(t: Trace, s: State, o: Outcome): string {
  if (isStandalone(t)) return renderStandaloneTimeline(t, s, o);
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
  lines.push('', `Writes: ${w.acked} acked, ${w.refused} refused, ${w.unknown} unknown, ${w.lost} acked-but-lost (largest window ${w.maxLossWindowMs} ms before the fault, ${w.maxLossWindowAfterMs} ms after it)`);
  lines.push(...renderWindows(o));
  return `${lines.join('\n')}\n`;
}

/** The same for a Sentinel or replication deployment: Sentinel events as Sentinel logs them, no slots or cluster epochs, each Sentinel's view. */
function renderStandaloneTimeline(t: Trace, _s: State, o: Outcome): string {
  const sentinels = new Set(sentinelNames(t.config));
  const lines: string[] = [`# ${t.name}`, ''];
  if (t.description) lines.push(t.description, '');
  for (const e of o.timeline) {
    lines.push(`${fmtTime(e.at).padEnd(12)} ${e.node.padEnd(4)} ${logName(e, sentinels, e.node).padEnd(20)} ${fieldsOf(e, sentinels)}`.trimEnd());
  }
  lines.push('', 'Final state:');
  for (const [name, n] of Object.entries(o.nodes)) {
    lines.push(`  ${name.padEnd(4)} ${n.up ? 'up  ' : 'down'} ${n.role.padEnd(7)} ${n.replicaOf ? `of ${n.replicaOf.padEnd(3)}` : '      '} keys=${n.keys} offset=${n.offset} link=${n.linkStatus} replid=${n.replid.slice(0, 8)}`);
  }
  lines.push(...renderSentinels(o));
  const w = o.writes;
  lines.push('', `Writes: ${w.acked} acked, ${w.refused} refused, ${w.unknown} unknown, ${w.lost} acked-but-lost (largest window ${w.maxLossWindowMs} ms before the fault, ${w.maxLossWindowAfterMs} ms after it)`);
  lines.push(...renderWindows(o, '', t));
  return `${lines.join('\n')}\n`;
}

const ms = (x: number | null) => (x === null ? 'never' : `+${x} ms`);

/** Write downtime per slot range and, per master crash or pause, the time to FAIL, promotion and full sync. */
export function renderWindows(o: Outcome, bullet = '', t?: Pick<Trace, 'config'>): string[] {
  if (t && isStandalone(t)) return renderStandaloneWindows(o, bullet, t);
  const L: string[] = [];
  const down = (o.downtime ?? []).filter((d) => d.windows.length);
  L.push('', 'Downtime per slot range (first refused write to the first accepted one):');
  if (!down.length) L.push(`${bullet}  none`);
  for (const d of down) {
    const ws = d.windows.map((x) => `${fmtTime(x.from)}–${x.to === null ? '(no write accepted after it)' : fmtTime(x.to)}`).join(', ');
    L.push(`${bullet}  ${d.shard} (${d.slots.map(([a, b]) => `${a}-${b}`).join(',')}): ${d.totalMs} ms — ${ws}`);
  }
  L.push('', 'Per failure (from the fault): FAIL, promotion, full sync start → end:');
  if (!(o.failures ?? []).length) L.push(`${bullet}  none`);
  for (const f of o.failures ?? []) {
    L.push(`${bullet}  ${f.fault.event} ${f.fault.node} @ ${fmtTime(f.fault.at)}: FAIL ${ms(f.failMs)}, promoted ${ms(f.promotedMs)}, full sync ${ms(f.fullSyncStartMs)} → ${ms(f.fullSyncEndMs)}`);
  }
  return L;
}

/** A standalone deployment is one dataset: its write outages, then the failover's steps per failure. */
function renderStandaloneWindows(o: Outcome, bullet: string, t: Pick<Trace, 'config'>): string[] {
  const L: string[] = ['', 'Downtime (first refused write to the first accepted one):'];
  const down = (o.downtime ?? []).filter((d) => d.windows.length);
  if (!down.length) L.push(`${bullet}  none`);
  for (const d of down) {
    const ws = d.windows.map((x) => `${fmtTime(x.from)}–${x.to === null ? '(no write accepted after it)' : fmtTime(x.to)}`).join(', ');
    L.push(`${bullet}  ${d.totalMs} ms — ${ws}`);
  }
  L.push(...renderSentinelFailures(o, bullet, t.config.topology === 'sentinel'));
  return L;
}
