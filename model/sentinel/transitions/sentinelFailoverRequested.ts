// SENTINEL FAILOVER <name> sent to a Sentinel (sentinelCommand "failover", 2.17): a forced failover in a
// new epoch that nobody votes on; refused with -INPROG or -NOGOODSLAVE.
import type { ActionOf } from '../../kernel/actions.ts';
import { hold } from '../../kernel/net.ts';
import type { State } from '../../kernel/state.ts';
import { record } from '../../kernel/timeline.ts';
import { sentinelSelectSlave } from '../sentinelSelectSlave.ts';
import { sentinelStartFailover } from '../sentinelStartFailoverIfNeeded.ts';

export function sentinelFailoverRequested(s: State, a: ActionOf<'SentinelFailoverRequested'>): void {
  const sen = s.sentinels[a.node];
  const m = sen.master;
  const refuse = (err: string) => record(s, sen.name, 'failover-refused', { about: m.addr, detail: err });
  // A stopped process refuses the connection; a paused one reads the command when it resumes.
  if (sen.proc === 'down') return refuse('no reply: the Sentinel is not running');
  if (sen.proc === 'paused') { hold(s, sen.name, a); return; }
  if (m.failoverInProgress) return refuse('INPROG Failover already in progress');
  // The master is not SDOWN here, so selection takes INFO up to 30 s old.
  if (sentinelSelectSlave(s, sen) === null) return refuse('NOGOODSLAVE No suitable replica to promote');
  record(s, sen.name, 'manual-failover', { about: m.addr });
  // The epoch bump is not saved now: the self-vote at the next WAIT_START step saves it.
  sentinelStartFailover(s, sen);
  m.forceFailover = true;
}
