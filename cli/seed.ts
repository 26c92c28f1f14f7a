// The seed of a run: a fixed default so generated reports are reproducible, `--seed N` or the
// command's environment variable for another, `--fresh` for a new random one (printed, so the run
// can be repeated).
import { randomInt } from 'node:crypto';
import { intValue, UsageError } from './args.ts';

export const SEED_OPTIONS = {
  seed: { type: 'string', arg: 'n', help: 'seed (default: the fixed default, or the environment variable)' },
  fresh: { type: 'boolean', help: 'a new random seed, printed so the run can be repeated with --seed' },
} as const;

export interface Seed { seed: number; fresh: boolean; note: string }

/** `--seed` beats the environment variable, which beats the default; `--fresh` excludes both. */
export function seedOf(values: { seed?: unknown; fresh?: unknown }, envName: string, fallback: number): Seed {
  if (values.fresh && values.seed !== undefined) throw new UsageError('--seed and --fresh: give one of them');
  if (values.fresh) {
    const seed = randomInt(1_000_000);
    return { seed, fresh: true, note: `seed ${seed} (fresh; rerun with --seed ${seed})` };
  }
  const fromFlag = values.seed as string | undefined;
  const seed = fromFlag !== undefined ? intValue(fromFlag, '--seed', fallback, 0) : intValue(process.env[envName], envName, fallback, 0);
  const how = fromFlag !== undefined ? '--seed' : process.env[envName] ? envName : 'default';
  return { seed, fresh: false, note: `seed ${seed} (${how})` };
}
