// protocol.md §2.6: clusterUpdateState holds back the ok state for the rejoin delay only on a
// master ("nodeIsMaster(myself) && ... among_minority_time"): a replica that sees a majority of the
// masters again (and, with full coverage, every slot served) reports cluster_state ok on the next
// clusterCron tick, so READONLY reads on it come back before its master takes writes again.
import { families, traces } from './generators.ts';
import { TICKS, watchRejoin, writableAfterRejoinDelay } from './a-master-back-from-a-minority-is-writable-after-the-rejoin-delay.ts';
import { crashed, type Property } from './property.ts';

export const property: Property = {
  name: 'a-replica-back-from-a-minority-reports-ok-at-once',
  claim: `A replica that sees a majority of the masters again (and, with full coverage, every slot served) is cluster_state ok within two clusterCron ticks (${TICKS} ms): the rejoin delay holds back masters only.`,
  expectation: 'always',
  scope: 'all configs; one master cut off with its replicas (a minority), the client on either side or pinned to it, then healed',
  source: 'protocol.md §2.6 (cluster.c clusterUpdateState: the rejoin delay is applied when nodeIsMaster(myself); clusterCron updates the state every tick while it is fail)',
  arbitrary: traces(families.minorityPartition({ withReplicas: true })),
  watch: watchRejoin(0, 'replica'),
  check: (r) => crashed(r) ?? writableAfterRejoinDelay(r),
};
