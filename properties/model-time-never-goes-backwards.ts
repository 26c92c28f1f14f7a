// The model is a discrete-event simulation: every timer and delivery is scheduled at or after the
// moment it is scheduled from (a BGSAVE ends after it starts, a message arrives after it leaves).
// So the steps of a run come in time order; a step in the past would let an effect precede its cause.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { replicationFamilies, sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `strict`: two steps in the same millisecond count too (they should not: events coincide). */
export function stepsInTimeOrder(r: RunResult, strict = false): string | null {
  const t = r.stepTimes;
  for (let i = 1; i < t.length; i++) {
    if (t[i] < t[i - 1] || (strict && t[i] === t[i - 1])) return at(r, t[i], `step ${i} runs at ${t[i]} ms, after step ${i - 1} at ${t[i - 1]} ms`);
  }
  return null;
}

export const property: Property = {
  name: 'model-time-never-goes-backwards',
  claim: 'The steps of every run come in time order: nothing is scheduled before the moment that schedules it.',
  expectation: 'always',
  scope: 'all deployment kinds: mixed cluster faults, RDB snapshots under crashes, Sentinel failovers, replication faults',
  source: 'design.md §2 (the agenda: timers and deliveries in time order)',
  arbitrary: fc.oneof(
    traces(families.mixed()), traces(families.masterCrash({ space: { persistence: ['rdb'] } })),
    standaloneTraces(sentinelFamilies.masterCrash()), standaloneTraces(replicationFamilies.swarm()),
  ),
  check: (r) => crashed(r) ?? stepsInTimeOrder(r),
};
