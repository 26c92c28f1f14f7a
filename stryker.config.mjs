// StrykerJS over the model (npm run mutation): which rules of model/ the property suite catches
// when each is deliberately broken. docs/decisions.md says why the excluded files are excluded.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner', './mutation/ignore-timeline.mjs', './mutation/ignore-unsampled.mjs'],
  ignorers: ['timeline', 'unsampled'],
  mutate: [
    'model/**/*.ts',
    '!model/kernel/mutations.ts', // the test-only breakers themselves
    '!model/index.ts', // re-exports and a two-line wrapper
    '!model/kernel/state.ts', // types only
    '!model/kernel/actions.ts', // types only
    '!model/kernel/trace.ts', // trace validation: error messages for bad input (test/bad-input.test.ts)
    '!model/kernel/trace-checks.ts', // trace limits and process-state checks for bad input
    '!model/kernel/rng.ts', // one deterministic hash for another: every seed is a valid sample (test/rng.test.ts)
    '!model/kernel/heap.ts', // a V8 flag for the garbage collector: no result can depend on it
  ],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'mutation/stryker-incremental.json',
  concurrency: 2,
  // Generous: on a loaded machine a surviving mutant's test run overruns a tight limit and would be
  // counted as a timeout (detected); a real infinite loop only costs this much more.
  timeoutMS: 60_000,
  // The dry run measures every property's coverage with all mutants of the selected files instrumented:
  // with a hot file in full (kernel/net.ts, cluster/view.ts) it overran Stryker's default 5 minutes.
  dryRunTimeoutMinutes: 30,
  reporters: ['progress'], // mutation/run.ts renders reports/mutation.md from the incremental file
  eventReporter: { baseDir: 'tmp/mutation-events' }, // with --reporters progress,event-recorder: each result as it comes
  tempDirName: '.temp/stryker', // vitest's default exclude skips .temp/: `npm test` never runs a sandbox's copy
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};
