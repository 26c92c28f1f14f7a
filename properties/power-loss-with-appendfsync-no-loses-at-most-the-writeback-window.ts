// With appendfsync no, Redis only write()s the AOF; the kernel's flusher, every 5 s
// (dirty_writeback_centisecs), writes back the pages dirty for longer than dirty_expire (30 s). So a
// power loss drops at most the writes acknowledged within dirty_expire + 5 s before it: not "up to
// 30 seconds" exactly, and never the whole file.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { lossWindowWithin } from './power-loss-everysec-loses-at-most-two-seconds.ts';
import { crashed, type Property } from './property.ts';

/** dirty_expire (the model's default, 30 s) plus the flusher's period. */
export const WRITEBACK_BOUND_MS = 30_000 + 5_000;

export const property: Property = {
  name: 'power-loss-with-appendfsync-no-loses-at-most-the-writeback-window',
  claim: 'With appendfsync no, a power loss before failover loses only writes acknowledged within 35 s before it (dirty_expire 30 s plus the kernel flusher\'s 5 s period).',
  expectation: 'always',
  scope: 'appendonly yes, appendfsync no, dirty_expire 30 s; a master loses power after 36–60 s of writes and restarts before the node timeout',
  source: 'aof.c flushAppendOnlyFile (AOF_FSYNC_NO: write() only); Linux vm.dirty_expire_centisecs, vm.dirty_writeback_centisecs',
  // The power goes after more than the bound of writes, so some acknowledged writes must have reached the disk.
  arbitrary: traces(families.restartSoon({ power: true, space: { persistence: ['aof-no'] } }).chain((p) => fc.integer({ min: 36_000, max: 60_000 }).map((warmup) => ({ ...p, warmup })))),
  check: (r) => crashed(r) ?? lossWindowWithin(r, WRITEBACK_BOUND_MS),
  needs: ['power-loss'],
};
