// npm run simulate -- <trace.json> [--timeline] : prints the outcome JSON, or a runbook-style timeline.
import { readFileSync } from 'node:fs';
import { simulate } from '../model/index.ts';
import { parseTrace, TraceError } from '../model/trace.ts';
import { renderTimeline } from '../reports/timeline.ts';

function main(argv: string[]): number {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  if (args.length !== 1) {
    process.stderr.write('usage: npm run simulate -- <trace.json> [--timeline]\n');
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(args[0], 'utf8'));
  } catch (e) {
    process.stderr.write(`${args[0]}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const trace = parseTrace(raw);
    const { outcome, state } = simulate(trace);
    process.stdout.write(flags.has('--timeline') ? renderTimeline(trace, state, outcome) : `${JSON.stringify(outcome, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof TraceError) {
      process.stderr.write(`${args[0]}: invalid trace\n${e.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
