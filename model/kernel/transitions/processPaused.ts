// SIGSTOP: the process stops running; its sockets stay open and buffer what arrives.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { record } from '../timeline.ts';
import { sentinelPaused } from '../../sentinel/transitions/sentinelPaused.ts';

export function processPaused(s: State, a: ActionOf<'ProcessPaused'>): void {
  const sen = s.sentinels[a.node];
  if (sen !== undefined) { sentinelPaused(s, sen); return; }
  const n = s.nodes[a.node];
  if (n.proc !== 'up') return;
  n.proc = 'paused';
  n.pausedConn = s.net.nextConn;
  record(s, n.name, 'pause', {});
}
