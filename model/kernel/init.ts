// The initial state of a trace: a Redis Cluster (model/cluster/init.ts) or standalone nodes wired
// by replicaof, with or without Sentinels (model/replication/init.ts).
import type { State } from './state.ts';
import type { Trace } from './trace.ts';
import { clusterInitialState } from '../cluster/init.ts';
import { standaloneInitialState } from '../replication/init.ts';

export { cronPhase, nodeConfig } from './initNode.ts';

export function initialState(t: Trace): State {
  return t.config.topology === 'cluster' ? clusterInitialState(t) : standaloneInitialState(t);
}
