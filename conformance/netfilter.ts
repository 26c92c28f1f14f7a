// iptables chains of the harness: a partition is a chain of DROP rules jumped to from INPUT (every
// loopback packet passes INPUT), one chain per cluster, named after the run that owns it.
import { execFileSync } from 'node:child_process';

/** Chains are named `RCONF-<runId>-<slot>`; `RCONF<digits>` is the name older harness versions used. */
export const CHAIN_PREFIX = 'RCONF-';
export const LEGACY_CHAIN = /^RCONF\d+$/;

function ipt(args: string[]): boolean {
  try { execFileSync('iptables', ['-w', ...args], { stdio: 'ignore' }); return true; } catch { return false; }
}

function iptOut(args: string[]): string | null {
  try { return execFileSync('iptables', ['-w', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }); } catch { return null; }
}

/** Whether iptables partitions work here (iptables present, root, netfilter usable). */
export function partitionsSupported(): { ok: boolean; reason: string } {
  try { execFileSync('iptables', ['-w', '-L', 'OUTPUT', '-n'], { stdio: 'ignore' }); } catch (e) {
    return { ok: false, reason: `iptables unusable: ${(e as Error).message.split('\n')[0]}` };
  }
  try { execFileSync('iptables-restore', ['--version'], { stdio: 'ignore' }); } catch (e) {
    return { ok: false, reason: `iptables-restore unusable: ${(e as Error).message.split('\n')[0]}` };
  }
  return { ok: true, reason: '' };
}

/** Every user-defined chain of the filter table (empty when iptables is unusable). */
export function listChains(): string[] {
  const s = iptOut(['-S']);
  if (!s) return [];
  return s.split('\n').filter((l) => l.startsWith('-N ')).map((l) => l.slice(3).trim());
}

/** The rules (as `iptables -S` prints them) that jump to `chain` from any other chain. */
function jumpsTo(chain: string): string[][] {
  const s = iptOut(['-S']) ?? '';
  return s.split('\n').filter((l) => l.startsWith('-A ') && l.split(' ').some((w, i, a) => w === '-j' && a[i + 1] === chain))
    .map((l) => l.split(' ').slice(1));
}

/** Removes `chain`, its rules and every jump to it; true if it existed. */
export function deleteChain(chain: string): boolean {
  if (!ipt(['-S', chain])) return false;
  for (const rule of jumpsTo(chain)) ipt(['-D', ...rule]);
  ipt(['-F', chain]);
  ipt(['-X', chain]);
  return true;
}

/**
 * Makes `chain` hold exactly one DROP rule per [src, dst] pair, jumped to first thing in INPUT, in one
 * iptables-restore commit: a trace's partition happens at one instant, so no link may be cut tens of
 * milliseconds before another (rule by rule, a replica cut later receives more of the stream than one
 * cut earlier, and Sentinel then prefers it by offset). With --noflush, declaring the chain empties it.
 */
export function setDrops(chain: string, pairs: Array<[string, string]>): void {
  const lines = ['*filter', `:${chain} - [0:0]`, ...pairs.map(([s, d]) => `-A ${chain} -s ${s} -d ${d} -j DROP`)];
  if (!jumpsTo(chain).length) lines.push(`-I INPUT 1 -j ${chain}`);
  lines.push('COMMIT', '');
  execFileSync('iptables-restore', ['-w', '--noflush'], { input: lines.join('\n'), stdio: ['pipe', 'ignore', 'pipe'] });
}
