// Same trace and seed → the same outcome, byte for byte; the fast driver equals the immer reducer.
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drive, run } from '../model/kernel/sim.ts';
import { outcome } from '../model/kernel/outcome.ts';
import { step } from '../model/kernel/step.ts';
import type { State } from '../model/kernel/state.ts';
import { parseTrace, TraceError } from '../model/kernel/trace.ts';
import { loadScenario, trace } from './helpers.ts';

/** The same driver loop, but through the pure reducer: a new immutable state at every step. */
function runPure(t: ReturnType<typeof trace>): State {
  const s = drive(t, (cur, action, at, fromAgenda) => {
    const popped = fromAgenda ? { ...cur, agenda: cur.agenda.slice(1) } : cur;
    return step({ ...popped, now: at }, action);
  });
  return { ...s, now: t.until };
}

describe('determinism', () => {
  it('the same trace gives the same outcome, byte for byte', () => {
    const t = loadScenario('split-brain-minority-master.json');
    expect(JSON.stringify(outcome(t, run(t)))).toBe(JSON.stringify(outcome(t, run(t))));
  });
  it('the election jitter comes from a hash of the seed, not a stream: another seed may change it', () => {
    const t = loadScenario('1A-master-dies-aof-everysec.json');
    const at = (seed: number) => run({ ...t, seed, until: 60_000 }).timeline.find((e) => e.event === 'election')!.at;
    expect(at(1)).toBe(at(1));
    expect(new Set([1, 2, 3, 4, 5].map(at)).size).toBeGreaterThan(1);
  });
  it('the simulator (mutable working copy) and the immer reducer reach the same outcome', () => {
    const t = trace({ config: { nodeTimeout: 2000, appendonly: true }, seed: 9, until: 12_000, events: [
      { at: 0, type: 'writes', every: 50, until: 8000 },
      { at: 1000, type: 'crash', node: 'B' },
      { at: 6000, type: 'restart', node: 'B' },
      { at: 7000, type: 'failover', node: 'A1' },
    ] });
    expect(JSON.stringify(outcome(t, runPure(t)))).toBe(JSON.stringify(outcome(t, run(t))));
  });
});

describe('trace validation', () => {
  const problems = (input: unknown) => { try { parseTrace(input); return []; } catch (e) { return (e as TraceError).problems; } };
  it('names the field and what was expected', () => {
    expect(problems({ events: [{ at: 0, type: 'crash', node: 'Z' }] })[0]).toMatch(/^events\[0\]\.node: expected a node of this topology/);
    expect(problems({ config: { nodeTimeot: 5 }, events: [] })[0]).toMatch(/nodeTimeot/);
    expect(problems({ events: [{ at: -1, type: 'heal' }] })[0]).toMatch(/^events\[0\]\.at/);
    expect(problems({ events: [{ at: 5, type: 'heal' }, { at: 1, type: 'heal' }] })[0]).toMatch(/time order/);
    expect(problems({ events: [{ at: 0, type: 'explode' }] })[0]).toMatch(/^events\[0\]\.type/);
  });
  it('the CLI exits non-zero with the problems and no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-'));
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ events: [{ at: 0, type: 'crash', node: 'Q' }] }));
    let err = '';
    let code = 0;
    try { execFileSync('npx', ['tsx', 'cli/simulate.ts', f], { cwd: join(import.meta.dirname, '..'), stdio: 'pipe' }); }
    catch (e) { const x = e as { status: number; stderr: Buffer }; code = x.status; err = x.stderr.toString(); }
    expect(code).toBe(2);
    expect(err).toMatch(/events\[0\]\.node: expected a node of this topology/);
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  }, 30_000); // npx tsx: a few seconds on a loaded machine
});
