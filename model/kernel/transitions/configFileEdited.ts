// An operator edits a node's redis.conf on disk: options and the replicaof line, read at its next start.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { record } from '../timeline.ts';

export function configFileEdited(s: State, a: ActionOf<'ConfigFileEdited'>): void {
  const n = s.nodes[a.node];
  const { replicaof, ...options } = a.set;
  const file = n.disk.redisConf;
  n.disk.redisConf = { replicaof: replicaof === undefined ? file.replicaof : replicaof, set: { ...file.set, ...options } };
  const parts = Object.entries(a.set).map(([k, v]) => `${k}=${v === null ? 'none' : JSON.stringify(v)}`);
  record(s, n.name, 'edit-config', { detail: parts.join(' ') });
}
