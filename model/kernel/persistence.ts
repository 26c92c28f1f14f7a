// Persistence (aof.c, rdb.c, server.c): aof_buf → write() to the page cache → fsync, the everysec
// background fsync and its 2 s postponement, save points, the kernel's dirty writeback, and what a
// restarting process loads.
import type { DataRef } from './history.ts';
import type { Node, State } from './state.ts';
import { schedule } from './agenda.ts';
import { unixSec } from './nodes.ts';
import { unixtime } from './clock.ts';

function sameRef(a: DataRef, b: DataRef): boolean {
  return a.hist === b.hist && a.pos === b.pos;
}

/** Remember a page-cache state for the kernel's writeback; one sample per second is enough. */
function dirtySample<T>(list: Array<[number, T]>, now: number, v: T): void {
  const last = list[list.length - 1];
  if (last && unixSec(last[0]) === unixSec(now)) last[1] = v;
  else list.push([now, v]);
}

/** write(): the AOF now holds the dataset up to here, in the page cache. */
function aofWrite(s: State, n: Node): void {
  n.disk.aofWritten = n.data;
  n.aof.postponedSince = 0;
  if (n.config.appendfsync === 'always') {
    n.disk.aofDurable = n.data; // fdatasync before the reply (flushAppendOnlyFile)
  } else {
    dirtySample(n.disk.aofDirty, s.now, n.data);
  }
}

/** The beforeSleep after the commands of this iteration (a write, or a replica's stream). */
export function aofFeed(s: State, n: Node): void {
  if (!n.aof.on) return;
  flushAppendOnlyFile(s, n);
}

/**
 * flushAppendOnlyFile(0) (aof.c), in seconds of server.unixtime. everysec: while a background fsync
 * runs, the write() is postponed, for less than 2 whole seconds; a new second's first call starts
 * the next fsync, or skips that second if one is still running (aof_last_fsync moves either way);
 * with nothing new to write, written-but-unsynced data is still fsynced once the second changes.
 */
function flushAppendOnlyFile(s: State, n: Node): void {
  const everysec = n.config.appendfsync === 'everysec';
  const now = unixtime(s.seed, s.now);
  const inProgress = n.aof.fsyncUntil > s.now; // aofFsyncInProgress
  if (sameRef(n.disk.aofWritten, n.data)) { // sdslen(server.aof_buf) == 0
    if (everysec && !sameRef(n.disk.aofWritten, n.disk.aofDurable) && now > n.aof.lastFsyncSec && !inProgress) tryFsync(s, n, now, inProgress);
    return;
  }
  if (everysec && inProgress) {
    if (n.aof.postponedSince === 0) { n.aof.postponedSince = s.now; return; }
    if (now - unixtime(s.seed, n.aof.postponedSince) < 2) return;
    // "Asynchronous AOF fsync is taking too long (disk is busy?)": write without waiting.
  }
  aofWrite(s, n);
  if (everysec) tryFsync(s, n, now, inProgress);
}

/** flushAppendOnlyFile's try_fsync, everysec: once per second of server.unixtime (aof_background_fsync). */
function tryFsync(s: State, n: Node, now: number, inProgress: boolean): void {
  if (now <= n.aof.lastFsyncSec) return;
  if (!inProgress) {
    n.aof.fsyncTarget = n.disk.aofWritten;
    n.aof.fsyncUntil = s.now + n.aof.fsyncMs;
    schedule(s, n.aof.fsyncUntil, { type: 'FsyncCompleted', node: n.name, boot: n.bootedAt });
  }
  n.aof.lastFsyncSec = now;
}

/** After a full sync the AOF is restarted with a rewrite (restartAOFAfterSYNC); the new base is fsynced. */
export function aofRewrite(s: State, n: Node): void {
  if (!n.aof.on) return;
  n.disk.aofExists = true;
  n.disk.aofWritten = n.data;
  n.disk.aofDurable = n.data;
  n.disk.aofDirty = [];
  n.aof.postponedSince = 0;
}

/** The beforeSleep after each serverCron tick (serverCron's own call for a postponed flush is the same call). */
export function aofCron(s: State, n: Node): void {
  if (!n.aof.on) return;
  flushAppendOnlyFile(s, n);
}

/** The background fsync is done: what it covered is durable. A postponed write() waits for the next beforeSleep. */
export function fsyncDone(s: State, n: Node): void {
  if (n.aof.fsyncTarget) n.disk.aofDurable = n.aof.fsyncTarget;
  n.aof.fsyncTarget = null;
}

/** Any save point reached: `changes` writes and `seconds` since the last save (a loop: runs every tick). */
function savePointDue(s: State, n: Node): boolean {
  // server.unixtime - server.lastsave > seconds, both whole seconds of the wall clock.
  const elapsed = unixtime(s.seed, s.now) - unixtime(s.seed, n.rdbSave.lastSave);
  for (const [sec, changes] of n.config.save) if (n.rdbSave.dirty >= changes && elapsed > sec) return true;
  return false;
}

/** serverCron's save points: BGSAVE when `changes` writes happened and `seconds` passed since the last save. */
export function saveCron(s: State, n: Node): void {
  if (n.rdbSave.child || n.ms.rdbChild) return;
  if (!savePointDue(s, n)) return;
  const keys = s.store.keyCount(n.data);
  const until = s.now + 10 + Math.ceil(keys / 100);
  n.rdbSave.child = { until, data: n.data, replid: n.replid, offset: n.masterReplOffset };
  n.rdbSave.dirty = 0;
  schedule(s, until, { type: 'BgsaveCompleted', node: n.name, boot: n.bootedAt });
}

/** rdbSave: temp file, fsync, rename: the snapshot is durable at once. */
export function bgsaveDone(s: State, n: Node): void {
  const c = n.rdbSave.child;
  if (!c) return;
  n.disk.rdb = { data: c.data, replid: c.replid, offset: c.offset };
  n.disk.rdbDurable = n.disk.rdb;
  n.rdbSave.lastSave = s.now; // backgroundSaveDoneHandlerDisk: lastsave = time(NULL), when it ends
  n.rdbSave.child = null;
}

/** The kernel flushes page-cache data older than dirty_expire (vm.dirty_expire_centisecs), every 5 s. */
export function kernelWriteback(s: State, n: Node): void {
  const cutoff = s.now - n.config.dirtyExpire;
  while (n.disk.aofDirty.length && n.disk.aofDirty[0][0] <= cutoff) n.disk.aofDurable = n.disk.aofDirty.shift()![1];
  while (n.disk.nodesConfDirty.length && n.disk.nodesConfDirty[0][0] <= cutoff) n.disk.nodesConfDurable = n.disk.nodesConfDirty.shift()![1];
}

/** `sync` on the machine: everything in the page cache reaches the disk. */
export function syncAll(n: Node): void {
  n.disk.aofDurable = n.disk.aofWritten;
  n.disk.aofDirty = [];
  n.disk.nodesConfDurable = n.disk.nodesConf;
  n.disk.nodesConfDirty = [];
}

/** Power loss: the page cache is gone; only what was fsynced remains. */
export function losePageCache(n: Node): void {
  n.disk.aofWritten = n.disk.aofDurable;
  n.disk.aofDirty = [];
  n.disk.nodesConf = n.disk.nodesConfDurable;
  n.disk.nodesConfDirty = [];
  n.disk.rdb = n.disk.rdbDurable;
}
