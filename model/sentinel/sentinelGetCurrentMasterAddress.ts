// sentinelGetCurrentMasterAddress: the promoted replica once this Sentinel's own failover has reached
// RECONF_SLAVES (it holds the new configuration epoch), else the master's address.
import type { NodeName } from '../kernel/state.ts';
import type { MasterRecord } from './state.ts';

const AFTER_PROMOTION = new Set(['reconf_slaves', 'update_config']);

export function sentinelGetCurrentMasterAddress(m: MasterRecord): NodeName {
  if (m.failoverInProgress && m.promotedSlave !== null && AFTER_PROMOTION.has(m.failoverState)) return m.promotedSlave;
  return m.addr;
}
