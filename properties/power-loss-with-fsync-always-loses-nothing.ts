// protocol.md §5.11: with appendfsync always every acked write was fsynced before the reply.
import { families, traces } from './generators.ts';
import { nothingLost } from './kill-9-with-aof-loses-nothing.ts';
import { crashed, type Property } from './property.ts';

export const property: Property = {
  name: 'power-loss-with-fsync-always-loses-nothing',
  claim: 'A master that loses power with appendfsync always and restarts before failover loses no acknowledged write.',
  expectation: 'always',
  scope: 'appendonly yes, appendfsync always; one master power loss, restart before node timeout',
  source: 'protocol.md §5.11, §3.1 (aof.c flushAppendOnlyFile: fsync before beforeSleep replies)',
  arbitrary: traces(families.restartSoon({ power: true, space: { persistence: ['aof-always'] } })),
  check: (r) => crashed(r) ?? nothingLost(r),
  needs: ['power-loss', 'restart-before-failover'],
};
