// protocol.md §5.2 / §5.11: with everysec a kill -9 loses only writes whose write() was postponed
// behind a running fsync, and flushAppendOnlyFile postpones for less than 2 whole seconds of
// server.unixtime, then writes at the next beforeSleep: so every lost acked write was acknowledged at
// most 2 s plus one serverCron period before the kill.
import { families, traces } from './generators.ts';
import { lossWindowWithin } from './power-loss-everysec-loses-at-most-two-seconds.ts';
import { crashed, type Property } from './property.ts';

/** 2 s of postponement plus the wait for the next beforeSleep (at most one serverCron period). */
export const KILL_BOUND_MS = 2000 + 101;

export const property: Property = {
  name: 'kill-9-with-aof-everysec-loses-at-most-two-seconds',
  claim: 'With appendfsync everysec, a kill -9 before failover loses only writes acknowledged within about 2 s before it, however slow the disk.',
  expectation: 'always',
  scope: 'appendonly yes, appendfsync everysec, a slow disk on the master (fsync 0.1–3 s); one master kill -9, restart before node timeout',
  source: 'protocol.md §5.2, §5.11 (aof.c flushAppendOnlyFile: aof_flush_postponed_start; server.c beforeSleep)',
  arbitrary: traces(families.restartSoon({ slowDisk: true, space: { persistence: ['aof-everysec'] } })),
  check: (r) => crashed(r) ?? lossWindowWithin(r, KILL_BOUND_MS),
  needs: ['restart-before-failover'],
};
