// reports/mutation.md is rendered from Stryker's report and the triage verdicts (mutation/report.ts).
import { describe, expect, it } from 'vitest';
import { render, type StrykerReport, type Verdict } from '../mutation/report.ts';
import { draw, keyOf, ratioInterval, type SampledMutant } from '../mutation/sample.ts';

const source = 'const a = x > 1;\nif (ok) go();\n';
const mutant = (id: string, line: number, from: number, to: number, mutatorName: string, replacement: string, status: string, killedBy?: string[]) =>
  ({ id, mutatorName, replacement, status, killedBy, location: { start: { line, column: from }, end: { line, column: to } } });
const report: StrykerReport = {
  files: { 'model/lib/x.ts': { source, mutants: [
    mutant('1', 1, 11, 16, 'EqualityOperator', 'x >= 1', 'Survived'),
    mutant('2', 2, 5, 7, 'ConditionalExpression', 'true', 'Killed', ['t1']),
    mutant('3', 2, 5, 7, 'ConditionalExpression', 'false', 'Killed', ['t2']),
    mutant('4', 2, 9, 13, 'BlockStatement', '{}', 'Ignored'),
  ] } },
  testFiles: { 'mutation/fast-properties.ts': { tests: [{ id: 't1', name: 'always: old-claim' }, { id: 't2', name: 'always: new-claim' }] } },
};
const verdict: Verdict = { file: 'model/lib/x.ts', line: 1, mutator: 'EqualityOperator', original: 'x > 1', replacement: 'x >= 1', verdict: 'equivalent', why: 'x is an integer' };

describe('mutation report', () => {
  it('scores detected over detected + undetected, ignored aside', () => {
    const out = render(report, [verdict], ['model/lib/x.ts', 'model/lib/y.ts'], ['new-claim'], 85);
    expect(out.score).toBeCloseTo(200 / 3);
    expect(out.untriaged).toBe(0);
    expect(out.text).toContain('equivalent: x is an integer');
    expect(out.text).toContain('Not mutated in full (1 files of the mutate set): model/lib/y.ts');
    expect(out.text).toMatch(/x\.ts:2 ConditionalExpression: `ok` → `false` \| always: new-claim/);
    expect(out.text).not.toMatch(/`ok` → `true` \| always: old-claim/);
  });

  it('counts a survivor without a verdict, and finds a verdict whose line moved', () => {
    expect(render(report, [], [], [], 85).untriaged).toBe(1);
    expect(render(report, [{ ...verdict, line: 7 }], [], [], 85).untriaged).toBe(0);
  });

  it('marks a file edited since its results were recorded', () => {
    expect(render(report, [verdict], [], [], 85, ['model/lib/x.ts']).text).toContain('model/lib/x.ts (edited since');
    expect(render(report, [verdict], [], [], 85).text).not.toContain('edited since');
  });

  it('estimates all of model/ from the sample: the full files as measured, the rest at the sample\'s rate', () => {
    const ySource = 'let b = y < 2;\nlet c = z;\n';
    const drawn = mutant('9', 1, 9, 14, 'EqualityOperator', 'y <= 2', 'Killed', ['t1']);
    const nested = mutant('10', 2, 9, 10, 'BooleanLiteral', 'true', 'Survived');
    const withSample: StrykerReport = { ...report, files: { ...report.files, 'model/lib/y.ts': { source: ySource, mutants: [drawn, nested] } } };
    const sample = { seed: 1, population: 30, nodes: 20, fullFiles: ['model/lib/x.ts'], mutants: [{ file: 'model/lib/y.ts', line: 1, column: 9, endLine: 1, endColumn: 14, mutator: 'EqualityOperator', replacement: 'y <= 2' }] };
    const out = render(withSample, [verdict], ['model/lib/x.ts', 'model/lib/y.ts'], [], 85, [], sample);
    // x.ts: 2 of 3; the rest: 30 countable mutants at 1 of 1 → (2 + 30) / (3 + 30).
    expect(out.score).toBeCloseTo((100 * 32) / 33);
    expect(out.text).toContain('Detected: 1 of 1');
    expect(out.text).toContain('| model/lib/x.ts | 3 | 2 | 1 |');
    expect(out.text).not.toContain('| model/lib/y.ts |'); // sampled, not mutated in full
    expect(out.untriaged).toBe(1); // the nested survivor still needs a verdict
  });

  it('draws nodes by the seed\'s hash order: the same draw every time, a larger one keeps the smaller; the ratio interval', () => {
    const pop: SampledMutant[] = Array.from({ length: 50 }, (_, i) => ({ file: 'model/a.ts', line: i + 1, column: 1, endLine: i + 1, endColumn: 5, mutator: 'X', replacement: String(i) }));
    const a = draw(pop, 10, 7).map(keyOf);
    expect(draw([...pop].reverse(), 10, 7).map(keyOf)).toEqual(a);
    expect(draw(pop, 20, 7).map(keyOf).slice(0, 10)).toEqual(a);
    expect(draw(pop, 10, 8).map(keyOf)).not.toEqual(a);
    // Clusters of one mutant: the ratio interval is the normal approximation's (0.85 ± 0.07 for 85 of 100).
    const [lo, hi] = ratioInterval([...Array(85).fill([1, 1]), ...Array(15).fill([0, 1])]);
    expect(lo).toBeCloseTo(0.85 - 1.96 * Math.sqrt((0.85 * 0.15 * 100) / 99 / 100), 6);
    expect(hi - 0.85).toBeCloseTo(0.85 - lo, 9);
    // Two mutants per node, both caught or both missed: twice the mutants, no narrower than half as many nodes.
    const [lo2] = ratioInterval([...Array(43).fill([2, 2]), ...Array(7).fill([0, 2])]);
    expect(lo2).toBeLessThan(lo);
  });
});
