// npm run simulate -- <trace.json> [--timeline] [--itf <file>]: runs one trace (or a stored
// counterexample's trace) and prints its outcome JSON or a runbook-style timeline; --itf also
// writes the run as an ITF trace.
import { outcome } from '../model/kernel/outcome.ts';
import { simulate } from '../model/index.ts';
import { renderTimeline } from '../render/timeline.ts';
import { EXIT, parseCli, runMain, UsageError, type CommandSpec } from './args.ts';
import { writeFileAtomic } from '../lib/files.ts';
import { printable } from '../lib/text.ts';
import { toItf } from './itf.ts';
import { loadTrace } from './trace-file.ts';

const spec: CommandSpec = {
  usage: 'npm run simulate -- <trace.json> [--timeline] [--itf <out.itf.json>]',
  about: 'Runs a trace file (or a counterexample file: its trace) through the model and prints the outcome as JSON. '
    + 'Exit codes: 0 ran, 2 bad input (the problem is printed, naming the field).',
  options: {
    timeline: { type: 'boolean', help: 'print a runbook-style timeline instead of the outcome JSON' },
    itf: { type: 'string', arg: 'file', help: 'also write the run as an ITF trace (Apalache/Quint Informal Trace Format) to this file' },
  },
  positionals: [1, 1],
};

function main(): number {
  const { values, positionals } = parseCli(spec);
  const file = positionals[0];
  const t = loadTrace(file);
  const itfFile = values.itf as string | undefined;
  let result;
  if (itfFile !== undefined) {
    const { itf, state } = toItf(t, file);
    try {
      writeFileAtomic(itfFile, `${JSON.stringify(itf, null, 1)}\n`);
    } catch (e) {
      throw new UsageError(`--itf ${printable(itfFile)}: cannot write it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    result = { state, outcome: outcome(t, state) };
  } else result = simulate(t);
  const text = values.timeline ? renderTimeline(t, result.state, result.outcome) : `${JSON.stringify(result.outcome, null, 2)}\n`;
  // The timeline prints names from the trace (its name, description): control characters escaped.
  process.stdout.write(values.timeline ? text.split('\n').map(printable).join('\n') : text);
  return EXIT.ok;
}

await runMain(main);
