// sentinelCheckSubjectivelyDown (2.3, 2.4): SDOWN of one instance, and closing links that look dead.
import type { NodeName, State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import type { SentinelProc } from './state.ts';
import { instanceOf } from './instances.ts';
import { instanceLinkCloseConnection } from './link.ts';
import { mstime } from './mstime.ts';
import { SENTINEL_INFO_PERIOD, SENTINEL_PUBLISH_PERIOD } from './sentinelSendPeriodicCommands.ts';

/** sentinel_min_link_reconnect_period. */
const SENTINEL_MIN_LINK_RECONNECT_PERIOD = 15000;

export function sentinelCheckSubjectivelyDown(s: State, sen: SentinelProc, addr: NodeName): void {
  const inst = instanceOf(sen, addr);
  if (inst === null) return;
  const ri = inst.ri;
  const link = ri.link;
  const m = sen.master;
  const dam = m.downAfterPeriod;
  const now = mstime(s, sen);
  const elapsed = link.actPingTime ? now - link.actPingTime : link.disconnected ? now - link.lastAvailTime : 0;
  // 1) A command link up for 15 s whose PING has waited dam/2 with no reply at all: reconnect it.
  if (link.cc && now - link.ccConnTime > SENTINEL_MIN_LINK_RECONNECT_PERIOD && link.actPingTime !== 0
    && now - link.actPingTime > dam / 2 && now - link.lastPongTime > dam / 2) {
    instanceLinkCloseConnection(s, sen, addr, link, 'cc');
  }
  // 2) A pub/sub link up for 15 s with nothing on it (not even our own hellos) for 6 s.
  if (link.pc && now - link.pcConnTime > SENTINEL_MIN_LINK_RECONNECT_PERIOD && now - link.pcLastActivity > SENTINEL_PUBLISH_PERIOD * 3) {
    instanceLinkCloseConnection(s, sen, addr, link, 'pc');
  }
  const down = elapsed > dam
    || (inst.kind === 'master' && inst.ri.roleReported === 'slave' && now - inst.ri.roleReportedTime > dam + SENTINEL_INFO_PERIOD * 2)
    || (inst.kind === 'master' && inst.ri.masterReboot && now - inst.ri.masterRebootSinceTime > inst.ri.masterRebootDownAfterPeriod);
  if (down && !ri.sdown) {
    ri.sdown = true;
    ri.sDownSinceTime = now;
    record(s, sen.name, 'sdown', { about: addr });
  } else if (!down && ri.sdown) {
    ri.sdown = false;
    record(s, sen.name, 'sdown-cleared', { about: addr });
  }
}
