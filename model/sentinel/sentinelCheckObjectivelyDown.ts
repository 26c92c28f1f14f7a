// sentinelCheckObjectivelyDown (2.5): ODOWN when I see the master SDOWN and, with me, at least
// quorum Sentinels last answered "down"; it clears as soon as either part fails.
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import { mstime } from './mstime.ts';
import type { SentinelProc } from './state.ts';

export function sentinelCheckObjectivelyDown(s: State, sen: SentinelProc): void {
  const m = sen.master;
  let quorum = 0;
  let odown = false;
  if (m.sdown) {
    quorum = 1; // the current Sentinel
    for (const x of Object.values(m.sentinels)) if (x.masterDown) quorum++;
    odown = quorum >= m.quorum;
  }
  if (odown) {
    if (!m.odown) {
      m.odown = true;
      m.oDownSinceTime = mstime(s, sen);
      record(s, sen.name, 'odown', { about: m.addr, detail: `#quorum ${quorum}/${m.quorum}` });
    }
  } else if (m.odown) {
    m.odown = false;
    record(s, sen.name, 'odown-cleared', { about: m.addr });
  }
}
