// Command-line conventions shared by every command: node:util parseArgs in strict mode, `--help`
// everywhere, and one set of exit codes (0 all good, 1 a property failed or a disagreement, 2 bad
// input or an error of the tool). Errors name what was wrong and print the usage line; no stack trace.
import { parseArgs } from 'node:util';

export const EXIT = { ok: 0, failed: 1, error: 2 } as const;

/** Bad input the user can fix: printed as one message, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean; help: string; arg?: string };

export interface CommandSpec {
  /** e.g. "npm run simulate -- <trace.json> [--timeline]" */
  usage: string;
  /** One paragraph printed by --help under the usage line. */
  about: string;
  options: Record<string, OptionSpec>;
  /** Positional arguments allowed: [min, max]. */
  positionals?: [number, number];
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

function helpText(spec: CommandSpec): string {
  const rows = Object.entries({ ...spec.options, help: { type: 'boolean', help: 'print this help and exit' } as OptionSpec })
    .map(([name, o]) => [`--${name}${o.type === 'string' ? ` <${o.arg ?? 'value'}>` : ''}${o.short ? `, -${o.short}` : ''}`, o.help]);
  const w = Math.max(...rows.map(([a]) => a.length));
  return `usage: ${spec.usage}\n\n${spec.about}\n\noptions:\n${rows.map(([a, h]) => `  ${a.padEnd(w)}  ${h}`).join('\n')}\n`;
}

/**
 * Parses argv strictly. `--help` prints the help and exits 0; an unknown flag, a missing value or a
 * wrong number of positionals prints the problem and the usage line and exits 2.
 */
export function parseCli(spec: CommandSpec, argv = process.argv.slice(2)): Parsed {
  const options = Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) }]));
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' } }, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    usageExit(spec, (e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (parsed.values.help) {
    process.stdout.write(helpText(spec));
    process.exit(EXIT.ok);
  }
  const [min, max] = spec.positionals ?? [0, 0];
  const n = parsed.positionals.length;
  if (n < min || n > max) {
    const want = min === max ? `${min}` : min === 0 ? `at most ${max}` : `${min} to ${max}`;
    usageExit(spec, `expected ${want} argument${max === 1 ? '' : 's'}, got ${n}${n ? ` (${parsed.positionals.map((p) => JSON.stringify(p)).join(' ')})` : ''}`);
  }
  return parsed;
}

function usageExit(spec: CommandSpec, problem: string): never {
  process.stderr.write(`error: ${problem}\nusage: ${spec.usage}\n(--help for every option)\n`);
  process.exit(EXIT.error);
}

/** An integer option or environment setting (at least `min`): its default when unset, UsageError when bad. */
export function intValue(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min) return n;
  throw new UsageError(`${name}: expected an integer ≥ ${min}, got "${value}"`);
}

/**
 * Runs a command's main: its number is the exit code; a UsageError (or any error the tool did not
 * expect) is printed as one line and exits 2. DEBUG=1 shows the stack of an unexpected error.
 */
export async function runMain(main: () => number | Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (e) {
    if (e instanceof UsageError) process.stderr.write(`error: ${e.message}\n`);
    else process.stderr.write(`internal error: ${(e as Error)?.message ?? String(e)}${process.env.DEBUG ? `\n${(e as Error)?.stack}` : ' (DEBUG=1 for the stack)'}\n`);
    process.exitCode = EXIT.error;
  }
}
