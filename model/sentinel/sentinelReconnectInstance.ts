// sentinelReconnectInstance (2.2): reopen a link's missing connections, at most once a second; a PING at once on reconnect.
import type { NodeName, State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';
import { instanceOf } from './instances.ts';
import { connectTo } from './link.ts';
import { mstime } from './mstime.ts';
import { sentinelSendPing } from './sentinelSendPeriodicCommands.ts';

/** sentinel_ping_period: the reconnect throttle. */
const SENTINEL_PING_PERIOD = 1000;

export function sentinelReconnectInstance(s: State, sen: SentinelProc, addr: NodeName): void {
  const inst = instanceOf(sen, addr);
  if (inst === null) return;
  const link = inst.ri.link;
  if (!link.disconnected) return;
  const now = mstime(s, sen);
  if (now - link.lastReconnTime < SENTINEL_PING_PERIOD) return;
  link.lastReconnTime = now;
  // The connect is non-blocking: hiredis queues commands until it is up, and reports a refused or
  // reset connection later (a `closed` on it: instanceLinkConnectionError).
  if (link.cc === 0) {
    link.cc = connectTo(s, sen, addr, false);
    link.pendingCommands = 0;
    link.ccConnTime = now;
    sentinelSendPing(s, sen, addr, link);
  }
  if (inst.kind !== 'sentinel' && link.pc === 0) {
    link.pc = connectTo(s, sen, addr, true);
    link.pcConnTime = now;
  }
  if (link.cc !== 0 && (inst.kind === 'sentinel' || link.pc !== 0)) link.disconnected = false;
}
