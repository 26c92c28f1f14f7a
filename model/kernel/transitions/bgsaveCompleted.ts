// A save-point BGSAVE finishes: dump.rdb is replaced atomically and durably.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { bgsaveDone } from '../persistence.ts';

export function bgsaveCompleted(s: State, a: ActionOf<'BgsaveCompleted'>): void {
  const n = s.nodes[a.node];
  if (n.proc === 'down' || n.bootedAt !== a.boot) return; // the child dies with its parent; the temp file is discarded
  bgsaveDone(s, n);
}
