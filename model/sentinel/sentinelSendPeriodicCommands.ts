// sentinelSendPeriodicCommands (2.2): INFO, PING and hello to one instance when they are due.
import type { NodeName, State } from '../kernel/state.ts';
import type { Link, SentinelProc } from './state.ts';
import { instanceOf } from './instances.ts';
import { sendCommand } from './link.ts';
import { mstime } from './mstime.ts';
import { sentinelGetCurrentMasterAddress } from './sentinelGetCurrentMasterAddress.ts';

/** sentinel_info_period, sentinel_ping_period, sentinel_publish_period, SENTINEL_MAX_PENDING_COMMANDS. */
export const SENTINEL_INFO_PERIOD = 10000;
const SENTINEL_PING_PERIOD = 1000;
export const SENTINEL_PUBLISH_PERIOD = 2000;
const SENTINEL_MAX_PENDING_COMMANDS = 100;

/** The master record's name (one monitored master per deployment). */
export const MASTER_NAME = 'mymaster';

export function sentinelSendPeriodicCommands(s: State, sen: SentinelProc, addr: NodeName): void {
  const inst = instanceOf(sen, addr);
  if (inst === null) return;
  const link = inst.ri.link;
  const m = sen.master;
  const now = mstime(s, sen);
  if (link.disconnected) return;
  if (link.pendingCommands >= SENTINEL_MAX_PENDING_COMMANDS) return;
  // INFO every second for a replica of an ODOWN or failing-over master, or one reporting its link down.
  const fast = inst.kind === 'slave' && (m.odown || m.failoverInProgress || inst.ri.masterLinkDownTime !== 0);
  const infoPeriod = fast ? 1000 : SENTINEL_INFO_PERIOD;
  const pingPeriod = Math.min(m.downAfterPeriod, SENTINEL_PING_PERIOD);
  if (inst.kind !== 'sentinel' && (inst.ri.infoRefresh === 0 || now - inst.ri.infoRefresh > infoPeriod)) {
    sendCommand(s, sen, addr, { type: 'info' });
  }
  if (now - link.lastPongTime > pingPeriod && now - link.lastPingTime > pingPeriod / 2) sentinelSendPing(s, sen, addr, link);
  if (now - inst.ri.lastPubTime > SENTINEL_PUBLISH_PERIOD) sentinelSendHello(s, sen, addr, link);
}

/** sentinelSendPing: act_ping_time marks the oldest unanswered PING. */
export function sentinelSendPing(s: State, sen: SentinelProc, addr: NodeName, link: Link): boolean {
  if (!sendCommand(s, sen, addr, { type: 'ping' })) return false;
  link.lastPingTime = mstime(s, sen);
  if (link.actPingTime === 0) link.actPingTime = link.lastPingTime;
  return true;
}

/** sentinelSendHello: PUBLISH who I am and the configuration I hold (last_pub_time moves on its reply). */
export function sentinelSendHello(s: State, sen: SentinelProc, addr: NodeName, link: Link): boolean {
  if (link.disconnected) return false;
  const m = sen.master;
  return sendCommand(s, sen, addr, {
    type: 'hello',
    hello: { sentinel: sen.name, runid: sen.myid, currentEpoch: sen.currentEpoch, masterName: m.name, masterAddr: sentinelGetCurrentMasterAddress(m), configEpoch: m.configEpoch },
  });
}
