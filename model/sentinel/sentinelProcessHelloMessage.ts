// sentinelProcessHelloMessage (2.1, 2.14): a hello from another Sentinel, on a pub/sub connection or
// as a PUBLISH to this Sentinel. It makes the sender known, raises current_epoch, and a strictly
// higher config epoch for the master switches this Sentinel to that configuration — in TILT or in a
// failover too.
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import type { Hello } from './messages.ts';
import type { SentinelProc } from './state.ts';
import { createSentinelRecord } from './instances.ts';
import { instanceLinkCloseConnection } from './link.ts';
import { mstime } from './mstime.ts';
import { sentinelFlushConfig } from './sentinelFlushConfig.ts';
import { sentinelResetMasterAndChangeAddress } from './sentinelResetMasterAndChangeAddress.ts';

export function sentinelProcessHelloMessage(s: State, sen: SentinelProc, h: Hello): void {
  const m = sen.master;
  if (h.masterName !== m.name) return; // an unknown master: skipped
  const now = mstime(s, sen);
  let si = m.sentinels[h.sentinel];
  if (si === undefined || si.runid !== h.runid) {
    // removeMatchingSentinelFromMaster: the same runid at another address (an address switch), or
    // another runid at this address (+sentinel-invalid-addr), is forgotten first.
    for (const x of Object.values(m.sentinels)) {
      if (x.runid !== h.runid && x.addr !== h.sentinel) continue;
      instanceLinkCloseConnection(s, sen, x.addr, x.link, 'cc');
      delete m.sentinels[x.addr];
    }
    si = createSentinelRecord(h.sentinel, h.runid, now);
    m.sentinels[h.sentinel] = si;
    sentinelFlushConfig(s, sen);
  }
  if (h.currentEpoch > sen.currentEpoch) {
    sen.currentEpoch = h.currentEpoch;
    sentinelFlushConfig(s, sen);
    record(s, sen.name, 'new-epoch', { about: m.addr, epoch: sen.currentEpoch });
  }
  if (m.configEpoch < h.configEpoch) {
    m.configEpoch = h.configEpoch;
    if (h.masterAddr !== m.addr) {
      record(s, sen.name, 'switch-master', { about: h.masterAddr, from: m.addr, epoch: h.configEpoch, detail: `config-update-from ${h.sentinel}` });
      sentinelResetMasterAndChangeAddress(s, sen, h.masterAddr);
    }
  }
  si.lastHelloTime = now;
}
