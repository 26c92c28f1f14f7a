// protocol.md §5.2 (hazard): with everysec, flushAppendOnlyFile postpones the write() of aof_buf while
// a background fsync runs (up to 2 s), but beforeSleep still sends the replies: a kill -9 then loses
// acknowledged writes that never reached the page cache. A slow disk makes the window wide.
import { families, traces, trimmable } from './generators.ts';
import { forcedLoss } from './forced-failover-can-lose-writes.ts';
import { type Property } from './property.ts';

export const property: Property = {
  name: 'kill-9-with-aof-everysec-can-lose-writes',
  claim: 'With appendfsync everysec, a master killed with kill -9 while its AOF write() is postponed behind a slow fsync can lose acknowledged writes, even restarted before failover.',
  expectation: 'sometimes',
  scope: 'appendonly yes, appendfsync everysec, a slow disk on the master; one master kill -9, restart before node timeout',
  source: 'protocol.md §5.2, §5.11 (aof.c flushAppendOnlyFile: aof_flush_postponed_start; server.c beforeSleep)',
  arbitrary: trimmable(traces(families.restartSoon({ slowDisk: true, space: { persistence: ['aof-everysec'] } }))),
  check: forcedLoss,
  needs: ['restart-before-failover'],
};
