// `npm test` on every core: the test files are independent and CPU-bound, and vitest's default leaves
// one core idle (maxWorkers = cores − 1), which on CI's two cores runs them one file at a time.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { maxWorkers: availableParallelism() } });
