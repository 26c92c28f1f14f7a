// protocol.md §5.8 (reachability): an old master that was not restarted and had nothing past the
// promotion point continues with +CONTINUE and keeps its data.
import { families, traces, trimmable } from './generators.ts';
import { rejoins } from './restarted-old-master-takes-full-sync.ts';
import { at, type Property, type RunResult } from './property.ts';

export function partialRejoin(r: RunResult): string | null {
  if (r.error) return null;
  const j = rejoins(r).find((x) => !x.restarted && x.sync && x.sync.event !== 'full-sync');
  return j ? at(r, j.sync!.at, `${j.node}, demoted at ${j.at} without a restart, rejoined ${j.sync!.from} with a partial sync`) : null;
}

export const property: Property = {
  name: 'old-master-rejoins-with-partial-sync',
  claim: 'An old master that was not restarted can rejoin its promoted replica with a partial sync.',
  expectation: 'sometimes',
  scope: 'all configs; a master partitioned into a minority (client on the majority side), then healed',
  source: 'protocol.md §5.8, §2.11 (replication.c masterTryPartialResynchronization with replid2)',
  arbitrary: trimmable(traces(families.minorityPartition({ clientSide: 'majority' }))),
  check: partialRejoin,
  needs: ['old-master-partial-resync'],
};
