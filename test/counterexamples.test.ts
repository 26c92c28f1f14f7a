// Replays every stored counterexample / witness (design §6): a hazard's witness must still show the
// hazard; a guarantee's counterexample stays red until the model or the claim is fixed.
import { describe, expect, it } from 'vitest';
import { parseTrace } from '../model/kernel/trace.ts';
import { loadAll, replay } from '../properties/counterexamples.ts';
import { byName } from '../properties/index.ts';

const stored = loadAll();

describe('stored counterexamples replay', () => {
  it('there is one witness per hazard', () => {
    const hazards = ['empty-master-restart-wipes-replicas', 'two-writable-masters-can-coexist', 'wait-is-not-durability', 'concurrent-elections-can-split-votes', 'persistence-off-reloads-sync-snapshot'];
    expect(hazards.filter((h) => !stored.some((s) => s.c.property === h))).toEqual([]);
  });
  for (const { file, c } of stored) {
    it(`${c.property} (${c.expectation})`, () => {
      expect(() => parseTrace(c.trace)).not.toThrow();
      expect(byName(c.property).expectation).toBe(c.expectation);
      const r = replay(c);
      if (c.expectation === 'sometimes') expect(r.message, `${file} no longer shows the hazard`).not.toBeNull();
      else expect(r.message, `${file}: the guarantee is still violated`).toBeNull();
      expect(r.message === null || r.run.stepTimes.length > 0).toBe(true);
    });
  }
});
