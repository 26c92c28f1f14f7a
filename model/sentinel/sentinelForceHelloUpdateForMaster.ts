// sentinelForceHelloUpdateForMaster (2.10, 2.14): move every last_pub_time of the master, its replicas
// and its Sentinels back by one hello period, so the next tick sends the new configuration at once.
import type { State } from '../kernel/state.ts';
import type { SentinelProc } from './state.ts';

/** sentinel_publish_period, ms. */
const SENTINEL_PUBLISH_PERIOD = 2000;

export function sentinelForceHelloUpdateForMaster(_s: State, sen: SentinelProc): void {
  const back = (x: { lastPubTime: number }): void => {
    if (x.lastPubTime >= SENTINEL_PUBLISH_PERIOD + 1) x.lastPubTime -= SENTINEL_PUBLISH_PERIOD + 1;
  };
  back(sen.master);
  for (const x of Object.values(sen.master.sentinels)) back(x);
  for (const x of Object.values(sen.master.slaves)) back(x);
}
