// npm run simulate: a counterexample file runs as its trace; --itf writes a well-formed ITF trace
// (Apalache ADR-015); the committed JSON Schema is the one the zod schema generates.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toItf } from '../cli/itf.ts';
import { loadTrace } from '../cli/trace-file.ts';
import { simulate } from '../model/index.ts';
import { parseTrace } from '../model/kernel/trace.ts';
import { schemaText } from '../schema/json-schema.ts';
import { loadScenario } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..');
const CX = join(ROOT, 'counterexamples');

/** Every structural rule of ITF (ADR-015) a file must follow; returns the first broken one, or null. */
function itfProblem(doc: unknown): string | null {
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const value = (v: unknown, at: string): string | null => {
    if (typeof v === 'boolean' || typeof v === 'string') return null;
    if (typeof v === 'number') return Number.isSafeInteger(v) ? null : `${at}: a number that is not a safe integer`;
    if (Array.isArray(v)) return v.map((x, i) => value(x, `${at}[${i}]`)).find((p) => p !== null) ?? null;
    if (!isObj(v)) return `${at}: null or not a JSON value`;
    const keys = Object.keys(v);
    const special = keys.filter((k) => k.startsWith('#'));
    if (special.length === 0) return keys.map((k) => value(v[k], `${at}.${k}`)).find((p) => p !== null) ?? null; // a record
    if (keys.length !== 1) return `${at}: a #-key beside other keys`;
    const [k] = keys;
    const x = v[k];
    switch (k) {
      case '#bigint': return typeof x === 'string' && /^-?[0-9]+$/.test(x) ? null : `${at}: #bigint is not a decimal string`;
      case '#set': case '#tup': return Array.isArray(x) ? value(x, `${at}.${k}`) : `${at}: ${k} is not an array`;
      case '#map': return Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2) ? value(x, `${at}.#map`) : `${at}: #map is not a list of pairs`;
      case '#unserializable': return typeof x === 'string' ? null : `${at}: #unserializable is not a string`;
      default: return `${at}: unknown key ${k}`;
    }
  };
  if (!isObj(doc)) return 'not an object';
  const extra = Object.keys(doc).filter((k) => !['#meta', 'params', 'vars', 'states', 'loop'].includes(k));
  if (extra.length) return `unknown top-level keys ${extra.join(', ')}`;
  if (doc['#meta'] !== undefined && !isObj(doc['#meta'])) return '#meta is not an object';
  const vars = doc.vars;
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string') || new Set(vars).size !== vars.length) return 'vars is not a list of distinct names';
  if (!Array.isArray(doc.states) || doc.states.length === 0) return 'states is not a non-empty list';
  for (const [i, s] of (doc.states as unknown[]).entries()) {
    if (!isObj(s)) return `states[${i}] is not an object`;
    const meta = s['#meta'];
    if (!isObj(meta) || meta.index !== i) return `states[${i}].#meta.index is not ${i}`;
    const keys = Object.keys(s).filter((k) => k !== '#meta').sort();
    if (JSON.stringify(keys) !== JSON.stringify([...vars].sort())) return `states[${i}] does not hold exactly the vars`;
    const p = keys.map((k) => value(s[k], `states[${i}].${k}`)).find((x) => x !== null);
    if (p) return p;
  }
  return null;
}

