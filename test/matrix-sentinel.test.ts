// The matrix's Sentinel rows (audit/matrix-sentinel*.ts): every family builds a valid Sentinel
// trace for every configuration, and a hand-made run (following the outcome contract of issue 12)
// is measured and rendered as the report says: downtime of the one dataset, +odown and
// +switch-master times, aborted failovers, and recovery that needs every Sentinel to name the master.
import { describe, expect, it } from 'vitest';
import type { State, TimelineEntry, WriteRecord } from '../model/kernel/state.ts';
import { parseTrace } from '../model/kernel/trace.ts';
import type { RunResult } from '../properties/property.ts';
import { aggregate, measureResult, runCell, type Cell } from '../audit/matrix-measure.ts';
import { fmtReached, renderSentinelPart } from '../audit/matrix-sentinel-render.ts';
import { SENTINEL_BASE, sentinelConfigId, sentinelFamilyById, sentinelLayout, type SentinelMatrixConfig } from '../audit/matrix-sentinel.ts';

describe('Sentinel matrix families', () => {
  const layouts = sentinelLayout();

  it('runs five families on 8 main and 6 other-axes configurations, each cell named once', () => {
    expect(layouts.map((l) => l.family.id)).toEqual(['sn-kill', 'sn-restart', 'sn-isolated', 'sn-link', 'sn-sentinel-crash']);
    const ids = layouts.flatMap((l) => [...l.main, ...l.other].map((c) => `${l.family.id}--${sentinelConfigId(c)}`));
    expect(ids).toHaveLength(5 * 14);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('builds a valid sentinel trace for every cell and seed', () => {
    for (const l of layouts) for (const c of [...l.main, ...l.other]) for (const seed of [1, 2]) {
      const b = l.family.build(c, seed);
      const t = parseTrace(b.trace);
      expect(t.config.topology).toBe('sentinel');
      expect(t.config.quorum).toBe(c.quorum);
      expect(t.config.downAfterMilliseconds).toBe(c.downAfter);
      expect(b.faultAt).toBeGreaterThanOrEqual(5000);
      expect(t.until).toBeGreaterThan(b.faultAt + c.downAfter);
    }
  });

  it('restarts the master within down-after-milliseconds in sn-restart, and cuts only the S1–M link in sn-link', () => {
    const c: SentinelMatrixConfig = { ...SENTINEL_BASE, downAfter: 30000 };
    for (const seed of [1, 2, 3, 4]) {
      const ev = sentinelFamilyById('sn-restart').build(c, seed).trace.events;
      const crash = ev.find((e) => e.type === 'crash')!;
      const back = ev.find((e) => e.type === 'restart')!;
      expect(back.at - crash.at).toBeGreaterThanOrEqual(1000);
      expect(back.at - crash.at).toBeLessThanOrEqual(15000);
    }
    const link = sentinelFamilyById('sn-link').build(c, 1).trace.events.filter((e) => e.type === 'delay');
    expect(link.map((e) => e.type === 'delay' && `${e.from}>${e.to}`)).toEqual(['S1>M', 'M>S1']);
  });
});

// ---------- a hand-made run: M killed at 5 s, R1 promoted, S3 still names M when lagging ----------

const config: SentinelMatrixConfig = { ...SENTINEL_BASE };

function write(i: number, sentAt: number, result: WriteRecord['result'], by: string | null): WriteRecord {
  return { id: `w${i}`, key: `k${i}`, slot: i, sentAt, appliedBy: by, appliedAt: sentAt, result, error: result === 'refused' ? 'CONNREFUSED' : null, repliedAt: sentAt + 1, wait: null };
}

function run(s3Names: string): RunResult {
  const writes: WriteRecord[] = [];
  for (let t = 0, i = 1; t < 20000; t += 100, i++) writes.push(write(i, t, t < 5000 ? 'acked' : t < 12000 ? 'refused' : 'acked', t < 5000 ? 'M' : t < 12000 ? null : 'R1'));
  const timeline: TimelineEntry[] = [
    { at: 5000, node: 'M', event: 'crash' },
    { at: 10000, node: 'S1', event: 'sdown', about: 'M' },
    { at: 10100, node: 'S1', event: 'odown', about: 'M' },
    { at: 10200, node: 'S2', event: 'failover-abort', about: 'M', detail: 'not-elected' },
    { at: 11000, node: 'R1', event: 'promoted', about: 'M' },
    { at: 11500, node: 'S1', event: 'switch-master', about: 'R1' },
    { at: 16000, node: 'R2', event: 'wiped', from: 'R1', dropped: 2, keysBefore: 50, keysAfter: 48 },
  ];
  const node = (name: string, role: string, master: string | null, proc = 'up') => ({ name, proc, role, repl: { master }, masterReplOffset: 100, cluster: { state: 'ok' } });
  const sentinel = (name: string, addr: string) => ({ name, proc: 'up', master: { addr } });
  const state = {
    config: { topology: 'sentinel' }, client: { node: 'R1' }, writes, timeline,
    nodes: { M: node('M', 'master', null, 'down'), R1: node('R1', 'master', null), R2: node('R2', 'replica', 'R1') },
    sentinels: { S1: sentinel('S1', 'R1'), S2: sentinel('S2', 'R1'), S3: sentinel('S3', s3Names) },
  } as unknown as State;
  // w49 acked 199 ms before the crash; w51 acked 30 ms after it (blamed by the outcome on a later fault).
  const lost = [{ id: 'w49', key: 'k49', slot: 49, ackedAt: 4801, appliedBy: 'M', fault: { at: 5000, event: 'crash', node: 'M' }, windowMs: 199, afterFault: null, afterMs: 0 },
    { id: 'w51', key: 'k51', slot: 51, ackedAt: 5030, appliedBy: 'M', fault: { at: 11000, event: 'replicaof', node: 'R1' }, windowMs: 5970, afterFault: { at: 5000, event: 'crash', node: 'M' }, afterMs: 30 }];
  const outcome = { writes: { acked: 130, lost: 2, lostIds: ['w49', 'w51'], unavailable: 0 }, lost };
  return { state, outcome, trace: parseTrace({ name: 'hand-made', config: { topology: 'sentinel' }, seed: 1, events: [], until: 20000 }) } as unknown as RunResult;
}

const built = (r: RunResult) => ({ trace: r.trace, faultAt: 5000, faulted: ['M'], operatorAt: null });

describe('a Sentinel cell measured from a hand-made run', () => {
  const m = measureResult(config, built(run('R1')), 1, run('R1'), null);

  it('measures loss from the family\'s fault, and the downtime of the one dataset', () => {
    expect(m.lost).toBe(2);
    expect(m.lostWindowMs).toBe(199);
    expect(m.lostAfterMs).toBe(30);
    expect(Object.keys(m.unavail)).toEqual(['M']);
    expect(m.unavail.M).toEqual({ ms: 7000, open: false, untilOperator: false });
    expect(m.wipes).toEqual([{ node: 'R2', at: 16000, from: 'R1', dropped: 2, keysBefore: 50, keysAfter: 48 }]);
  });

  it('times the Sentinels from the fault: +odown, +switch-master, aborted failovers, the promotion', () => {
    expect(m.odownMs).toBe(5100);
    expect(m.switchMs).toBe(6500);
    expect(m.aborts).toBe(1);
    expect(m.failoverMs).toBe(6000);
    expect(m.promotions).toBe(1);
  });

  it('recovers by itself only when every running Sentinel names the running master', () => {
    expect(m.recovery).toBe('auto');
    const apart = measureResult(config, built(run('M')), 1, run('M'), null);
    expect(apart.recovery).toBe('operator');
    expect(apart.recoveryNote).toBe('S3 names another master');
  });

  it('renders the family table with the Sentinel columns', () => {
    const never = { ...m, seed: 2, odownMs: null, switchMs: null, aborts: 0 };
    const runs = [m, never];
    const cell: Cell<SentinelMatrixConfig> = { id: `sn-kill--${sentinelConfigId(config)}`, family: sentinelFamilyById('sn-kill'), config, runs, worst: 0, faulted: ['M'], agg: aggregate(runs, ['M']) };
    expect(fmtReached(runs, (x) => x.switchMs)).toBe('6.5 (1/2 runs; never in the others)');
    const layouts = sentinelLayout().slice(0, 1).map((l) => ({ ...l, main: [config], other: [] }));
    const part = renderSentinelPart(layouts, () => cell, (f, c) => `${f}--${sentinelConfigId(c)}`, { runs: 2, seed: 1, cells: 1, traces: 2 });
    const text = part.sections.join('\n');
    expect(part.families).toContain('- [`sn-kill`](#sn-kill) Sentinel — the master dies (kill -9), restarted late — runbook 003 (哨兵 automatic failover); sentinel.md §3, 2.4–2.12, 2.21');
    expect(text).toContain('| configuration | acked writes lost, worst (range) | largest loss window | longest unavailability, s | +odown after, s | +switch-master after, s | recovery | dataset wiped | evidence |');
    expect(text).toContain('| AOF everysec · down-after 5 s | **2** | 199 ms; acked up to 30 ms after the fault | **M 7.0** | 5.1 (1/2 runs; never in the others) | 6.5 (1/2 runs; never in the others) · 1/2 runs aborted a failover | ✅ auto | ⚠️ R2: a full sync dropped ≤ 2 keys (2/2) | [trace](matrix/sn-kill--sentinel-aof-everysec-q2-dam5s-mr0.json) · [report](matrix/sn-kill--sentinel-aof-everysec-q2-dam5s-mr0.md) |');
  });
});

describe('Sentinel cells on the model (one seed each)', () => {
  const cellOf = (family: string, c: SentinelMatrixConfig) => runCell(sentinelFamilyById(family), c, [1], `${family}--${sentinelConfigId(c)}`).cell;

  it('a master killed: the Sentinels agree after down-after-milliseconds, publish a replica soon after, recover by themselves', () => {
    const c = cellOf('sn-kill', SENTINEL_BASE);
    const m = c.runs[0];
    expect(m.odownMs).toBeGreaterThanOrEqual(5000);
    expect(m.switchMs).toBeGreaterThan(m.odownMs!);
    expect(m.switchMs).toBeLessThan(5000 + 5000);
    expect(m.recovery).toBe('auto');
    expect(m.unavail.M.ms).toBeGreaterThan(5000);
  });

  it('the old master cut off with its clients keeps acking writes that are lost; min-replicas 1 bounds the loss and refuses writes instead', () => {
    const open = cellOf('sn-isolated', SENTINEL_BASE).runs[0];
    const bounded = cellOf('sn-isolated', { ...SENTINEL_BASE, minReplicas: 1 }).runs[0];
    expect(open.lost).toBeGreaterThan(1000);
    expect(open.lostAfterMs).toBeGreaterThan(SENTINEL_BASE.downAfter + 25_000);
    expect(bounded.lost).toBeLessThan(open.lost);
    expect(bounded.lostAfterMs).toBeLessThan(12_000);
    expect(bounded.unavail.M.ms).toBeGreaterThan(open.unavail.M.ms + 10_000);
  });

  it('one Sentinel\'s cut link: no failover with quorum 2, a false failover that loses writes with quorum 1', () => {
    const q2 = cellOf('sn-link', SENTINEL_BASE).runs[0];
    const q1 = cellOf('sn-link', { ...SENTINEL_BASE, quorum: 1 }).runs[0];
    expect(q2.switchMs).toBeNull();
    expect(q2.lost).toBe(0);
    expect(q1.switchMs).not.toBeNull();
    expect(q1.lost).toBeGreaterThan(0);
  });
});
