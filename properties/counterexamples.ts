// Stored counterexamples and witnesses (design §6): the shrunk trace plus the property, its config,
// fast-check's seed and path, and the step at which it failed. Written atomically (temp + rename).
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceInput } from '../model/kernel/trace.ts';
import type { Finding } from './check.ts';
import { byName } from './index.ts';
import { runTrace, type RunResult } from './property.ts';

export const COUNTEREXAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'counterexamples');

export interface StoredCounterexample {
  property: string;
  expectation: 'always' | 'sometimes' | 'eventually';
  claim: string;
  /** what the check said when it was found */
  message: string;
  config: TraceInput['config'];
  seed: number;
  path: string;
  failedAtStep: number;
  /** the trace (design §3), replayable with `npm run simulate` */
  trace: TraceInput;
}

export function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function store(f: Finding, dir = COUNTEREXAMPLES_DIR): string {
  const p = byName(f.property);
  const c: StoredCounterexample = {
    property: f.property, expectation: f.expectation, claim: p.claim, message: f.message,
    config: f.trace.config, seed: f.seed, path: f.path, failedAtStep: f.failedAtStep,
    trace: { ...f.trace, name: `${f.property}: ${f.expectation === 'sometimes' ? 'witness' : 'counterexample'}`, description: f.message },
  };
  const file = join(dir, `${f.property}.json`);
  writeAtomic(file, `${JSON.stringify(c, null, 2)}\n`);
  return file;
}

export function loadAll(dir = COUNTEREXAMPLES_DIR): Array<{ file: string; c: StoredCounterexample }> {
  let files: string[] = [];
  try { files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort(); } catch { return []; }
  return files.map((f) => ({ file: join(dir, f), c: JSON.parse(readFileSync(join(dir, f), 'utf8')) as StoredCounterexample }));
}

/** Replay a stored file: does it still show what it showed (a witness, or a violation)? */
export function replay(c: StoredCounterexample): { shows: boolean; message: string | null; run: RunResult } {
  const p = byName(c.property);
  const run = runTrace(c.trace, p.watch);
  const message = p.check(run);
  return { shows: message !== null, message, run };
}
