// The fast property subset Stryker runs against each mutant of model/ (npm run mutation).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['mutation/fast-properties.ts'],
    // One worker: Stryker runs its own processes side by side (concurrency in stryker.config.mjs).
    pool: 'threads',
    poolOptions: { threads: { singleThread: true } },
    testTimeout: 120_000,
  },
});
