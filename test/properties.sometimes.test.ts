// Every hazard ('sometimes') finds its witness by random generation within a budget (no shrinking
// here; `npm run verify` shrinks and stores witnesses in counterexamples/).
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../properties/check.ts';
import { catalog } from '../properties/index.ts';

const budget = Number(process.env.HAZARD_RUNS ?? 400);
const seed = Number(process.env.PROPERTY_SEED ?? 20251121);

describe('hazards have witnesses', () => {
  for (const p of catalog.filter((x) => x.expectation === 'sometimes')) {
    it(`sometimes: ${p.name}`, () => {
      const c = checkProperty(p, { numRuns: budget, seed });
      expect(c.status, `no witness in ${c.runs} runs for: ${p.claim}`).toBe('witnessed');
    }, 60_000);
  }
});
