// Process identity from /proc (Linux): a PID plus its start time names one process for good, so a
// recorded PID that the kernel later gave to another program is never signalled.
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { sep } from 'node:path';

export interface ProcStat { pid: number; comm: string; pgid: number; start: string }

/** /proc/<pid>/stat: comm (field 2), pgrp (field 5) and starttime (field 22, clock ticks since boot). */
export function procStat(pid: number): ProcStat | null {
  let s: string;
  try { s = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return null; }
  // comm may hold spaces and parentheses: the fields after it start after the last ')'.
  const close = s.lastIndexOf(')');
  const rest = s.slice(close + 2).split(' ');
  // rest[0] is field 3 (state): field n is rest[n - 3].
  if (rest[0] === 'Z' || rest[0] === 'X') return null;
  return { pid, comm: s.slice(s.indexOf('(') + 1, close), pgid: Number(rest[2]), start: rest[19] };
}

/** The start time that identifies a running process, or null if there is none. */
export function startOf(pid: number): string | null {
  return procStat(pid)?.start ?? null;
}

/** Whether `pid` is still the very process that was recorded with start time `start`. */
export function sameProcess(pid: number, start: string): boolean {
  return Number.isInteger(pid) && pid > 1 && start !== '' && startOf(pid) === start;
}

/**
 * SIGKILL a process we started, and its process group when it leads one (spawned detached, so a
 * redis-server's forked children — BGSAVE, AOF rewrite, diskless sync — share its group).
 */
export function killTree(pid: number): void {
  const st = procStat(pid);
  if (st && st.pgid === pid) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
  try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/**
 * Every redis process (comm `redis-…`) whose working directory lies in `dir`: redis-server chdirs to
 * its data dir, so inside one of our private temp dirs it can only be one we started (also a forked
 * child, or one spawned just before a SIGKILL stopped us from recording it).
 */
export function redisProcsIn(dir: string): number[] {
  const out: number[] = [];
  try { dir = realpathSync(dir); } catch { return out; } // /proc/<pid>/cwd is a resolved path; no dir, no process in it
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (pid === process.pid) continue;
    let cwd: string;
    try { cwd = readlinkSync(`/proc/${pid}/cwd`); } catch { continue; }
    if (!inside(cwd, dir)) continue;
    const st = procStat(pid);
    if (st?.comm.startsWith('redis-')) out.push(pid);
  }
  return out;
}

/** SIGKILL every redis process working inside `dir` (see redisProcsIn); returns their PIDs. */
export function sweepDir(dir: string): number[] {
  const pids = redisProcsIn(dir);
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  return pids;
}
