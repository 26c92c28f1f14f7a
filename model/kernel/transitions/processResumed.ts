// SIGCONT: the process runs again (ae.c aeProcessEvents): first the sockets that were ready while it
// slept, oldest data first, then serverCron (time events come after file events), and only in the
// next pass the links peers opened meanwhile, which waited in its accept queue.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { schedule } from '../agenda.ts';
import { releaseResumed } from '../net.ts';
import { record } from '../timeline.ts';
import { sentinelResumed } from '../../sentinel/transitions/sentinelResumed.ts';

export function processResumed(s: State, a: ActionOf<'ProcessResumed'>): void {
  const sen = s.sentinels[a.node];
  if (sen !== undefined) { sentinelResumed(s, sen); return; }
  const n = s.nodes[a.node];
  if (n.proc !== 'paused') return;
  n.proc = 'up';
  record(s, n.name, 'resume', {});
  const accepted = releaseResumed(s, n.name, n.pausedConn);
  schedule(s, s.now, { type: 'ServerCron', node: n.name, boot: n.bootedAt });
  for (const x of accepted) schedule(s, s.now, x);
}
