// sentinelCheckSubjectivelyDown: a Sentinel whose PING to the master has gone unanswered for
// down-after-milliseconds flags it SDOWN. A Sentinel cut off from the master (nothing gets through
// either way) sends its next PING within the 1 s ping period, so it flags the master SDOWN by
// down-after-milliseconds plus that second and its next timer tick — unless, before that, it learns of
// another Sentinel's failover (+switch-master) and monitors the new master instead.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { sentinelEntries, traceEventsOf } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The ping period plus a timer tick and its jitter. */
const SLACK_MS = 1500;

/** `slack`: ms allowed past down-after-milliseconds (the claim: 1500). */
export function cutSentinelsFlagTheMaster(r: RunResult, slack = SLACK_MS): string | null {
  const dam = r.trace.config.downAfterMilliseconds;
  const delays = traceEventsOf(r, 'delay');
  for (const cut of delays) {
    if (cut.from !== 'M' || !(cut.ms! >= 2 * dam)) continue;
    const s = cut.to!;
    // Both ways, from the same moment, until a later delay event on the link lifts it.
    if (!delays.some((d) => d.from === s && d.to === 'M' && d.at === cut.at && d.ms! >= 2 * dam)) continue;
    const lifted = delays.find((d) => d.at > cut.at && ((d.from === 'M' && d.to === s) || (d.from === s && d.to === 'M')))?.at ?? Infinity;
    const by = cut.at + dam + slack;
    if (lifted <= by) continue;
    // A Sentinel that learns of another's failover meanwhile (+switch-master) monitors the new master instead.
    if (sentinelEntries(r, 'switch-master').some((e) => e.node === s && e.at >= cut.at && e.at <= by)) continue;
    const flagged = sentinelEntries(r, 'sdown').some((e) => e.node === s && e.about === 'M' && e.at >= cut.at && e.at <= by);
    if (!flagged) return at(r, by, `${s}, cut from M at ${cut.at} (down-after ${dam} ms), has not flagged it SDOWN by ${by}`);
  }
  return null;
}

export const property: Property = {
  name: 'a-sentinel-cut-from-the-master-flags-it-down',
  claim: 'A Sentinel cut off from a running master flags it SDOWN within down-after-milliseconds plus 1.5 s of the cut, unless another Sentinel\'s failover has moved it to a new master by then.',
  expectation: 'always',
  scope: 'sentinel: one to all but one of the Sentinels lose their links to a healthy master (both ways), for longer than down-after + 6 s',
  source: 'sentinel.c sentinelCheckSubjectivelyDown (act_ping_time older than down_after_period), sentinelSendPeriodicCommands (a PING every second)',
  arbitrary: standaloneTraces(sentinelFamilies.sentinelCutFromMaster()),
  check: (r) => crashed(r) ?? cutSentinelsFlagTheMaster(r),
};
