// SIGCONT on a Sentinel (ae.c aeProcessEvents): first what its open sockets buffered (file events),
// then its timer if it came due meanwhile — whose TILT check sees the whole pause as one tick (2.18)
// — and only in the next pass what came on connections peers opened meanwhile, which waited in the
// accept queue (LAB E10: +tilt on waking, the +switch-master a hello on such a connection brought
// 6 ms later).
import type { Action } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { schedule } from '../../kernel/agenda.ts';
import { record } from '../../kernel/timeline.ts';
import type { SentinelProc } from '../state.ts';

export function sentinelResumed(s: State, sen: SentinelProc): void {
  if (sen.proc !== 'paused') return;
  sen.proc = 'up';
  record(s, sen.name, 'resume', {});
  const items = s.held[sen.name] ?? [];
  delete s.held[sen.name];
  const accepted: Action[] = [];
  for (const x of items) {
    if (x.type === 'SentinelDelivered' && x.msg.from !== 'client' && x.msg.conn > sen.pausedConn) accepted.push(x);
    else schedule(s, s.now, x);
  }
  if (sen.timerHeld) {
    sen.timerHeld = false;
    schedule(s, s.now, { type: 'SentinelTimer', node: sen.name, boot: sen.bootedAt });
  }
  for (const x of accepted) schedule(s, s.now, x);
}
