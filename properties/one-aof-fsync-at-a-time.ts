// appendfsync everysec fsyncs the AOF in a background thread (aof_background_fsync), one job at a
// time: flushAppendOnlyFile starts a new one only when none is running (sync_in_progress). On a slow
// disk the write() is postponed up to 2 s and then done anyway, but the fsync still is not doubled.
import { families, traces } from './generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** Notes an fsync started while the node's previous one still ran (scratch.bad), and the shortest pause between two (scratch.closest, ms). */
export const watchFsyncs: Watch = (s, _a, t, scratch) => {
  if (scratch.bad) return;
  const running = (scratch.fsyncUntil ??= {}) as Record<string, { until: number; boot: number }>;
  for (const n of Object.values(s.nodes)) {
    const was = running[n.name];
    const until = n.aof.fsyncUntil;
    if (was && was.boot === n.bootedAt && until !== was.until && was.until > t && until > t) {
      scratch.bad = { at: t, msg: `${n.name} started an fsync (until ${until}) while the one started before (until ${was.until}) was still running` } as Noted;
      return;
    }
    if (was && was.boot === n.bootedAt && until !== was.until && until > t) scratch.closest = Math.min((scratch.closest as number | undefined) ?? Infinity, t - was.until);
    running[n.name] = { until, boot: n.bootedAt };
  }
};

export const property: Property = {
  name: 'one-aof-fsync-at-a-time',
  claim: 'With appendfsync everysec a node never starts an AOF fsync while its previous one is still running, even on a disk slow enough to postpone write()s.',
  expectation: 'always',
  scope: 'appendonly yes, appendfsync everysec; a master\'s disk turned slow (fsync 0.1–3 s) before it dies and restarts',
  source: 'aof.c flushAppendOnlyFile (try_fsync: if (!sync_in_progress) aof_background_fsync)',
  arbitrary: traces(families.restartSoon({ slowDisk: true, space: { persistence: ['aof-everysec'] } })),
  watch: watchFsyncs,
  check: (r) => crashed(r) ?? noted(r),
};
