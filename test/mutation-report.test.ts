// reports/mutation.md is rendered from Stryker's report and the triage verdicts (mutation/report.ts).
import { describe, expect, it } from 'vitest';
import { render, type StrykerReport, type Verdict } from '../mutation/report.ts';

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
    expect(out.text).toContain('Not yet mutated (1 files of the mutate set): model/lib/y.ts');
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
});
