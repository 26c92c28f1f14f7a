// A small pool of worker threads for independent jobs (one property of `npm run verify`, one batch
// of benchmark traces). Each job's answer depends only on its input (seeds travel with the job), so
// the answers, returned in job order, are the same for any number of workers.
import { Worker } from 'node:worker_threads';

/**
 * A worker module exports `handle(job)`, returning a structured-cloneable answer. Workers start as
 * plain Node, so the bootstrap registers tsx before importing the TypeScript module.
 */
/** Old-generation heap per worker thread (MB). */
const WORKER_HEAP_MB = 384;

export type Handler<J, R> = (job: J) => R | Promise<R>;

/** An integer environment setting (at least `min`): its default when unset, a clear exit when bad. */
export function intSetting(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (Number.isInteger(n) && n >= min) return n;
  process.stderr.write(`${name} must be an integer ≥ ${min}, got "${value}"\n`);
  process.exit(2);
}

function bootstrap(moduleUrl: string): string {
  return `
    const { parentPort } = require('node:worker_threads');
    import('tsx/esm/api').then(async (tsx) => {
      tsx.register();
      const { handle } = await import(${JSON.stringify(moduleUrl)});
      parentPort.on('message', async ({ index, job }) => {
        try { parentPort.postMessage({ index, answer: await handle(job) }); }
        catch (e) { parentPort.postMessage({ index, error: String(e && e.stack || e) }); }
      });
      parentPort.postMessage({ ready: true });
    });`;
}

/**
 * Run every job on up to `workers` threads, each taking the next job when it is free; `onDone` sees
 * each answer as it arrives (progress). Workers are ended when all jobs are done or one fails.
 */
export async function runPool<J, R>(moduleUrl: string, jobs: J[], workers: number, onDone?: (answer: R, index: number) => void): Promise<R[]> {
  const answers: R[] = new Array(jobs.length);
  let next = 0;
  let finished = 0;
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      if (jobs.length === 0) { resolve(); return; }
      const give = (w: Worker) => {
        if (next < jobs.length) { const index = next++; w.postMessage({ index, job: jobs[index] }); }
      };
      for (let k = 0; k < Math.min(workers, jobs.length); k++) {
        // A worker's live data stays small (a 200-master trace holds under 200 MB), but V8 lets a
        // busy heap grow to several times that before collecting: capped, verify stays under 1 GiB.
        const w = new Worker(bootstrap(moduleUrl), { eval: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
        pool.push(w);
        w.on('error', reject);
        w.on('message', (m: { ready?: true; index: number; answer?: R; error?: string }) => {
          if (m.ready) { give(w); return; }
          if (m.error !== undefined) { reject(new Error(`job ${m.index} failed in a worker: ${m.error}`)); return; }
          answers[m.index] = m.answer as R;
          onDone?.(m.answer as R, m.index);
          if (++finished === jobs.length) resolve();
          else give(w);
        });
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return answers;
}
