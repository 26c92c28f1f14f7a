// SIGCONT on a Sentinel: first what its sockets buffered (file events), then its timer if it came
// due meanwhile — whose TILT check then sees the whole pause as one tick (2.18).
import type { State } from '../../kernel/state.ts';
import { schedule } from '../../kernel/agenda.ts';
import { releaseResumed } from '../../kernel/net.ts';
import { record } from '../../kernel/timeline.ts';
import type { SentinelProc } from '../state.ts';

export function sentinelResumed(s: State, sen: SentinelProc): void {
  if (sen.proc !== 'paused') return;
  sen.proc = 'up';
  record(s, sen.name, 'resume', {});
  for (const x of releaseResumed(s, sen.name, sen.pausedConn)) schedule(s, s.now, x);
  if (sen.timerHeld) {
    sen.timerHeld = false;
    schedule(s, s.now, { type: 'SentinelTimer', node: sen.name, boot: sen.bootedAt });
  }
}
