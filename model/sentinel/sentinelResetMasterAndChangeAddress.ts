// TEMPORARY STUB (wt-sentb): wt-senta owns sentinelResetMasterAndChangeAddress; replaced by theirs at the merge.
import type { NodeName, State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelResetMasterAndChangeAddress(_s: State, sen: SentinelProc, newAddr: NodeName): void {
  const m = sen.master;
  const slaves = Object.keys(m.slaves).filter((x) => x !== newAddr);
  if (newAddr !== m.addr) slaves.push(m.addr);
  const old = m.slaves;
  m.failoverState = 'none'; m.failoverInProgress = false; m.forceFailover = false;
  m.sdown = false; m.odown = false; m.masterReboot = false;
  m.failoverStartTime = 0; m.leader = null; m.runid = null; m.roleReported = 'master';
  m.promotedSlave = null; m.sDownSinceTime = 0; m.oDownSinceTime = 0;
  const proto = Object.values(old)[0];
  m.addr = newAddr;
  m.slaves = {};
  for (const a of slaves) {
    m.slaves[a] = { ...structuredClone(proto), addr: a, runid: null, sdown: false, promoted: false, reconf: 'none', slaveReplOffset: 0, slavePriority: 100, infoRefresh: 0 };
  }
  sen.conf.addr = newAddr;
}
