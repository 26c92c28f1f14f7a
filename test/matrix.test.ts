// The matrix (audit/matrix.ts): a few cells on a small run count give sane measures, and the
// transcription of runbook 000's tables 5.1 and 5.2 parses, quotes the runbook faithfully and
// names only cells the matrix runs.
import { describe, expect, it } from 'vitest';
import { configId, familyById, type MatrixConfig } from '../audit/matrix-families.ts';
import { layout } from '../audit/matrix-layout.ts';
import { runCell } from '../audit/matrix-measure.ts';
import { evaluate, loadTables, measureOf, requiredTargets, runbookAvailable, runbookPath, targetId, unfaithfulQuotes } from '../audit/matrix-tables.ts';

const base: MatrixConfig = { persistence: 'aof-always', replicas: 1, masters: 3, fullCoverage: true, minReplicas: 0 };
const cell = (family: string, c: MatrixConfig, seeds = [1, 2]) => runCell(familyById(family), c, seeds, `${family}--${configId(c)}`).cell;

describe('matrix cells', () => {
  it('AOF always + kill -9 of a master restarted before failover loses no acked write and wipes nothing', () => {
    const c = cell('rb-kill', base);
    expect(c.agg.lost.max).toBe(0);
    expect(c.agg.wipedRuns).toBe(0);
    expect(c.agg.promotions.max).toBe(0);
    expect(c.agg.worstRecovery).toBe('auto');
    // B refused writes while it was down (at least its 1 s restart delay), the other ranges never.
    expect(c.agg.unavail.B.ms).toBeGreaterThanOrEqual(1000);
    expect(c.agg.unavail.A.ms).toBeLessThan(500);
  });

  it('no persistence + restart before failover: B comes back empty and wipes its replica; every earlier acked write of B is lost', () => {
    const c = cell('rb-kill', { ...base, persistence: 'none' });
    expect(c.agg.emptiedRuns).toBe(c.runs.length);
    expect(c.agg.wipedNodes).toEqual(['B1']);
    expect(c.agg.preFaultLoss.min).toBe(1);
    expect(c.agg.lossRanges).toEqual(['B']);
    expect(c.agg.lostWindowMs.max).toBeGreaterThan(4000); // back to the first write of the run
  });

  it('scenario 1: the replica is promoted after about NT; only the crashed range is down that long; recovers by itself', () => {
    const c = cell('s1-kill', { ...base, persistence: 'aof-everysec' }, [1]);
    expect(c.agg.worstRecovery).toBe('auto');
    expect(c.agg.promotions.min).toBe(1);
    expect(c.agg.unavail.B.ms).toBeGreaterThan(15000);
    expect(c.agg.unavail.B.ms).toBeLessThan(15000 * 1.5 + 3000);
    expect(c.agg.unavail.A.ms).toBeLessThan(3000);
    expect(c.agg.unavail.B.untilOperator).toBe(false);
  });

  it('scenario 3 with one replica needs the operator: the range stays down until the restart', () => {
    const c = cell('s3-kill', { ...base, persistence: 'aof-everysec' }, [1]);
    expect(c.agg.worstRecovery).toBe('after-restart');
    expect(c.agg.unavail.B.untilOperator).toBe(true);
    expect(c.agg.promotions.max).toBe(0);
  });
});

describe('runbook 000 tables 5.1 and 5.2 (audit/tables-5.json)', () => {
  const tables = loadTables();

  it('parses, with one cell per row × column and at least one claim per cell', () => {
    for (const t of tables.tables) {
      expect(t.cells).toHaveLength(t.rows.length * t.columns.length);
      for (const c of t.cells) expect(c.claims.length).toBeGreaterThan(0);
    }
    expect(tables.tables.map((t) => t.id)).toEqual(['5.1', '5.2']);
  });

  it.skipIf(!runbookAvailable(tables))('quotes the runbook\'s own text', () => {
    expect(unfaithfulQuotes(tables, runbookPath(tables))).toEqual([]);
  });

  it('names only cells that the matrix runs', () => {
    const ids = new Set(layout().flatMap((l) => [...l.main, ...l.other].map((c) => `${l.family.id}--${configId(c)}`)));
    for (const t of requiredTargets(tables)) expect(ids.has(targetId(t)), targetId(t)).toBe(true);
  });

  it('computes agreement from the measurement: 5.2 scenario 3 "not automatic" agrees, 5.1 scenario 1 "~1 s" under kill -9 does not', () => {
    const t52 = tables.tables.find((t) => t.id === '5.2')!;
    const s3auto = t52.cells.find((c) => c.row === 's3' && c.column === 'auto')!;
    const c3 = cell(s3auto.against[0].family, s3auto.against[0].config, [1]);
    expect(evaluate(s3auto.claims[0], c3, () => c3).agrees).toBe(true);
    const t51 = tables.tables.find((t) => t.id === '5.1')!;
    const s1aof = t51.cells.find((c) => c.row === 's1' && c.column === 'aof')!;
    const kill = s1aof.against.find((a) => a.family === 's1-kill')!;
    const c1 = cell(kill.family, kill.config, [1]);
    expect(measureOf(c1, 'lostWindowMs')).toBe(0);
    expect(evaluate(s1aof.claims[0], c1, () => c1).agrees).toBe(false);
  });
});
