// SIGSTOP on a Sentinel: it stops running; its kernel keeps accepting connections and buffering data.
import type { State } from '../../kernel/state.ts';
import { record } from '../../kernel/timeline.ts';
import type { SentinelProc } from '../state.ts';

export function sentinelPaused(s: State, sen: SentinelProc): void {
  if (sen.proc !== 'up') return;
  sen.proc = 'paused';
  sen.pausedConn = s.net.nextConn;
  record(s, sen.name, 'pause', {});
}
