// Which replicas the conformance comparison treats as tied for Sentinel's selection (run ID decides).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTrace, type Trace } from '../model/kernel/trace.ts';
import { alikeReplicas } from '../conformance/standalone-races.ts';

const e4a = parseTrace(JSON.parse(readFileSync('scenarios/sentinel-lab-e4a.json', 'utf8')));
const withEvents = (events: unknown[]): Trace => parseTrace({ ...JSON.parse(readFileSync('scenarios/sentinel-lab-e4a.json', 'utf8')), events });

describe('alikeReplicas', () => {
  it('holds for two replicas on the same side of every partition (E4a)', () => {
    expect(alikeReplicas(e4a, 'R1', 'R2')).toBe(true);
  });
  it('fails when the partition puts them on different sides', () => {
    const t = withEvents([{ at: 1000, type: 'partition', groups: [['M', 'R1'], ['R2', 'S1', 'S2', 'S3']] }]);
    expect(alikeReplicas(t, 'R1', 'R2')).toBe(false);
  });
  it('fails when only one of them is crashed', () => {
    const t = withEvents([{ at: 1000, type: 'crash', node: 'R1' }]);
    expect(alikeReplicas(t, 'R1', 'R2')).toBe(false);
  });
  it('holds when both get the same fault at the same time, and never for a Sentinel or the master', () => {
    const t = withEvents([{ at: 1000, type: 'crash', node: 'R1' }, { at: 1000, type: 'crash', node: 'R2' }]);
    expect(alikeReplicas(t, 'R1', 'R2')).toBe(true);
    expect(alikeReplicas(e4a, 'M', 'R1')).toBe(false);
    expect(alikeReplicas(e4a, 'S2', 'S3')).toBe(false);
  });
});
