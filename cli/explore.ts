// npm run explore -- [--scope <file>]… : bounded exhaustive search over every interleaving of a
// scope's fault events (explore/). Without --scope, every scope shipped in scopes/.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXIT, intValue, parseCli, runMain, UsageError } from './args.ts';
import { printable } from '../lib/text.ts';
import { mutations } from '../model/kernel/mutations.ts';
import { parseScope, ScopeError, type Scope } from '../explore/scope.ts';
import { explore } from '../explore/search.ts';
import { confirm, figures, header, levelLine, verdict, writeTrace } from '../explore/report.ts';

const ROOT = join(import.meta.dirname, '..');

const spec = {
  usage: 'npm run explore -- [--scope <file>]... [--out <dir>] [--max-states <n>]',
  about: 'Explores every schedule of a scope\'s menu of fault events (at most maxEvents, at its discrete times) breadth-first, checks every always-property in every state and stops at the first violation, or at the hazard the scope must find, with the shortest trace. Without --scope, runs every scope in scopes/. Exit 0: every scope as it expects (exhausted with no violation, or its hazard found); 1: a violation, a hazard not found, or a scope not exhausted; 2: bad input.',
  options: {
    scope: { type: 'string', multiple: true, arg: 'file', help: 'a scope file (JSON); repeatable; default: every scopes/*.json' },
    out: { type: 'string', arg: 'dir', help: 'where the shortest trace of a finding is written, as <scope name>.json (default reports/explore)' },
    'max-states': { type: 'string', arg: 'n', help: 'stop after n states without exhausting the scope (default: no limit)' },
    mutate: { type: 'string', arg: 'name', help: `test only: run on a deliberately broken model (${Object.keys(mutations).join(', ')})` },
  },
} as const;

function loadScope(file: string): Scope {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${printable(file)}: ${(e as Error).message}`);
  }
  try {
    return parseScope(raw);
  } catch (e) {
    if (e instanceof ScopeError) throw new UsageError(`${printable(file)}: invalid scope\n${e.problems.map((p) => `  ${printable(p)}`).join('\n')}`);
    throw e;
  }
}

function shipped(): string[] {
  const dir = join(ROOT, 'scopes');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => join('scopes', f));
}

function runScope(file: string, scope: Scope, out: string, maxStates: number | undefined): 0 | 1 {
  process.stdout.write(`${header(scope, file)}\n`);
  const r = explore(scope, { maxStates, onLevel: (d, f) => process.stdout.write(`${levelLine(d, f)}\n`) });
  process.stdout.write(`${figures(r)}\n`);
  const c = r.finding ? confirm(scope, r.finding) : null;
  const path = c ? join(out, `${basename(scope.name).replace(/[^\w.-]/g, '_')}.json`) : null;
  if (c && path) writeTrace(path, c);
  const v = verdict(scope, r, c, path);
  process.stdout.write(`${v.text}\n\n`);
  return v.code;
}

async function main(): Promise<number> {
  const { values } = parseCli(spec);
  const files = (values.scope as string[] | undefined) ?? shipped();
  const out = (values.out as string | undefined) ?? join('reports', 'explore');
  const maxStates = values['max-states'] === undefined ? undefined : intValue(values['max-states'] as string, '--max-states', 0);
  const mutate = values.mutate as string | undefined;
  if (mutate !== undefined) {
    if (!(mutate in mutations)) throw new UsageError(`--mutate: expected one of ${Object.keys(mutations).join(', ')}, got "${printable(mutate)}"`);
    mutations[mutate as keyof typeof mutations] = true;
    process.stdout.write(`model broken on purpose: ${mutate}\n\n`);
  }
  const scopes = files.map((f) => [f, loadScope(f)] as const);
  const failed = scopes.filter(([f, s]) => runScope(f, s, out, maxStates) !== EXIT.ok).map(([, s]) => s.name);
  if (scopes.length > 1) process.stdout.write(`${scopes.length} scopes: ${failed.length ? `NOT as expected: ${failed.join(', ')}` : 'every one as expected'}\n`);
  return failed.length ? EXIT.failed : EXIT.ok;
}

void runMain(main);
