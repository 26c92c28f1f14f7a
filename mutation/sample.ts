// A random sample of the mutants of model/ that have no result yet (npm run mutation -- --sample N):
// the whole model is ~8 000 mutants, days of Stryker on two cores, so the score of what was not
// mutated in full is estimated from a sample. Stryker mutates a node with every mutator that fits it
// (a condition → true, → false, and its operator), and it can be told a node's range but not one
// mutator, so the draw is of nodes: N of the mutated nodes, uniformly, by the project's hash from a
// fixed seed, each with all its mutants (cluster sampling). The estimate is the ratio of detected to
// counted mutants over the drawn nodes, with the ratio estimator's interval.
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
  /** the nodes they are on (the population the nodes were drawn from) */
  nodes: number;
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

/** The node a mutant is on: its file and span. */
export const nodeOf = (m: SampledMutant) => `${m.file}:${m.line}:${m.column}-${m.endLine}:${m.endColumn}`;

/** The mutants of the first n nodes in the seed's hash order: a larger n keeps the smaller draw. */
export function draw(population: SampledMutant[], n: number, seed: number): SampledMutant[] {
  const nodes = [...new Set(population.map(nodeOf))].map((k) => ({ k, h: hash(seed, k) }));
  nodes.sort((a, b) => a.h - b.h || a.k.localeCompare(b.k));
  const order = new Map(nodes.slice(0, n).map((x, i) => [x.k, i]));
  return population.filter((m) => order.has(nodeOf(m))).sort((a, b) => order.get(nodeOf(a))! - order.get(nodeOf(b))! || keyOf(a).localeCompare(keyOf(b)));
}

/** The nodes of a draw, in order. */
export function nodesOf(mutants: SampledMutant[]): string[] {
  return [...new Set(mutants.map(nodeOf))];
}

/** Stryker's --mutate range for one mutant (its ProjectReader takes lines from 1 and columns from 0). */
export function rangePattern(m: SampledMutant): string {
  return `${m.file}:${m.line}:${m.column - 1}-${m.endLine}:${m.endColumn - 1}`;
}

/**
 * The ratio estimator's 95% interval for clusters of (detected, counted): r = Σd / Σc, variance from
 * the spread of d − r·c between clusters (first-order, n clusters drawn from many).
 */
export function ratioInterval(clusters: Array<[number, number]>): [number, number] {
  const k = clusters.filter(([, c]) => c > 0);
  const n = k.length;
  const D = k.reduce((a, [d]) => a + d, 0);
  const C = k.reduce((a, [, c]) => a + c, 0);
  if (n < 2 || C === 0) return [0, 1];
  const r = D / C;
  const cbar = C / n;
  const s2 = k.reduce((a, [d, c]) => a + (d - r * c) ** 2, 0) / (n - 1);
  const h = 1.96 * Math.sqrt(s2 / n) / cbar;
  return [Math.max(0, r - h), Math.min(1, r + h)];
}
