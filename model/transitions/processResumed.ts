// SIGCONT: the process runs again and reads what its sockets buffered, oldest first, before its
// timers (aeProcessEvents handles file events before time events).
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { schedule } from '../lib/agenda.ts';
import { release } from '../lib/net.ts';
import { record } from '../lib/timeline.ts';

export function processResumed(s: State, a: ActionOf<'ProcessResumed'>): void {
  const n = s.nodes[a.node];
  if (n.proc !== 'paused') return;
  n.proc = 'up';
  record(s, n.name, 'resume', {});
  release(s, n.name, true);
  schedule(s, s.now, { type: 'ServerCron', node: n.name, boot: n.bootedAt });
}
