// The runbook audit's inputs and machinery: every claim validates, every trace claim's scenario
// parses, every measure works on a tiny run, and a rule check gives its verdict. Not a snapshot of
// verdicts: those come from `npm run audit`.
import { describe, expect, it } from 'vitest';
import { parseTrace } from '../model/index.ts';
import { runTrace } from '../properties/property.ts';
import { byName } from '../properties/index.ts';
import { combine, evaluate, variant } from '../audit/evaluate.ts';
import { MEASURES, measure } from '../audit/measures.ts';
import { RULES } from '../audit/rules.ts';
import { parseClaims, type Claim } from '../audit/schema.ts';
import { loadClaims } from '../audit/run.ts';

const claims = loadClaims();

describe('audit/claims.json', () => {
  it('validates, with errors naming the claim and the field', () => {
    expect(claims.length).toBeGreaterThan(200);
    const bad = [{ ...claims[0], check: { trace: [{ measure: 'nope', op: '==', value: 1, says: 'xyz' }] } }];
    expect(() => parseClaims(bad)).toThrow(/000-1\.1-crc16-slot\.check.*measure/s);
    expect(() => parseClaims([{ ...claims[0], gloss: undefined }])).toThrow(/000-1\.1-crc16-slot\.gloss/);
  });

  it('has no verdict typed by hand', () => {
    for (const c of claims) expect(Object.keys(c)).not.toContain('preliminary');
  });

  it("every trace claim's scenario parses, and so do its variants", () => {
    for (const c of claims.filter((x) => 'trace' in x.check)) {
      expect(() => parseTrace(c.scenario), c.id).not.toThrow();
      expect(() => parseTrace(variant(c.scenario as never, 7)), c.id).not.toThrow();
    }
  });

  it('every property and rule a claim names exists', () => {
    for (const c of claims) {
      if ('properties' in c.check) for (const p of c.check.properties) expect(() => byName(p.property), c.id).not.toThrow();
      if ('rule' in c.check) expect(RULES[c.check.rule], c.id).toBeDefined();
    }
  });
});

describe('measures', () => {
  const tiny = runTrace({
    name: 'tiny: B killed', config: { nodeTimeout: 2000 }, seed: 1, until: 12000,
    events: [{ at: 0, type: 'writes', every: 20, until: 10000 }, { at: 2000, type: 'crash', node: 'B' }, { at: 8000, type: 'restart', node: 'B' }],
  } as never);
  const args = { node: 'B1', shard: 'B', from: 0, to: 5000, error: 'CLUSTERDOWN' };

  it.each(Object.keys(MEASURES))('%s works on a tiny trace', (name) => {
    const v = measure(tiny, name, args);
    expect(['number', 'boolean', 'string', 'object']).toContain(typeof v);
    expect(MEASURES[name].label(args).length).toBeGreaterThan(3);
  });

  it('reads the failover the way the timeline shows it', () => {
    expect(measure(tiny, 'promoted', { node: 'B1' })).toBe(true);
    expect(measure(tiny, 'finalMaster', { shard: 'B' })).toBe('B1');
    expect(measure(tiny, 'replicaOf', { node: 'B' })).toBe('B1');
    expect(measure(tiny, 'promotedAtMs', { node: 'B1' })).toBeGreaterThan(2000);
  });
});

describe('verdicts', () => {
  it('the CRC16 / hash-tag rule is imprecise: right for plain keys, wrong for hash tags', () => {
    const c = claims.find((x) => x.id === '000-1.1-crc16-slot') as Claim;
    const r = evaluate(c, { variants: 1, runs: 1, seed: 1 });
    expect(r.verdict).toBe('imprecise');
    expect(r.reason).toMatch(/hash tag/);
  });

  it('combines parts: all confirmed, all refuted, else imprecise', () => {
    expect(combine(['confirmed', 'confirmed'])).toBe('confirmed');
    expect(combine(['refuted', 'refuted'])).toBe('refuted');
    expect(combine(['confirmed', 'refuted'])).toBe('imprecise');
    expect(combine(['not modelled yet'])).toBe('not modelled yet');
  });

  it('a not-modelled claim says what is missing', () => {
    const c = claims.find((x) => 'notModelled' in x.check) as Claim;
    const r = evaluate(c, { variants: 1, runs: 1, seed: 1 });
    expect(r.verdict).toBe('not modelled yet');
    expect(r.reason).toMatch(/^Missing: /);
  });
});
