// protocol.md §5.11 (hazard): with RDB only, a master restarted before failover loads its last
// snapshot; the writes acked since are lost (its replica resyncs from it).
import { families, traces, trimmable } from './generators.ts';
import { forcedLoss } from './forced-failover-can-lose-writes.ts';
import { type Property } from './property.ts';

export const property: Property = {
  name: 'rdb-only-crash-loses-writes-since-snapshot',
  claim: 'With RDB snapshots only, a master killed and restarted before failover loses the acked writes since its last snapshot.',
  expectation: 'sometimes',
  scope: 'appendonly no, save 2 1; one master kill -9, restart before node timeout',
  source: 'protocol.md §5.11, §3.3 (rdb.c rdbSaveBackground, server.c loadDataFromDisk)',
  arbitrary: trimmable(traces(families.restartSoon({ space: { persistence: ['rdb'] } }))),
  check: forcedLoss,
  needs: ['restart-before-failover'],
};
