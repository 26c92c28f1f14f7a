// Which replicas the conformance comparison treats as tied for Sentinel's selection (run ID decides).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTrace, type Trace } from '../model/kernel/trace.ts';
import { alike, interchangeable, renamings } from '../conformance/standalone-races.ts';

const e4a = parseTrace(JSON.parse(readFileSync('scenarios/sentinel-lab-e4a.json', 'utf8')));
const withEvents = (events: unknown[]): Trace => parseTrace({ ...JSON.parse(readFileSync('scenarios/sentinel-lab-e4a.json', 'utf8')), events });

describe('alike', () => {
  it('holds for two replicas on the same side of every partition (E4a)', () => {
    expect(alike(e4a, 'R1', 'R2')).toBe(true);
  });
  it('fails when the partition puts them on different sides', () => {
    const t = withEvents([{ at: 1000, type: 'partition', groups: [['M', 'R1'], ['R2', 'S1', 'S2', 'S3']] }]);
    expect(alike(t, 'R1', 'R2')).toBe(false);
  });
  it('fails when only one of them is crashed', () => {
    const t = withEvents([{ at: 1000, type: 'crash', node: 'R1' }]);
    expect(alike(t, 'R1', 'R2')).toBe(false);
  });
  it('holds when both get the same fault at the same time, and never for a Sentinel or the master', () => {
    const t = withEvents([{ at: 1000, type: 'crash', node: 'R1' }, { at: 1000, type: 'crash', node: 'R2' }]);
    expect(alike(t, 'R1', 'R2')).toBe(true);
    expect(alike(e4a, 'M', 'R1')).toBe(false);
    expect(alike(e4a, 'S2', 'S3')).toBe(true); // both with R1 and R2, away from M
    expect(alike(e4a, 'S1', 'S2')).toBe(false);
    expect(alike(e4a, 'R1', 'S2')).toBe(false);
  });
});

describe('interchangeable names and their renamings', () => {
  it('groups the names alike; every renaming within the groups, the identity first', () => {
    const classes = interchangeable(e4a, ['R1', 'R2', 'S1', 'S2', 'S3']);
    expect(classes).toEqual([['R1', 'R2'], ['S2', 'S3']]);
    const maps = renamings(classes);
    expect(maps.length).toBe(4);
    expect(maps[0].size).toBe(0);
    expect(maps.map((m) => Object.fromEntries(m))).toContainEqual({ R1: 'R2', R2: 'R1', S2: 'S3', S3: 'S2' });
  });
  it('falls back to the single exchanges when the product is too large', () => {
    const big = [['R1', 'R2', 'R3', 'R4', 'R5'], ['S1', 'S2', 'S3', 'S4', 'S5']]; // 120 × 120
    const maps = renamings(big);
    expect(maps.length).toBe(1 + 10 + 10);
    expect(maps.every((m) => m.size === 0 || m.size === 2)).toBe(true);
  });
});
