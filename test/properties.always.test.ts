// Every 'always' / 'eventually' property holds on a batch of generated traces (PROPERTY_RUNS,
// default 12; fixed seed unless PROPERTY_SEED is set). `npm run verify` runs them at depth.
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../properties/check.ts';
import { catalog } from '../properties/index.ts';

const runs = Number(process.env.PROPERTY_RUNS ?? 12);
const seed = Number(process.env.PROPERTY_SEED ?? 20251121);

describe('guarantees hold on generated traces', () => {
  for (const p of catalog.filter((x) => x.expectation !== 'sometimes')) {
    it(`${p.expectation}: ${p.name}`, () => {
      const c = checkProperty(p, { numRuns: runs, seed, quick: true });
      expect(c.finding?.message ?? null, `${p.claim}\n${JSON.stringify(c.finding?.trace)}`).toBeNull();
    }, 60_000);
  }
});
