// Bad input gets one clear error (naming the field or event, the limit and the value), fast, exit 2,
// and changes no file. The command-line cases run the real CLI (node + tsx) on the fixtures in
// test/fixtures/bad-input/; the rest call parseTrace directly, so the set stays fast.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../model/kernel/config.ts';
import { environment } from '../model/kernel/sim.ts';
import { parseTrace, TraceError, type Trace } from '../model/kernel/trace.ts';
import { LIMITS, sizeProblems } from '../model/kernel/trace-checks.ts';
import { UsageError } from '../cli/args.ts';
import { loadTrace } from '../cli/trace-file.ts';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'bad-input');
const fixture = (f: string) => join('test', 'fixtures', 'bad-input', f);

interface Result { code: number | null; stdout: string; stderr: string; ms: number }

/** The real command: node with tsx's loader, as `npm run simulate` runs it (without npm's start-up). */
function simulateCli(args: string[]): Promise<Result> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/simulate.ts', ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('error', reject);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, ms: performance.now() - t0 }); });
  });
}

/** The problems parseTrace reports for an input (fails the test if it accepts it), and how long it took. */
function problems(input: unknown): { text: string; ms: number } {
  const t0 = performance.now();
  try {
    parseTrace(input);
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    return { text: e.problems.join('\n'), ms: performance.now() - t0 };
  }
  throw new Error('the trace was accepted');
}

const digest = (dir: string) => readdirSync(dir).sort().map((f) => `${f}:${createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')}`).join('\n');

let out: string;
let before: string;
beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'bad-input-'));
  before = digest(FIXTURES);
});
afterAll(() => {
  expect(digest(FIXTURES), 'a fixture changed').toBe(before);
  rmSync(out, { recursive: true, force: true });
});

