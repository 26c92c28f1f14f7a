// The worker pool behind `npm run verify` and the benchmark: answers in job order, whatever the
// number of workers, and a failing job named in a clear error.
import { describe, expect, it } from 'vitest';
import { runPool } from '../lib/pool.ts';
import { handle as verifyJob } from '../properties/verify-job.ts';

const fixture = new URL('./fixtures/pool-job.ts', import.meta.url).href;

describe('worker pool', () => {
  it('returns every answer in job order with more jobs than workers', async () => {
    const seen: number[] = [];
    const answers = await runPool<number, number>(fixture, [1, 2, 3, 4, 5], 2, (_a, i) => seen.push(i));
    expect(answers).toEqual([2, 4, 6, 8, 10]);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('fails with the job number and the worker error', async () => {
    await expect(runPool<number, number>(fixture, [1, -1], 2)).rejects.toThrow(/job 1 failed in a worker: Error: negative job -1/);
  });

  it('a verify job gives the same answer in a worker as in-process', async () => {
    const job = { property: 'one-winner-per-epoch', runs: 3, seed: 7 };
    const [inWorker] = await runPool(new URL('../properties/verify-job.ts', import.meta.url).href, [job], 1);
    const here = verifyJob(job);
    const strip = (a: typeof here) => ({ ...a, result: { ...a.result, ms: 0 } });
    expect(strip(inWorker as typeof here)).toEqual(strip(here));
  }, 60_000);
});
