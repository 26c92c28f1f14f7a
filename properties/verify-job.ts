// One unit of `npm run verify`: a property checked at depth with one seed, the work a verify worker
// (or a shard, on another machine) runs. Its answer depends only on the job (name, runs, seed), so it
// is the same in a worker, in-process or on another machine; the split of the units over shards and
// the combination of a property's answers over its seeds are pure functions too.
import { checkProperty, type CheckResult } from './check.ts';
import { situations } from './coverage.ts';
import { byName } from './index.ts';

export interface VerifyJob { property: string; runs: number; seed: number }

export interface VerifyAnswer {
  result: CheckResult & { lossMax: number };
  /** situation → runs that reached it */
  reached: Record<string, number>;
  total: number;
}

export function handle(job: VerifyJob): VerifyAnswer {
  const p = byName(job.property);
  const reached: Record<string, number> = {};
  let total = 0;
  let lossMax = 0;
  // 'sometimes' needs more room: it stops at the first witness anyway.
  const numRuns = p.expectation === 'sometimes' ? job.runs * 3 : job.runs;
  // No time limit: an interrupted check (or shrink) would make the answer depend on the machine.
  const c = checkProperty(p, {
    numRuns, seed: job.seed, shrink: true,
    onRun: (r) => {
      total++;
      for (const sit of situations(r)) reached[sit] = (reached[sit] ?? 0) + 1;
      if (r.outcome) lossMax = Math.max(lossMax, r.outcome.writes.maxLossWindowMs);
    },
  });
  return { result: { ...c, lossMax }, reached, total };
}

/** Every unit of a verify run, in order: each property (catalog order) × seeds seed … seed+seeds−1. */
export function units(properties: string[], runs: number, seed: number, seeds: number): VerifyJob[] {
  return properties.flatMap((property) => Array.from({ length: seeds }, (_, k) => ({ property, runs, seed: seed + k })));
}

/** The indices of the units shard i of n runs (1-based i): every n-th, from the i-th. */
export function shardIndices(count: number, i: number, n: number): number[] {
  return Array.from({ length: count }, (_, k) => k).filter((k) => k % n === i - 1);
}

/**
 * One property's answers over its seeds (in seed order) as one answer: runs and coverage added up,
 * the largest loss window, and the first seed's finding that decides the status (a violation of a
 * guarantee, a hazard's witness). With one seed it is that seed's answer.
 */
export function combine(answers: VerifyAnswer[]): VerifyAnswer {
  if (answers.length === 1) return answers[0];
  const decisive = answers.find((a) => a.result.finding !== null) ?? answers[0];
  const reached: Record<string, number> = {};
  for (const a of answers) for (const [sit, k] of Object.entries(a.reached)) reached[sit] = (reached[sit] ?? 0) + k;
  return {
    result: {
      ...decisive.result,
      runs: answers.reduce((s, a) => s + a.result.runs, 0),
      ms: answers.reduce((s, a) => s + a.result.ms, 0),
      lossMax: Math.max(...answers.map((a) => a.result.lossMax)),
    },
    reached,
    total: answers.reduce((s, a) => s + a.total, 0),
  };
}
