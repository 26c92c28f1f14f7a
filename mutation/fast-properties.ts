// Stryker's test command (vitest.mutation.config.ts): the catalog's properties from random
// generation only, small and with a fixed seed, so one run of the whole subset takes seconds and a
// mutant is killed by what the properties catch — not by a unit test or a stored counterexample.
// Not named *.test.ts: `npm test` does not run it (its properties run there at their own depth).
import { describe, expect, it } from 'vitest';
import { checkProperty } from '../properties/check.ts';
import { catalog } from '../properties/index.ts';
import { addedByTriage } from './added.ts';

const runs = Number(process.env.MUTATION_RUNS ?? 20);
const hazardRuns = Number(process.env.MUTATION_HAZARD_RUNS ?? 60);
const seed = Number(process.env.MUTATION_SEED ?? 20251121);

// The properties added by the mutation triage run last: Stryker stops at a mutant's first failing
// test, so a mutant they kill is one every earlier property let through.
const ordered = [...catalog.filter((p) => !addedByTriage.includes(p.name)), ...catalog.filter((p) => addedByTriage.includes(p.name))];

describe('properties from random generation (mutation subset)', () => {
  for (const p of ordered) {
    const sometimes = p.expectation === 'sometimes';
    it(`${p.expectation}: ${p.name}`, () => {
      const c = checkProperty(p, { numRuns: sometimes ? hazardRuns : runs, seed });
      if (sometimes) expect(c.status, `no witness in ${c.runs} runs for: ${p.claim}`).toBe('witnessed');
      else expect(c.finding?.message ?? null, p.claim).toBeNull();
    }, 120_000);
  }
});
