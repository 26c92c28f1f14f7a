// Real runs kept after a conformance run (git-ignored tmp/conformance-real/, one JSON file per trace),
// so `npm run conformance -- --reuse` can compare them with the model again — after a model change or
// a new entry in explained.json — in minutes instead of replaying an hour of real clusters.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../model/kernel/trace.ts';
import { traceKey } from './ranges.ts';
import { writeAtomic } from './report.ts';

const root = new URL('..', import.meta.url).pathname;
export const SAVED_DIR = join(root, 'tmp', 'conformance-real');

interface SavedRuns { trace: Trace; reals: unknown[] }

/** A readable file-name part of a trace name or selection (lower case, dashes, at most 60 characters). */
export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
/** The file of a trace: a readable prefix of its name and a hash of the whole name (prefixes collide). */
export function savedPath(t: Trace, dir = SAVED_DIR): string {
  const key = traceKey(t.name);
  return join(dir, `${slug(key)}-${createHash('sha256').update(key).digest('hex').slice(0, 8)}.json`);
}

export function saveRuns(t: Trace, reals: unknown[], dir = SAVED_DIR): void {
  writeAtomic(savedPath(t, dir), `${JSON.stringify({ trace: t, reals } satisfies SavedRuns)}\n`);
}

/** The real runs saved for exactly this trace, or why there are none to reuse. */
export function loadRuns(t: Trace, dir = SAVED_DIR): { reals: unknown[] } | { error: string } {
  const path = savedPath(t, dir);
  if (!existsSync(path)) return { error: `no saved real runs (${path} is missing)` };
  let saved: SavedRuns;
  try { saved = JSON.parse(readFileSync(path, 'utf8')) as SavedRuns; } catch (e) {
    return { error: `${path}: not valid JSON (${(e as Error).message})` };
  }
  if (!Array.isArray(saved?.reals) || !saved.reals.length) return { error: `${path}: expected a non-empty "reals" array` };
  // The harness plays the trace's events, so runs of another version of it (its scaling, its faults) do not count.
  if (JSON.stringify(saved.trace) !== JSON.stringify(t)) return { error: `${path}: saved for another version of this trace (its config or events changed since)` };
  return { reals: saved.reals };
}
