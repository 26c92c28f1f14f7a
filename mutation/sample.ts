// A random sample of the mutants of model/ that have no result yet (npm run mutation -- --sample N):
// the whole model is ~8 000 mutants, days of Stryker on two cores, so the score of what was not
// mutated in full is estimated from a uniform sample, drawn by the project's hash from a fixed seed.
// Stryker runs exactly the sampled mutants (a `file:line:column-line:column` range each); the
// report counts only the sampled ones in the estimate (a range also holds the mutants nested in it).
import { readFileSync } from 'node:fs';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { hash } from '../model/kernel/rng.ts';

/** One mutant, in the coordinates of Stryker's report (lines and columns from 1). */
export interface SampledMutant { file: string; line: number; column: number; endLine: number; endColumn: number; mutator: string; replacement: string }

/** mutation/sample.json: the draw, so that a rerun tests and counts the same mutants. */
export interface Sample {
  seed: number;
  /** mutants of model/ without a result when the sample was drawn */
  population: number;
  /** files with results (mutated in full, or partly) when the sample was drawn */
  fullFiles: string[];
  mutants: SampledMutant[];
}

export const SAMPLE_SEED = 20261204;

const quiet = { isTraceEnabled: () => false, isDebugEnabled: () => false, isInfoEnabled: () => false, trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {} };

/** Every mutant Stryker's instrumenter makes of these files (its default mutators). */
export async function allMutants(root: string, files: string[]): Promise<SampledMutant[]> {
  const inst = new Instrumenter(quiet as never);
  const input = files.map((name) => ({ name, content: readFileSync(`${root}/${name}`, 'utf8'), mutate: true as const }));
  const r = await inst.instrument(input, { plugins: null, excludedMutations: [], ignorers: [], noHeader: true } as never);
  // The instrumenter counts lines from 0 and columns from 0; the report from 1 and 1.
  return r.mutants.map((m) => ({
    file: m.fileName, line: m.location.start.line + 1, column: m.location.start.column + 1,
    endLine: m.location.end.line + 1, endColumn: m.location.end.column + 1, mutator: m.mutatorName, replacement: m.replacement,
  }));
}

export const keyOf = (m: { file: string; line: number; column: number; mutator: string; replacement: string }) => `${m.file}:${m.line}:${m.column}:${m.mutator}:${m.replacement}`;

/** The first n of the population in the seed's hash order: a larger n keeps the smaller draw. */
export function draw(population: SampledMutant[], n: number, seed: number): SampledMutant[] {
  const ranked = population.map((m) => ({ m, h: hash(seed, keyOf(m)) }));
  ranked.sort((a, b) => a.h - b.h || keyOf(a.m).localeCompare(keyOf(b.m)));
  return ranked.slice(0, n).map((x) => x.m);
}

/** Stryker's --mutate range for one mutant (its ProjectReader takes lines from 1 and columns from 0). */
export function rangePattern(m: SampledMutant): string {
  return `${m.file}:${m.line}:${m.column - 1}-${m.endLine}:${m.endColumn - 1}`;
}

/** Wilson's 95% interval for k successes of n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}
