// sentinelHandleRedisInstance (sentinel.c): while a Sentinel is in TILT (its timer saw the clock jump
// or stall) it goes on monitoring — PING, INFO, hello — but skips the acting half: no SDOWN or ODOWN
// change, no failover started or advanced; and sentinelRefreshInstanceInfo returns before acting on
// an INFO reply. TILT ends 30 s after it began (-tilt). Votes and hellos from others are still handled.
import fc from 'fast-check';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** What only the acting half records (sentinelHandleRedisInstance after the TILT check, sentinelRefreshInstanceInfo's acting part). */
export const ACTING = new Set([
  'sdown', 'sdown-cleared', 'odown', 'odown-cleared', 'try-failover', 'next-failover-delay', 'elected-leader', 'selected-slave',
  'failover-abort', 'slave-reconf-sent', 'slave-reconf-sent-timeout', 'failover-end', 'promoted-slave', 'fix-slave-config',
  'convert-to-slave', 'slave-reconf-inprog', 'slave-reconf-done',
]);

export function noActionInTilt(r: RunResult, acting = ACTING): string | null {
  const restarts = traceEvents(r, 'restart');
  const inTilt = new Map<string, number>();
  for (const e of r.state.timeline) {
    if (!(e.node in r.state.sentinels)) continue;
    if (e.event === 'tilt') { if (!inTilt.has(e.node)) inTilt.set(e.node, e.at); continue; }
    if (e.event === 'tilt-cleared') { inTilt.delete(e.node); continue; }
    const since = inTilt.get(e.node);
    if (since === undefined) continue;
    // A restarted Sentinel starts out of TILT.
    if (restarts.some((x) => x.node === e.node && x.at > since && x.at <= e.at)) { inTilt.delete(e.node); continue; }
    if (acting.has(e.event)) return at(r, e.at, `${e.node}, in TILT since ${since}, recorded ${e.event}${e.about ? ` about ${e.about}` : ''} at ${e.at}`);
  }
  return null;
}

export const property: Property = {
  name: 'a-sentinel-in-tilt-takes-no-action',
  claim: 'A Sentinel in TILT changes no SDOWN or ODOWN flag and starts or advances no failover until its TILT ends 30 s later (it keeps monitoring, and still answers votes and hellos).',
  expectation: 'always',
  scope: 'sentinel, any quorum and timing; a clock jump on one Sentinel (maybe during a master crash), or the master paused with its Sentinel (LAB E10)',
  source: 'sentinel.md 2.18 (sentinel.c sentinelCheckTiltCondition, sentinelHandleRedisInstance: "We don\'t proceed with the acting half if we are in TILT mode", sentinelRefreshInstanceInfo)',
  arbitrary: fc.oneof(standaloneTraces(sentinelFamilies.clockJump()), standaloneTraces(sentinelFamilies.pauseMasterAndSentinel())),
  check: (r) => crashed(r) ?? noActionInTilt(r),
};
