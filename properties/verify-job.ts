// One property of `npm run verify`, checked at depth: the unit of work a verify worker runs. Its
// answer depends only on the job (name, runs, seed), so it is the same in a worker or in-process.
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
  const c = checkProperty(p, {
    numRuns, seed: job.seed, shrink: true, timeLimitMs: 120_000,
    onRun: (r) => {
      total++;
      for (const sit of situations(r)) reached[sit] = (reached[sit] ?? 0) + 1;
      if (r.outcome) lossMax = Math.max(lossMax, r.outcome.writes.maxLossWindowMs);
    },
  });
  return { result: { ...c, lossMax }, reached, total };
}
