// Node names that scale to 200 masters (issue 14) while every existing name stays the same.
import { describe, expect, it } from 'vitest';
import { isMasterName, masterName, shardOfName } from '../model/cluster/names.ts';
import { initialSlots, slotCount } from '../model/cluster/slots.ts';
import { MAX_MASTERS, nodeNames, parseTrace, TraceError } from '../model/kernel/trace.ts';

describe('node names', () => {
  it('keep the runbooks’ names up to 26 masters, then go on as spreadsheet columns', () => {
    const { masters, replicas } = nodeNames({ masters: 26, replicasPerMaster: 2 });
    expect(masters.join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    expect(replicas.slice(0, 3)).toEqual(['A1', 'A2', 'B1']);
    expect([26, 27, 51, 52, 199, 701, 702].map(masterName)).toEqual(['AA', 'AB', 'AZ', 'BA', 'GR', 'ZZ', 'AAA']);
    expect(nodeNames({ masters: 200, replicasPerMaster: 1 }).replicas.slice(-2)).toEqual(['GQ1', 'GR1']);
  });
  it('are unique, and a replica’s name leads back to its master', () => {
    const { masters, replicas } = nodeNames({ masters: MAX_MASTERS, replicasPerMaster: 12 });
    expect(new Set([...masters, ...replicas]).size).toBe(masters.length + replicas.length);
    expect(masters.every(isMasterName)).toBe(true);
    expect(replicas.some(isMasterName)).toBe(false);
    expect(replicas.every((r) => masters.includes(shardOfName(r)))).toBe(true);
    expect(shardOfName('AB12')).toBe('AB');
  });
  it('slots are split over 200 masters as redis-cli does: contiguous, each 81 or 82 slots', () => {
    const ranges = initialSlots(200);
    expect(ranges[0][0][0]).toBe(0);
    expect(ranges[199][0][1]).toBe(16383);
    for (let i = 1; i < 200; i++) expect(ranges[i][0][0]).toBe(ranges[i - 1][0][1] + 1);
    expect(new Set(ranges.map(slotCount))).toEqual(new Set([81, 82]));
  });
  it('a trace may have up to 200 masters; a wrong name in a big cluster gets a short error', () => {
    const t = parseTrace({ config: { masters: 200 }, events: [{ at: 0, type: 'crash', node: 'GR1' }] });
    expect(t.config.masters).toBe(200);
    const problems = (input: unknown) => { try { parseTrace(input); return []; } catch (e) { return (e as TraceError).problems; } };
    expect(problems({ config: { masters: 201 }, events: [] })[0]).toMatch(/^config\.masters/);
    const [p] = problems({ config: { masters: 200 }, events: [{ at: 0, type: 'crash', node: 'GS' }] });
    expect(p).toBe('events[0].node: expected a node of this topology (masters A…GR, replicas A1…GR1), got "GS"');
  });
});
