// Performance work on model/ must not change behaviour: these outcomes were saved before any
// optimisation (npx tsx cli/simulate.ts) and must stay byte-identical. After an intentional change
// of semantics, regenerate them: UPDATE_EQUIVALENCE=1 npx vitest run test/model-equivalence.test.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrace, simulate } from '../model/index.ts';

const dir = join(import.meta.dirname, 'fixtures', 'equivalence');
const traces = readdirSync(dir).filter((f) => f.endsWith('.trace.json')).sort();

describe('model equivalence (optimisations are byte-identical)', () => {
  for (const f of traces) {
    it(f, () => {
      const trace = parseTrace(JSON.parse(readFileSync(join(dir, f), 'utf8')));
      const file = join(dir, f.replace('.trace.json', '.outcome.json'));
      const actual = `${JSON.stringify(simulate(trace).outcome, null, 2)}\n`;
      if (process.env.UPDATE_EQUIVALENCE) writeFileSync(file, actual);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  }
});
