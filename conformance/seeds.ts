// Class fields of one real run against the model's K seeds (npm run conformance).
import type { FieldResult } from './compare.ts';

/**
 * The trace's own seed first; if it disagrees on a field, the first other seed that agrees on every
 * field. Redis leaves some choices to chance that a trace cannot fix (a dict's bucket order, random
 * node IDs and run IDs): a real run that took another branch is then one of the model's outcomes
 * too, and each field says which seed showed it and where the trace's own seed differs.
 */
export function classesOverSeeds(seed: number, seeds: number, compareSeed: (k: number) => FieldResult[]): FieldResult[] {
  const own = compareSeed(0);
  if (own.every((f) => f.agree)) return own;
  const differs = own.filter((f) => !f.agree).map((f) => f.field).join(', ');
  for (let k = 1; k < seeds; k++) {
    const other = compareSeed(k);
    if (other.every((f) => f.agree)) return other.map((f) => ({ ...f, seed: seed + k, why: `${f.why} (model seed ${seed + k}; seed ${seed} differs on ${differs})` }));
  }
  return own;
}

/** Real runs whose classes only another model seed showed (printed beside the agreement figure). */
export function otherSeedRuns(fields: FieldResult[]): number {
  return new Set(fields.filter((f) => f.seed !== undefined).map((f) => f.field.match(/\[run \d+\]$/)?.[0] ?? '[run 1]')).size;
}
