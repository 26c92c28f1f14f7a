// protocol.md §5.11 (hazard): everysec's fsync window is real — a power loss before failover drops
// acked writes that were only in the page cache.
import { families, traces, trimmable } from './generators.ts';
import { forcedLoss } from './forced-failover-can-lose-writes.ts';
import { type Property } from './property.ts';

export const property: Property = {
  name: 'power-loss-everysec-can-lose-writes',
  claim: 'With appendfsync everysec, a master power loss before failover can lose acknowledged writes.',
  expectation: 'sometimes',
  scope: 'appendonly yes, appendfsync everysec; one master power loss, restart before node timeout',
  source: 'protocol.md §5.11, §3.2 (aof.c flushAppendOnlyFile, fsync once a second in bio)',
  arbitrary: trimmable(traces(families.restartSoon({ power: true, space: { persistence: ['aof-everysec'] } }))),
  check: forcedLoss,
  needs: ['power-loss'],
};