/** A bad-input run: exit 2, one error with every expected part, no stack, no ITF file left behind, no escape byte printed. */
async function rejects(args: string[], ...expected: Array<string | RegExp>): Promise<Result> {
  const itf = join(out, `${args.join('_').replace(/[^\w.-]/g, '_')}.itf.json`);
  const r = await simulateCli([...args, '--itf', itf]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  for (const e of expected) expect(r.stderr).toMatch(e);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(|internal error/);
  expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  expect(existsSync(itf), 'an ITF file was written').toBe(false);
  expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  return r;
}

describe('bad input through the real CLI (exit 2, one clear error, no file written)', { timeout: 30_000 }, () => {
  it.concurrent('an unknown flag (--timline) is refused with the usage line', async () => {
    await rejects([join('scenarios', '1A-master-dies-aof-everysec.json'), '--timline'], "Unknown option '--timline'", 'usage: npm run simulate');
  });
  it.concurrent('a flag without its value', async () => {
    const r = await simulateCli([join('scenarios', '1A-master-dies-aof-everysec.json'), '--itf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch("Option '--itf <value>' argument missing");
  });
  it.concurrent('no trace file', async () => {
    await rejects([], 'expected 1 argument, got 0', 'usage:');
  });
  it.concurrent('an empty file', async () => {
    await rejects([fixture('empty.json')], 'empty.json: the file is empty, expected a JSON trace');
  });
  it.concurrent('until 1e15 (which hung) is refused at once', async () => {
    const r = await rejects([fixture('hang-until.json')], 'until: expected at most 604800000 (7 days of simulated time, in ms), got 1000000000000000');
    // Node and tsx start-up dominate; the 2-core machine is shared, so the bound has slack.
    expect(r.ms).toBeLessThan(10_000);
  });
  it.concurrent('the 90-byte trace that exhausted memory (a write every ms until 1e9)', async () => {
    expect(readFileSync(join(FIXTURES, 'oom-writes.json')).length).toBeLessThan(90);
    await rejects([fixture('oom-writes.json')], 'events[0].until: expected at most 604800000', 'got 1000000000');
  });
  it.concurrent('a restart of a running node names the event and its index', async () => {
    await rejects([fixture('restart-running.json')], 'events[3]: restart of B, which is running (crashed at no earlier event)');
  });
  it.concurrent('terminal escape codes in names are printed escaped, in errors and in the timeline', async () => {
    const r = await rejects([fixture('escape-codes.json')], 'got "\\x1b]0;pwned\\x07B"');
    expect(r.stderr).not.toContain('\u001b');
    const ok = await simulateCli([fixture('escape-codes-valid.json'), '--timeline']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('# \\x1b[2J\\x1b[31mred alert\\x07');
    expect(ok.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
  it.concurrent('a UTF-8 byte-order mark is accepted and dropped (editors on Windows add one)', async () => {
    const r = await simulateCli([fixture('bom.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).trace).toBe('with a UTF-8 BOM');
  });
});

/** The message the CLI prints for a file (cli/trace-file.ts, the code the CLI runs), and how long it took. */
function fileError(file: string): { text: string; ms: number } {
  const t0 = performance.now();
  try {
    loadTrace(file);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return { text: e.message, ms: performance.now() - t0 };
  }
  throw new Error(`${file} was accepted`);
}

describe('bad trace files (as the CLI reads them)', () => {
  const cases: Array<[string, string, string]> = [
    ['a blank file', 'whitespace-only.json', 'whitespace-only.json: the file is empty'],
    ['UTF-16', 'utf16.json', 'UTF-16 text (byte-order mark), expected UTF-8 JSON'],
    ['malformed JSON', 'not-json.json', 'not-json.json: not valid JSON'],
    ['nodeTimeout 1e15 (which hung)', 'hang-node-timeout.json', 'config.nodeTimeout: expected at most 86400000 (1 day, in ms), got 1000000000000000'],
    ['600 million writes', 'too-many-writes.json', 'events: expected at most 1,000,000 writes in all'],
    ['an event after until', 'event-after-until.json', "events[1]: crash at 9000 ms, after the trace's until (8000 ms): it would never run"],
    ['a resume of a running node', 'resume-not-paused.json', 'events[0]: resume of A1, which is not paused'],
    ['a second pause', 'pause-twice.json', 'events[1]: pause of C, which is already paused (paused at events[0], 1000 ms)'],
    ['a second crash', 'crash-twice.json', 'events[1]: crash of B1, which is already down (crashed at events[0], 1000 ms)'],
    ['an unknown field', 'unknown-field.json', '(trace): Unrecognized key: "util"'],
    ['a file that does not exist', 'nope.json', 'nope.json: no such file'],
    ['a directory', '', 'not a file'],
  ];
  for (const [what, file, expected] of cases) {
    it(what, () => {
      const r = fileError(join(FIXTURES, file));
      expect(r.text).toContain(expected);
      expect(r.ms).toBeLessThan(1000);
    });
  }
  it('a counterexample file whose trace is bad: the problems are named inside `trace`', () => {
    const f = join(out, 'cx.json');
    writeFileSync(f, JSON.stringify({ property: 'p', seed: 1, trace: { events: [{ at: 0, type: 'resume', node: 'A' }], util: 1 } }));
    expect(fileError(f).text).toBe(`${f}: invalid counterexample\n  trace: Unrecognized key: "util"`);
    writeFileSync(f, JSON.stringify({ property: 'p', seed: 1, trace: { events: [{ at: 0, type: 'resume', node: 'A' }] } }));
    expect(fileError(f).text).toContain('  trace.events[0]: resume of A, which is not paused');
    rmSync(f);
  });
  it('a file over the size limit', () => {
    const big = join(out, 'huge.json');
    closeSync(openSync(big, 'w'));
    truncateSync(big, LIMITS.fileBytes + 1); // sparse: no disk used
    expect(fileError(big).text).toContain(`${LIMITS.fileBytes + 1} bytes, expected at most ${LIMITS.fileBytes} (64 MiB)`);
    rmSync(big);
  });
});

describe('bad input through parseTrace (each refused in well under a second)', () => {
  const until = 60_000;
  const cases: Array<[string, unknown, string]> = [
    ['until 1e300 (past 2^53): one message, ours', { events: [], until: 1e300 }, 'until: expected at most 604800000 (7 days of simulated time, in ms), got 1e+300'],
    ['an event at 1e15', { events: [{ at: 1e15, type: 'heal' }] }, 'events[0].at: expected at most 604800000 (7 days of simulated time, in ms), got 1000000000000000'],
    ['a default until past the limit', { config: { nodeTimeout: 86_400_000 }, events: [{ at: 600_000_000, type: 'heal' }] },
      'until: not given, and its default (last event + 6 × nodeTimeout + 10 s = 1118410000 ms) is above the limit'],
    ['a huge latency', { config: { latency: 1e12 }, events: [], until }, 'config.latency: expected at most 86400000 (1 day, in ms), got 1000000000000'],
    ['a huge clientTimeout', { config: { clientTimeout: 1e10 }, events: [], until }, 'config.clientTimeout: expected at most 86400000'],
    ['a huge replTimeout (seconds)', { config: { replTimeout: 1e9 }, events: [], until }, 'config.replTimeout: expected at most 86400 (1 day, in seconds), got 1000000000'],
    ['a huge save period', { config: { save: [[1e9, 1]] }, events: [], until }, 'config.save[0][0]: expected at most 86400'],
    ['a huge delay', { events: [{ at: 0, type: 'delay', from: 'A', to: 'A1', ms: 1e13 }], until }, 'events[0].ms: expected at most 86400000'],
    ['a huge WAIT timeout', { events: [{ at: 0, type: 'write', wait: { replicas: 1, timeout: 1e13 } }], until }, 'events[0].wait.timeout: expected at most 86400000'],
    ['a huge writes period', { events: [{ at: 0, type: 'writes', every: 1e13, until: 10 }], until }, 'events[0].every: expected at most 86400000'],
    ['a huge slow disk', { events: [{ at: 0, type: 'disk', node: 'A', fsyncMs: 1e13 }], until }, 'events[0].fsyncMs: expected at most 86400000'],
    ['too many events', { events: Array.from({ length: LIMITS.events + 1 }, () => ({ at: 0, type: 'heal' })), until }, 'events: expected at most 100000 (events), got 100001'],
    ['two loops over the write limit together', { events: [{ at: 0, type: 'writes', every: 1, until: 600_000 }, { at: 0, type: 'writes', every: 1, until: 600_000 }], until: 600_000 },
      'expected at most 1,000,000 writes in all (each write, and every write of each writes loop up to until), got 1,200,002'],
    ['a restart of a paused process', { events: [{ at: 0, type: 'pause', node: 'A' }, { at: 10, type: 'restart', node: 'A' }], until }, 'events[1]: restart of A, which is paused, not down (paused at events[0], 0 ms): resume or crash it first'],
    ['a restart after a restart', { events: [{ at: 0, type: 'crash', node: 'A' }, { at: 10, type: 'restart', node: 'A' }, { at: 20, type: 'restart', node: 'A' }], until }, 'events[2]: restart of A, which is running (restarted at events[1], 10 ms)'],
    ['a pause of a dead process', { events: [{ at: 0, type: 'crash', node: 'A' }, { at: 10, type: 'pause', node: 'A' }], until }, 'events[1]: pause of A, which is down (crashed at events[0], 0 ms): there is no process to pause'],
    ['a resume of a dead process', { events: [{ at: 0, type: 'pause', node: 'A' }, { at: 5, type: 'crash', node: 'A' }, { at: 10, type: 'resume', node: 'A' }], until }, 'events[2]: resume of A, which is down, not paused (crashed at events[1], 5 ms): restart it instead'],
    ['a resume after a resume', { events: [{ at: 0, type: 'pause', node: 'A' }, { at: 5, type: 'resume', node: 'A' }, { at: 10, type: 'resume', node: 'A' }], until }, 'events[2]: resume of A, which is not paused (resumed at events[1], 5 ms)'],
    ['CONFIG SET to a dead process', { events: [{ at: 0, type: 'crash', node: 'A' }, { at: 10, type: 'config', node: 'A', set: { appendonly: true } }], until }, 'events[1]: config of A, which is down (crashed at events[0], 0 ms): CONFIG SET needs a running process'],
    ['an escape code in an unknown key', { events: [], until, '\u001b[31m': 1 }, 'Unrecognized key: "\\x1b[31m"'],
  ];
  for (const [what, input, expected] of cases) {
    it(what, () => {
      const r = problems(input);
      expect(r.text).toContain(expected);
      expect(r.text).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(r.ms).toBeLessThan(1000);
    });
  }
  it('a large cluster gets less simulated time (data nodes × time ≤ 50 node-days)', () => {
    expect(problems({ config: { masters: 16, replicasPerMaster: 5 }, events: [], until: 50_000_000 }).text).toBe(
      'until: 96 data nodes × 50,000,000 ms is above the limit of 50 node-days (data nodes × simulated time ≤ 4,320,000,000 node-ms): with 96 nodes, until at most 45,000,000 ms');
    expect(() => parseTrace({ config: { masters: 16, replicasPerMaster: 5 }, events: [], until: 45_000_000 })).not.toThrow();
    expect(sizeProblems([], { ...DEFAULTS, masters: 200, replicasPerMaster: 5 }, 3_600_001, true, '')[0]).toContain('with 1,200 nodes, until at most 3,600,000 ms');
  });
  it('more than 1200 data nodes (the bound is on data nodes, not on masters)', () => {
    expect(sizeProblems([], { ...DEFAULTS, masters: 201, replicasPerMaster: 5 }, 1000, true, '')).toEqual(
      ['config: expected at most 1,200 data nodes (masters × (1 + replicasPerMaster)), got 201 × 6 = 1,206']);
    expect(sizeProblems([], { ...DEFAULTS, masters: 200, replicasPerMaster: 5 }, 1000, true, '')).toEqual([]);
  });
  it('what is possible stays accepted: kill -9 of a paused process, then restart; a heal with no partition; failover to a dead node', () => {
    expect(() => parseTrace({ events: [
      { at: 0, type: 'pause', node: 'A' }, { at: 10, type: 'crash', node: 'A' }, { at: 20, type: 'restart', node: 'A' },
      { at: 30, type: 'heal' }, { at: 40, type: 'crash', node: 'B' }, { at: 50, type: 'failover', node: 'B', mode: 'force' },
      { at: 60, type: 'writes', every: 10, until: 1_000_000 },
    ], until })).not.toThrow();
  });
  it('at the limits exactly: 7 days, 1,000,000 writes', () => {
    expect(() => parseTrace({ events: [{ at: 0, type: 'writes', every: 1, until: 999_999 }], until: LIMITS.timeMs })).not.toThrow();
    expect(problems({ events: [{ at: 0, type: 'writes', every: 1, until: 1_000_000 }], until: LIMITS.timeMs }).text).toContain('got 1,000,001');
  });
});

/** The eager environment the stream replaced: every write made up front, then a stable sort by time. */
function eagerEnvironment(t: Trace): string[] {
  const out: Array<{ at: number; what: string }> = [];
  t.events.forEach((e, i) => {
    if (e.type === 'writes') for (let at = e.at; at <= e.until && at <= t.until; at += e.every) out.push({ at, what: `loop${i}` });
    else out.push({ at: e.at, what: `event${i}` });
  });
  return out.sort((a, b) => a.at - b.at).map((x) => `${x.at}:${x.what}`);
}

describe('writes loops are made lazily', () => {
  it('in the same order as the eager list (equal times: trace order), sorted or not', () => {
    const ev = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.option(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 400 })), { nil: null }));
    fc.assert(fc.property(fc.array(ev, { maxLength: 12 }), fc.integer({ min: 0, max: 400 }), fc.boolean(), (evs, until, sorted) => {
      const events: Trace['events'] = evs.map(([at, loop]) => (loop ? { at, type: 'writes', every: loop[0], until: at + loop[1] } : { at, type: 'heal' }));
      if (sorted) events.sort((a, b) => a.at - b.at);
      const t: Trace = { name: 'order', config: DEFAULTS, seed: 1, until, events };
      // Tag each action with its event: a write by its loop's node (set to the loop's index here).
      const tagged = { ...t, events: events.map((e, i) => (e.type === 'writes' ? { ...e, node: `loop${i}` } : { ...e, type: 'fsync' as const, node: `event${i}` })) };
      const lazy = [...environment(tagged)].map(({ at, action }) => `${at}:${(action as { node: string }).node}`);
      expect(lazy).toEqual(eagerEnvironment(t));
    }), { numRuns: 300, seed: 13 });
  });

  it('the first writes of a loop of 10^12 writes come at once, without making the rest', () => {
    // Past parseTrace's limits on purpose: the stream must not depend on them to stay small.
    const t: Trace = { name: 'huge', config: DEFAULTS, seed: 1, until: 1e12, events: [{ at: 0, type: 'writes', every: 1, until: 1e12 }, { at: 5, type: 'heal' }] };
    const first: string[] = [];
    const t0 = performance.now();
    for (const { at, action } of environment(t)) {
      first.push(`${at}:${action.type}`);
      if (first.length === 8) break;
    }
    expect(performance.now() - t0).toBeLessThan(100);
    expect(first).toEqual(['0:WriteIssued', '1:WriteIssued', '2:WriteIssued', '3:WriteIssued', '4:WriteIssued', '5:WriteIssued', '5:NetworkHealed', '6:WriteIssued']);
  });
});
