// The order a Sentinel walks a dict of instances in (dictGetIterator): by each key's hash under the
// process's random hash seed (dictSetHashFunctionSeed at start), so it differs per process and boot.
import type { State } from '../kernel/state.ts';
import { hash } from '../kernel/rng.ts';
import type { SentinelProc } from './state.ts';

export function dictOrder<T extends { addr: string }>(s: State, sen: SentinelProc, records: Record<string, T>): T[] {
  const key = (r: T) => hash(s.seed, 'dict-order', sen.name, sen.bootedAt, r.addr);
  return Object.values(records).sort((a, b) => key(a) - key(b) || (a.addr < b.addr ? -1 : 1));
}
