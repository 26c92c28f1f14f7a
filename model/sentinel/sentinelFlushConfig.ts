// TEMPORARY STUB (wt-sentb): wt-senta owns sentinelFlushConfig; replaced by theirs at the merge.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

export function sentinelFlushConfig(_s: State, sen: SentinelProc): void {
  sen.conf.currentEpoch = sen.currentEpoch;
  sen.conf.leaderEpoch = sen.master.leaderEpoch;
  sen.conf.configEpoch = sen.master.configEpoch;
  sen.conf.addr = sen.master.addr;
}
