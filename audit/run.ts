// npm run audit: checks every claim of the runbooks against the model and writes
// reports/runbook-audit.md plus reports/audit/<id>.{json,md} (the trace claims' evidence).
// AUDIT_VARIANTS (default 8), AUDIT_RUNS (property runs, default 100), AUDIT_SEED (default 42).
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, options, type ClaimResult } from './evaluate.ts';
import { renderAudit, renderEvidence } from './report.ts';
import { parseClaims } from './schema.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPORTS = join(ROOT, 'reports');
const EVIDENCE = join(REPORTS, 'audit');

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function loadClaims() {
  return parseClaims(JSON.parse(readFileSync(join(ROOT, 'audit', 'claims.json'), 'utf8')));
}

function main(): number {
  const started = Date.now();
  const o = options();
  const claims = loadClaims();
  const results: ClaimResult[] = [];
  for (const c of claims) {
    const t = Date.now();
    results.push(evaluate(c, o));
    const r = results[results.length - 1];
    process.stderr.write(`${r.verdict.padEnd(17)} ${c.id} (${Date.now() - t} ms)\n`);
  }
  const written = new Set<string>();
  for (const r of results) {
    if (!r.runs) continue;
    writeAtomic(join(EVIDENCE, `${r.claim.id}.json`), `${JSON.stringify(r.claim.scenario, null, 2)}\n`);
    writeAtomic(join(EVIDENCE, `${r.claim.id}.md`), renderEvidence(r));
    written.add(`${r.claim.id}.json`).add(`${r.claim.id}.md`);
  }
  // Evidence of claims that no longer exist (or are no longer trace claims) would mislead: remove it.
  mkdirSync(EVIDENCE, { recursive: true });
  for (const f of readdirSync(EVIDENCE)) if (!written.has(f) && /\.(json|md)$/.test(f)) unlinkSync(join(EVIDENCE, f));
  const ms = Date.now() - started;
  writeAtomic(join(REPORTS, 'runbook-audit.md'), renderAudit(results, o, ms, REPORTS));
  const count = (v: string) => results.filter((r) => r.verdict === v).length;
  process.stdout.write(`runbook audit: ${results.length} claims — ${count('confirmed')} confirmed, ${count('refuted')} refuted, ${count('imprecise')} imprecise, ${count('not modelled yet')} not modelled yet (${(ms / 1000).toFixed(1)} s) → reports/runbook-audit.md\n`);
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = main();
