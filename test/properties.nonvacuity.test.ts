// Non-vacuity (design §5): each 'always' / 'eventually' property fails on a broken model variant
// (model/kernel/mutations.ts), a configuration outside its scope, or with its restriction lifted.
import { afterEach, describe, expect, it } from 'vitest';
import { mutations, resetMutations } from '../model/kernel/mutations.ts';
import { checkProperty } from '../properties/check.ts';
import { byName, catalog } from '../properties/index.ts';
import { breakers } from '../properties/nonvacuity.ts';
import { runTrace } from '../properties/property.ts';

afterEach(resetMutations);

describe('every guarantee can fail', () => {
  for (const b of breakers) {
    it(`${b.property} fails with ${b.how}`, () => {
      if (b.mutation) mutations[b.mutation] = true;
      const c = checkProperty(byName(b.property), { numRuns: b.numRuns, seed: 1, arbitrary: b.arbitrary, check: b.check });
      expect(c.status).toBe('violated');
    }, 60_000);
  }

  it('model-never-throws fails when the run throws', () => {
    const r = runTrace({ events: [{ at: 0, type: 'writes', every: 100, until: 1000 }], until: 2000 }, (_s, a) => { if (a.type === 'ProcessCrashed' || a.type === 'WriteIssued') throw new Error('injected'); });
    expect(byName('model-never-throws').check(r)).toMatch(/model threw: injected/);
  });

  it('every always/eventually property has a breaker', () => {
    const covered = new Set([...breakers.map((b) => b.property), 'model-never-throws']);
    expect(catalog.filter((p) => p.expectation !== 'sometimes' && !covered.has(p.name)).map((p) => p.name)).toEqual([]);
  });

  it('mutations are off by default', () => {
    expect(Object.values(mutations).every((v) => v === false)).toBe(true);
  });
});
