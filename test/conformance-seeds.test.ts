// Class fields over the model's seeds (conformance/seeds.ts): the trace's seed first, another only if it agrees on every field.
import { describe, expect, it } from 'vitest';
import { classesOverSeeds, otherSeedRuns } from '../conformance/seeds.ts';
import type { FieldResult } from '../conformance/compare.ts';

const field = (name: string, agree: boolean, model = agree ? 'x' : 'y'): FieldResult => ({ field: name, agree, model, real: 'x', why: agree ? 'same' : 'differs' });

describe('classes over the model seeds', () => {
  it("keeps the trace's own seed when it agrees, without trying another", () => {
    const tried: number[] = [];
    const got = classesOverSeeds(7, 4, (k) => { tried.push(k); return [field('roles', true)]; });
    expect(tried).toEqual([0]);
    expect(got[0].seed).toBeUndefined();
  });

  it('takes the first other seed that agrees on every field, and says which and where the own seed differs', () => {
    const bySeed = [[field('roles', false), field('survival', true)], [field('roles', true), field('survival', false)], [field('roles', true), field('survival', true)], [field('roles', true), field('survival', true)]];
    const got = classesOverSeeds(7, 4, (k) => bySeed[k]);
    expect(got.every((f) => f.agree && f.seed === 9)).toBe(true);
    expect(got[0].why).toContain('model seed 9; seed 7 differs on roles');
  });

  it("keeps the own seed's disagreement when no seed agrees on every field", () => {
    const got = classesOverSeeds(7, 3, (k) => [field('roles', k === 1), field('survival', k === 2)]);
    expect(got.map((f) => f.agree)).toEqual([false, false]); // seed 7's own fields
    expect(got.some((f) => f.seed !== undefined)).toBe(false);
  });

  it('counts the real runs that another seed matched', () => {
    const fields = [{ ...field('roles', true), seed: 9 }, { ...field('survival', true), seed: 9 }, field('roles [run 2]', true), { ...field('roles [run 3]', true), seed: 8 }];
    expect(otherSeedRuns(fields)).toBe(2);
  });
});
