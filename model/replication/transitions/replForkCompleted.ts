// The fork for a full sync has produced its RDB: the payload goes to the waiting replicas.
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { finishReplicationFork } from '../replication.ts';

export function replForkCompleted(s: State, a: ActionOf<'ReplForkCompleted'>): void {
  const n = s.nodes[a.node];
  if (n.proc === 'down' || n.bootedAt !== a.boot) return;
  finishReplicationFork(s, n);
}
