// sentinelFlushConfig (2.19, 1.7): rewrite sentinel.conf — temp file, fsync, rename, directory fsync —
// so every save is atomic and durable at once. It holds what a restart keeps: myid, the monitor
// address (sentinelGetCurrentMasterAddress), the epochs, known replicas and known Sentinels.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';
import { sentinelGetCurrentMasterAddress } from './sentinelGetCurrentMasterAddress.ts';

export function sentinelFlushConfig(_s: State, sen: SentinelProc): void {
  const m = sen.master;
  const addr = sentinelGetCurrentMasterAddress(m);
  sen.conf = {
    myid: sen.myid,
    addr,
    configEpoch: m.configEpoch,
    leaderEpoch: m.leaderEpoch,
    currentEpoch: sen.currentEpoch,
    // rewriteConfigSentinelOption: the promoted replica, now the monitor address, is written as the old master.
    knownReplicas: Object.keys(m.slaves).map((r) => (r === addr ? m.addr : r)),
    knownSentinels: Object.values(m.sentinels).map((x) => ({ addr: x.addr, runid: x.runid })),
  };
}
