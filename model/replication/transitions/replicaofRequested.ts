// An operator sends REPLICAOF <master> or REPLICAOF NO ONE to a standalone node (replicaofCommand).
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { hold } from '../../kernel/net.ts';
import { record } from '../../kernel/timeline.ts';
import { replicaofCommand } from '../replicaof.ts';

export function replicaofRequested(s: State, a: ActionOf<'ReplicaofRequested'>): void {
  const n = s.nodes[a.node];
  // A stopped process refuses the connection; a paused one reads the command when it resumes.
  if (n.proc === 'down') { record(s, n.name, 'replicaof-refused', { detail: 'process down' }); return; }
  if (n.proc === 'paused') { hold(s, n.name, a); return; }
  const reply = replicaofCommand(s, n, a.master);
  if (reply.startsWith('ERR')) record(s, n.name, 'replicaof-refused', { detail: reply });
}
