// Before a Sentinel re-points an instance on its own (+convert-to-slave of a replica reporting
// role:master, +fix-slave-config of one following another address), sentinelMasterLooksSane asks for
// a master that reports role:master, is not SDOWN or ODOWN, and answered INFO within the last 20 s:
// it never turns instances towards a master it has not heard from for that long, SDOWN or not.
import { mstime } from '../model/sentinel/mstime.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

const CORRECTIONS = new Set(['convert-to-slave', 'fix-slave-config']);

/** Notes a correction made while the master's last INFO was 20 s old or more (scratch.bad), and the stalest master seen at one (scratch.stalest). */
export const watchCorrections: Watch = (s, _a, t, scratch) => {
  if (scratch.bad) return;
  const seen = (scratch.seenTimeline as number | undefined) ?? 0;
  for (let i = seen; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    if (!CORRECTIONS.has(e.event) || !(e.node in s.sentinels)) continue;
    const sen = s.sentinels[e.node];
    const age = mstime(s, sen) - sen.master.infoRefresh;
    scratch.stalest = Math.max((scratch.stalest as number | undefined) ?? 0, age);
    if (age >= 20_000) { scratch.bad = { at: t, msg: `${e.node} sent ${e.event} for ${e.about} at ${t} while its last INFO from the master was ${age} ms old` } as Noted; return; }
  }
  scratch.seenTimeline = s.timeline.length;
};

export const property: Property = {
  name: 'a-sentinel-corrects-nothing-while-the-master-looks-stale',
  claim: 'A Sentinel sends no +convert-to-slave or +fix-slave-config while its last INFO from the master is 20 s old or more, even before it flags the master SDOWN.',
  expectation: 'always',
  scope: 'sentinel, down-after 30 s: the master paused, and an operator\'s REPLICAOF NO ONE on a replica while it is silent',
  source: 'sentinel.c sentinelMasterLooksSane (mstime() - info_refresh < sentinel_info_period * 2), sentinelRefreshInstanceInfo',
  arbitrary: standaloneTraces(sentinelFamilies.staleMasterRogueReplica()),
  watch: watchCorrections,
  check: (r) => crashed(r) ?? noted(r),
};
