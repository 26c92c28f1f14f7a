// WAIT's timeout expires: it returns the number of replicas that acknowledged the write so far.
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { resolveWaits } from '../wait.ts';

export function waitTimedOut(s: State, a: ActionOf<'WaitTimedOut'>): void {
  const n = s.nodes[a.node];
  if (n.proc === 'down' || n.bootedAt !== a.boot) return;
  resolveWaits(s, n, a.wid);
}
