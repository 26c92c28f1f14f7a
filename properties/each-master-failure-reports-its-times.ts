// The outcome's failure times (reports/: "how long until FAIL, until a promotion, until the full
// sync") are read from the timeline: for each crash or pause of a master, the first FAIL flag about
// it, the first promotion of a replica in its place, and its shard's first full sync from then on.
import fc from 'fast-check';
import { shardOfName } from '../model/cluster/names.ts';
import type { TimelineEntry } from '../model/kernel/state.ts';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `fromStart`: times counted from T0 instead of from the failure (they should not be). */
export function failureTimesMatchTimeline(r: RunResult, fromStart = false): string | null {
  const tl = r.state.timeline;
  const failures = r.outcome.failures;
  const since = (f: TimelineEntry, pred: (e: TimelineEntry) => boolean, from = f.at) => {
    const e = tl.find((x) => x.at >= from && pred(x));
    return e ? e.at - (fromStart ? 0 : f.at) : null;
  };
  // A starting master that no promotion or demotion touched before its failure: a master when it failed.
  const masters = tl.filter((f) => (f.event === 'crash' || f.event === 'pause') && shardOfName(f.node) === f.node
    && !tl.some((e) => e.at <= f.at && e.node === f.node && (e.event === 'promoted' || e.event === 'demoted')));
  for (const f of masters) {
    const got = failures.find((x) => x.fault?.at === f.at && x.fault.node === f.node && x.fault.event === f.event);
    if (!got) return at(r, f.at, `the ${f.event} of master ${f.node} has no entry in outcome.failures`);
    const inShard = (e: TimelineEntry) => shardOfName(e.node) === f.node;
    const start = since(f, (e) => e.event === 'full-sync-start' && inShard(e));
    const want = {
      failMs: since(f, (e) => e.event === 'fail' && e.about === f.node),
      promotedMs: since(f, (e) => e.event === 'promoted' && e.about === f.node),
      fullSyncStartMs: start,
      fullSyncEndMs: start === null ? null : since(f, (e) => e.event === 'full-sync' && inShard(e), f.at + start),
    };
    for (const k of Object.keys(want) as Array<keyof typeof want>) {
      if (got[k] !== want[k]) return at(r, f.at, `the ${f.event} of ${f.node}: ${k} ${got[k]}, the timeline gives ${want[k]}`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'each-master-failure-reports-its-times',
  claim: 'For each crash or pause of a master, the outcome reports the time from it to the first FAIL flag about the master, to the first promotion in its place and to its shard\'s first full sync start and end, as the timeline has them.',
  expectation: 'always',
  scope: 'cluster: master crashes (restarted or not) and master pauses; the report against the timeline it is read from',
  source: 'reports/ (outcome.failures: failMs, promotedMs, fullSyncStartMs, fullSyncEndMs)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.masterPause())),
  check: (r) => crashed(r) ?? failureTimesMatchTimeline(r),
};
