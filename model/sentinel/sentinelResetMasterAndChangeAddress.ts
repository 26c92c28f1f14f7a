// sentinelResetMasterAndChangeAddress (2.12): the master record now points at `newAddr`. Its replicas
// are re-created fresh — the old ones but the new master, plus the old master as a replica — its
// failover state, flags and link are reset (sentinelResetMaster, SENTINEL_RESET_NO_SENTINELS), the
// Sentinel records are kept, and sentinel.conf is saved.
import type { NodeName, State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';
import { createReplicaRecord } from './instances.ts';
import { dictOrder } from './dictOrder.ts';
import { instanceLinkCloseConnection } from './link.ts';
import { mstime } from './mstime.ts';
import { sentinelFlushConfig } from './sentinelFlushConfig.ts';

export function sentinelResetMasterAndChangeAddress(s: State, sen: SentinelProc, newAddr: NodeName): void {
  const m = sen.master;
  const now = mstime(s, sen);
  // Re-added in the old dict's iteration order, then the old master: the new dict's insertion order.
  const slaves = dictOrder(s, sen, m.slaves).map((r) => r.addr).filter((r) => r !== newAddr);
  if (newAddr !== m.addr) slaves.push(m.addr);
  // sentinelResetMaster: releasing the replica records closes their links.
  for (const r of Object.values(m.slaves)) {
    instanceLinkCloseConnection(s, sen, r.addr, r.link, 'cc');
    instanceLinkCloseConnection(s, sen, r.addr, r.link, 'pc');
  }
  m.slaves = {};
  instanceLinkCloseConnection(s, sen, m.addr, m.link, 'cc');
  instanceLinkCloseConnection(s, sen, m.addr, m.link, 'pc');
  m.sdown = false;
  m.odown = false;
  m.failoverInProgress = false;
  m.forceFailover = false;
  m.masterReboot = false;
  m.leader = null;
  m.failoverState = 'none';
  m.failoverStateChangeTime = 0;
  m.failoverStartTime = 0; // "We can failover again ASAP."
  m.promotedSlave = null;
  m.runid = null;
  m.link.actPingTime = now;
  m.link.lastPingTime = 0;
  m.link.lastAvailTime = now;
  m.link.lastPongTime = now;
  m.roleReportedTime = now;
  m.roleReported = 'master';
  m.addr = newAddr;
  m.oDownSinceTime = 0;
  m.sDownSinceTime = 0;
  for (const r of slaves) m.slaves[r] = createReplicaRecord(r, now);
  sentinelFlushConfig(s, sen);
}
