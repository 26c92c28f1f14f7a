// npm run audit: checks every claim of the runbooks against the model and writes
// reports/runbook-audit.md plus reports/audit/<id>.{json,md} (the trace claims' evidence).
// --variants / AUDIT_VARIANTS (default 8), --runs / AUDIT_RUNS (property runs, default 100),
// --seed / AUDIT_SEED (default 42) or --fresh. The output depends only on these and the model.
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, intValue, parseCli, runMain, type CommandSpec } from '../cli/args.ts';
import { progress } from '../lib/progress.ts';
import { SEED_OPTIONS, seedOf } from '../cli/seed.ts';
import { evaluate, forgetRuns, type ClaimResult, type Options } from './evaluate.ts';
import { renderAudit, renderEvidence } from './report.ts';
import { parseClaims, type Claim } from './schema.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORTS = join(ROOT, 'reports');
const EVIDENCE = join(REPORTS, 'audit');

export const AUDIT_SEED = 42;

const SPEC: CommandSpec = {
  usage: 'npm run audit -- [--variants N] [--runs N] [--seed N | --fresh]',
  about: 'Checks every claim of audit/claims.json against the model and writes reports/runbook-audit.md and reports/audit/. '
    + 'Environment: AUDIT_VARIANTS, AUDIT_RUNS, AUDIT_SEED (a flag wins). Exit 0 when every claim was judged, 2 on bad input.',
  options: {
    variants: { type: 'string', arg: 'n', help: 'variants of each trace claim\'s scenario (default 8)' },
    runs: { type: 'string', arg: 'n', help: 'generated traces per property claim (default 100)' },
    ...SEED_OPTIONS,
  },
};

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function loadClaims() {
  return parseClaims(JSON.parse(readFileSync(join(ROOT, 'audit', 'claims.json'), 'utf8')));
}

/**
 * Claim indices grouped by scenario (claims on the same scenario share its variant runs), each group
 * at its first claim's place. Evaluation order changes no verdict: every run is a pure function.
 */
export function scenarioGroups(claims: Claim[]): number[][] {
  const groups = new Map<string, number[]>();
  claims.forEach((c, i) => {
    const k = 'trace' in c.check ? JSON.stringify(c.scenario) : `#${i}`;
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  return [...groups.values()];
}

function main(): number {
  const { values } = parseCli(SPEC);
  const s = seedOf(values, 'AUDIT_SEED', AUDIT_SEED);
  const o: Options = {
    variants: intValue(values.variants as string | undefined ?? process.env.AUDIT_VARIANTS, values.variants !== undefined ? '--variants' : 'AUDIT_VARIANTS', 8),
    runs: intValue(values.runs as string | undefined ?? process.env.AUDIT_RUNS, values.runs !== undefined ? '--runs' : 'AUDIT_RUNS', 100),
    seed: s.seed,
  };
  process.stdout.write(`audit: ${o.variants} variants per trace claim, ${o.runs} runs per property claim, ${s.note}\n`);
  const claims = loadClaims();
  const results: ClaimResult[] = new Array(claims.length);
  const bar = progress();
  let n = 0;
  const written = new Set<string>();
  for (const group of scenarioGroups(claims)) {
    for (const i of group) {
      const c = claims[i];
      bar.update(`audit: claim ${n + 1} of ${claims.length}, ${bar.elapsed()}`);
      const t = Date.now();
      const r = evaluate(c, o);
      n++;
      bar.line(`${r.verdict.padEnd(17)} ${c.id} (${Date.now() - t} ms)`);
      if (r.runs) {
        writeAtomic(join(EVIDENCE, `${c.id}.json`), `${JSON.stringify(c.scenario, null, 2)}\n`);
        writeAtomic(join(EVIDENCE, `${c.id}.md`), renderEvidence(r));
        written.add(`${c.id}.json`).add(`${c.id}.md`);
      }
      // The evidence page is written; the runs (each a whole final state) are not kept.
      results[i] = { ...r, runs: undefined };
    }
    forgetRuns();
  }
  bar.done();
  // Evidence of claims that no longer exist (or are no longer trace claims) would mislead: remove it.
  mkdirSync(EVIDENCE, { recursive: true });
  for (const f of readdirSync(EVIDENCE).sort()) if (!written.has(f) && /\.(json|md)$/.test(f)) unlinkSync(join(EVIDENCE, f));
  writeAtomic(join(REPORTS, 'runbook-audit.md'), renderAudit(results, o, REPORTS));
  const count = (v: string) => results.filter((r) => r.verdict === v).length;
  process.stdout.write(`runbook audit: ${results.length} claims — ${count('confirmed')} confirmed, ${count('refuted')} refuted, ${count('imprecise')} imprecise, ${count('not modelled yet')} not modelled yet (${bar.elapsed()}) → reports/runbook-audit.md\n`);
  return EXIT.ok;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runMain(main);
