// sentinelPingReplyCallback (2.3): PONG, -LOADING and -MASTERDOWN are valid replies (the instance is
// available); any reply counts as a pong. A PONG clears MASTER_REBOOT (2.20).
import type { State } from '../kernel/state.ts';
import type { SentinelBody } from './messages.ts';
import type { Instance } from './instances.ts';
import type { SentinelProc } from './state.ts';
import { mstime } from './mstime.ts';

export function sentinelPingReplyCallback(s: State, sen: SentinelProc, inst: Instance, reply: Extract<SentinelBody, { type: 'pong' }>['reply']): void {
  const link = inst.ri.link;
  const now = mstime(s, sen);
  link.pendingCommands--;
  if (reply !== 'other') {
    link.lastAvailTime = now;
    link.actPingTime = 0;
    if (inst.kind === 'master' && inst.ri.masterReboot && reply === 'PONG') inst.ri.masterReboot = false;
  }
  link.lastPongTime = now;
}
