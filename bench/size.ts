// The size sweep (issue 14): one trace per cluster size — N masters with one replica each, writes
// every 100 ms for 60 simulated seconds, master B killed at 10 s — timed in this thread. The cost
// per delivered message should stay roughly flat as the cluster grows: the work per message grows
// only with its gossip section (N/10 entries), and clusterCron's per-peer loop sends about one
// message per NT/2 per peer. Printed, never asserted: the figures depend on the machine and its load.
import { type Action } from '../model/kernel/actions.ts';
import { parseTrace, simulate } from '../model/index.ts';
import type { Trace } from '../model/kernel/trace.ts';

export const SIZES = [6, 12, 24, 48, 100, 200];

/** Small sizes run again until this much wall time has passed, so a 60 ms run is not one noisy sample. */
const MIN_WALL_MS = 1000;

/** N masters × 1 replica, 60 s, writes every 100 ms, B killed at 10 s (FAIL at about 25–30 s). */
export function sizeTrace(masters: number, seed: number): Trace {
  return parseTrace({
    name: `size sweep: ${masters} masters`, seed, config: { masters, replicasPerMaster: 1 },
    events: [{ at: 0, type: 'writes', every: 100, until: 60_000 }, { at: 10_000, type: 'crash', node: 'B' }],
    until: 60_000,
  });
}

export interface SizeRow {
  masters: number;
  nodes: number;
  runs: number;
  /** mean wall ms per run */
  ms: number;
  /** mean CPU ms per run (this process: the simulation and V8's own threads) */
  cpuMs: number;
  /** message deliveries stepped per run: cluster bus, replication and client */
  delivered: number;
  /** gossip entries per delivered message (what grows with the cluster: max(3, N/10) plus PFAIL nodes) */
  entriesPerMessage: number;
  usPerMessage: number;
  cpuUsPerMessage: number;
  /** first node to flag B as FAIL, and the promotion of its replica (ms), or null */
  failAt: number | null;
  promotedAt: number | null;
}

/** One size: runs until MIN_WALL_MS (at least once), deliveries counted in the same runs. */
export function measureSize(masters: number, seed: number): SizeRow {
  const t = sizeTrace(masters, seed);
  let delivered = 0;
  let entries = 0;
  const observe = (_s: unknown, a: Action) => {
    if (!a.type.endsWith('Delivered')) return;
    delivered++;
    if (a.type === 'BusDelivered' && (a.msg.body.type === 'ping' || a.msg.body.type === 'pong')) entries += a.msg.body.gossip.length;
  };
  let runs = 0;
  let last: ReturnType<typeof simulate> | null = null;
  const start = performance.now();
  const cpu = process.cpuUsage();
  do { last = simulate(t, { observe }); runs++; } while (performance.now() - start < MIN_WALL_MS);
  const ms = (performance.now() - start) / runs;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / runs;
  const timeline = last.state.timeline;
  return {
    masters, nodes: Object.keys(last.state.nodes).length, runs, ms, cpuMs, delivered: delivered / runs, entriesPerMessage: entries / delivered,
    usPerMessage: (ms * 1000 * runs) / delivered,
    cpuUsPerMessage: (cpuMs * 1000 * runs) / delivered,
    failAt: timeline.find((e) => e.event === 'fail' && e.about === 'B')?.at ?? null,
    promotedAt: timeline.find((e) => e.event === 'promoted' && e.node === 'B1')?.at ?? null,
  };
}

/** The sweep as a table; the last column compares μs per message with the smallest size's. */
export function sizeSweep(seed: number, out: (s: string) => void, sizes: number[] = SIZES): SizeRow[] {
  out('size sweep: N masters × 1 replica, 60 simulated s, writes every 100 ms, B killed at 10 s, one thread');
  out('  [targets: 100 masters < 10 s; μs per delivered message at 200 within 2× of 6]');
  out('  wall: per run (mean of the runs); cpu: this process\'s CPU time, which waiting for a busy core does not inflate');
  // Warm-up: V8 optimises the hot paths on the smallest cluster first, so its row is not the JIT's.
  for (let i = 0; i < 3; i++) simulate(sizeTrace(sizes[0], seed + 1));
  out(`  ${'masters'.padStart(7)} ${'nodes'.padStart(5)} ${'runs'.padStart(4)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'delivered'.padStart(10)} ${'entries/msg'.padStart(11)} ${'μs/msg wall'.padStart(11)} ${'cpu'.padStart(5)} ${'vs first wall'.padStart(13)} ${'cpu'.padStart(5)}  ${'B FAIL at'.padStart(9)} ${'B1 promoted'.padStart(11)}`);
  const rows: SizeRow[] = [];
  for (const m of sizes) {
    const r = measureSize(m, seed);
    rows.push(r);
    const sec = (x: number | null) => (x === null ? '-' : `${(x / 1000).toFixed(2)} s`);
    const times = (x: number) => `${x.toFixed(2)}×`;
    out(`  ${String(r.masters).padStart(7)} ${String(r.nodes).padStart(5)} ${String(r.runs).padStart(4)} ${(r.ms / 1000).toFixed(2).padStart(7)} ${(r.cpuMs / 1000).toFixed(2).padStart(7)} ${Math.round(r.delivered).toLocaleString('en-US').padStart(10)} ${r.entriesPerMessage.toFixed(1).padStart(11)} ${r.usPerMessage.toFixed(1).padStart(11)} ${r.cpuUsPerMessage.toFixed(1).padStart(5)} ${times(r.usPerMessage / rows[0].usPerMessage).padStart(13)} ${times(r.cpuUsPerMessage / rows[0].cpuUsPerMessage).padStart(5)}  ${sec(r.failAt).padStart(9)} ${sec(r.promotedAt).padStart(11)}`);
  }
  out('');
  return rows;
}
