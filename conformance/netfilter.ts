// iptables chains of the harness: a partition is a chain of DROP rules jumped to from OUTPUT (every
// loopback packet passes OUTPUT), one chain per cluster, named after the run that owns it.
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

/** Creates `chain` (empty) and jumps to it first thing in OUTPUT. */
export function createChain(chain: string): void {
  ipt(['-N', chain]);
  ipt(['-I', 'OUTPUT', '-j', chain]);
}

export function dropBetween(chain: string, src: string, dst: string): void {
  ipt(['-A', chain, '-s', src, '-d', dst, '-j', 'DROP']);
}
