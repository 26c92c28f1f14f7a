// The reducer is total (design §2, style.md): every valid trace runs to its end without an exception.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { crashed, type Property } from './property.ts';

export const property: Property = {
  name: 'model-never-throws',
  claim: 'Every valid trace runs to its end without the model throwing.',
  expectation: 'always',
  scope: 'all configs; mixed faults and manual failovers in every mode',
  source: 'design.md §2 (one exhaustive, total reducer)',
  arbitrary: traces(fc.oneof(families.mixed(), families.manualFailover('default'), families.manualFailover('force'), families.manualFailover('takeover'))),
  check: (r) => crashed(r),
};
