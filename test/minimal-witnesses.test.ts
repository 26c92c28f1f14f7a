// The bench's yardsticks (bench/minimal.ts): each hand-written witness must still show its hazard, or
// the bench compares shrunk witnesses with a trace that proves nothing. A model change that moves a
// timing (ping phases, election delays) can close a hand-written trace's window; this says which.
import { describe, expect, it } from 'vitest';
import { minimalWitness } from '../bench/minimal.ts';
import { byName, catalog } from '../properties/index.ts';
import { runTrace } from '../properties/property.ts';

describe('hand-written minimal witnesses', () => {
  it('cover every hazard', () => {
    const hazards = catalog.filter((p) => p.expectation === 'sometimes').map((p) => p.name).sort();
    expect(Object.keys(minimalWitness).sort()).toEqual(hazards);
  });
  for (const [name, input] of Object.entries(minimalWitness)) {
    it(`${name} shows its hazard`, () => {
      const p = byName(name);
      expect(p.check(runTrace(input, p.watch)), `${name}: the hand-written trace does not show the hazard`).not.toBeNull();
    });
  }
});
