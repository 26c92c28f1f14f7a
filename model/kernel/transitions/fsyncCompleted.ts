// The everysec background fsync finishes: what it covered is durable; a postponed write() goes out.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { fsyncDone } from '../persistence.ts';

export function fsyncCompleted(s: State, a: ActionOf<'FsyncCompleted'>): void {
  const n = s.nodes[a.node];
  if (n.proc === 'down' || n.bootedAt !== a.boot) return;
  fsyncDone(s, n);
}
