// protocol.md §5.2 / §5.11: with AOF always or no, a kill -9 loses no acked write — beforeSleep
// write()s aof_buf before it sends the replies, the page cache survives the process, and the master
// restarts before any failover. everysec is not in scope: its write() can be postponed behind a
// running background fsync while the replies still go (kill-9-with-aof-everysec-can-lose-writes).
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function nothingLost(r: RunResult): string | null {
  const l = r.outcome.lost[0];
  return l ? at(r, l.fault?.at ?? l.ackedAt, `${r.outcome.lost.length} acked writes lost, first ${l.id} acked at ${l.ackedAt} by ${l.appliedBy} (window ${l.windowMs} ms)`) : null;
}

export const property: Property = {
  name: 'kill-9-with-aof-loses-nothing',
  claim: 'A master killed with kill -9 and restarted before failover from its AOF with appendfsync always or no loses no acknowledged write.',
  expectation: 'always',
  scope: 'appendonly yes, appendfsync always or no; one master kill -9, restart before node timeout',
  source: 'protocol.md §5.2, §5.11, §3.2 (aof.c flushAppendOnlyFile, server.c loadDataFromDisk)',
  arbitrary: traces(families.restartSoon({ space: { persistence: ['aof-always', 'aof-no'] } })),
  check: (r) => crashed(r) ?? nothingLost(r),
  needs: ['restart-before-failover'],
};
