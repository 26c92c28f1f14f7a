// Performance work on model/ must not change behaviour: these outcomes were saved before any
// optimisation (npx tsx cli/simulate.ts) and must stay byte-identical.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace, simulate } from '../model/index.ts';

const dir = join(import.meta.dirname, 'fixtures', 'equivalence');
const traces = readdirSync(dir).filter((f) => f.endsWith('.trace.json')).sort();

describe('model equivalence (optimisations are byte-identical)', () => {
  for (const f of traces) {
    it(f, () => {
      const trace = parseTrace(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const expected = readFileSync(join(dir, f.replace('.trace.json', '.outcome.json')), 'utf8');
      expect(`${JSON.stringify(simulate(trace).outcome, null, 2)}\n`).toBe(expected);
    });
  }
});