describe('counterexample files run directly', () => {
  const files = readdirSync(CX).filter((f) => f.endsWith('.json'));
  it('every stored counterexample loads as its trace', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const c = JSON.parse(readFileSync(join(CX, f), 'utf8'));
      expect(loadTrace(join(CX, f))).toEqual(parseTrace(c.trace));
    }
  });
  it('npm run simulate -- counterexamples/<file> --itf <out> prints the outcome and writes a valid ITF trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    try {
      const out = join(dir, 'out.itf.json');
      const file = join('counterexamples', files[0]);
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/simulate.ts', file, '--itf', out], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
      expect(r.status, r.stderr).toBe(0);
      const t = loadTrace(join(ROOT, file));
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(simulate(t).outcome)));
      const itf = JSON.parse(readFileSync(out, 'utf8'));
      expect(itfProblem(itf)).toBeNull();
      expect(itf['#meta'].source).toBe(file);
      expect(readdirSync(dir)).toEqual(['out.itf.json']); // no temp file left
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('ITF export', () => {
  const t = loadScenario('1A-master-dies-aof-everysec.json');
  const { itf, state } = toItf(t, 'scenarios/1A-master-dies-aof-everysec.json');
  it('is well-formed per the ITF rules (and the checker catches a broken one)', () => {
    expect(itfProblem(itf)).toBeNull();
    const broken = structuredClone(itf);
    broken.states[1]['#meta'].index = 7;
    expect(itfProblem(broken)).toBe('states[1].#meta.index is not 1');
    expect(itfProblem({ ...itf, states: [{ ...itf.states[0], time: 1.5 }] })).toBe('states[0].time: a number that is not a safe integer');
  });
  it('starts at time 0, ends at until, and follows the run: B crashes, B1 is promoted with a higher epoch', () => {
    const s = itf.states as Array<Record<string, any>>;
    expect(s[0]).toMatchObject({ time: { '#bigint': '0' }, action: 'init' });
    expect(s.at(-1)).toMatchObject({ time: { '#bigint': String(t.until) }, action: 'end' });
    const crash = s.find((x) => x.action === 'ProcessCrashed')!;
    expect(crash.actionNode).toBe('B');
    expect(crash.up['#map']).toContainEqual(['B', false]);
    const promoted = s.find((x) => x.happened.some((h: string) => h.startsWith('B1 promoted')));
    expect(promoted, s.flatMap((x) => x.happened).join('; ')).toBeDefined();
    expect(promoted!.role['#map']).toContainEqual(['B1', 'master']);
    const times = s.map((x) => Number(x.time['#bigint']));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // The last state is the run's final state.
    expect(s.at(-1)!.configEpoch['#map']).toContainEqual(['B1', { '#bigint': String(state.nodes.B1.cluster.configEpoch) }]);
    expect(s.at(-1)!.sentinelMaster).toEqual({ '#map': [] });
  });
  it('carries each Sentinel\'s view in a sentinel deployment: the master it names, its epoch, its failover state', () => {
    const e1 = loadScenario('sentinel-lab-e1.json');
    const s = toItf(e1, 'scenarios/sentinel-lab-e1.json').itf.states as Array<Record<string, any>>;
    expect(itfProblem(toItf(e1, 'x').itf)).toBeNull();
    expect(s[0].sentinelMaster['#map']).toEqual([['S1', 'M'], ['S2', 'M'], ['S3', 'M']]);
    const promoted = s.find((x) => x.happened.some((h: string) => / promoted-slave /.test(h)))!;
    expect(promoted.failoverState['#map'].some(([, st]: [string, string]) => st === 'reconf_slaves')).toBe(true);
    const last = s.at(-1)!.sentinelMaster['#map'].map(([, m]: [string, string]) => m);
    expect(new Set(last).size).toBe(1);
    expect(last[0]).not.toBe('M');
  });
});

describe('every committed trace is valid', () => {
  // Scenarios, counterexamples, the audit's and the matrix's evidence: all must pass the process-state
  // check and the limits (a generator that made an impossible schedule would show up here).
  const dirs: Array<[string, string]> = [['scenarios', '.json'], ['counterexamples', '.json'], [join('reports', 'audit'), '.json'],
    [join('reports', 'matrix'), '.json'], [join('test', 'fixtures', 'equivalence'), '.trace.json']];
  for (const [dir, ext] of dirs) {
    it(dir, () => {
      const files = readdirSync(join(ROOT, dir)).filter((f) => f.endsWith(ext));
      expect(files.length).toBeGreaterThan(0);
      const bad = files.filter((f) => { try { loadTrace(join(ROOT, dir, f)); return false; } catch { return true; } });
      expect(bad).toEqual([]);
    });
  }
});

describe('JSON Schema', () => {
  it('schema/trace.schema.json is what npm run schema generates (run it after changing model/kernel/trace.ts)', () => {
    expect(readFileSync(join(ROOT, 'schema', 'trace.schema.json'), 'utf8')).toBe(schemaText());
  });
});
