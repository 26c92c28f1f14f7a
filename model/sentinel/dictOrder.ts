// The order a Sentinel walks a dict of instances in (dictGetIterator → dictNext): bucket by bucket,
// each bucket's chain newest entry first (dictAddRaw links a new entry at the head). A key's bucket is
// its hash under the process's random seed (dictSetHashFunctionSeed at start), so the order differs
// per process and boot, but not uniformly: with 4 replicas in a 4-bucket table, keys share buckets
// and the oldest record (the master's slave0) tends to come last.
import type { State } from '../kernel/state.ts';
import { hash, uint32Mod } from '../kernel/rng.ts';
import type { SentinelProc } from './state.ts';

/** DICT_HT_INITIAL_SIZE. */
const DICT_HT_INITIAL_SIZE = 4;

/** The table's size once `n` keys were added: 4, doubled to the next power of two when an add finds it full (_dictExpandIfNeeded). */
export function dictTableSize(n: number): number {
  let size = DICT_HT_INITIAL_SIZE;
  while (size < n) size *= 2;
  return size;
}

/** `records` in the dict's iteration order; their own order must be the order they were added in. */
export function dictOrder<T extends { addr: string }>(s: State, sen: SentinelProc, records: Record<string, T>): T[] {
  const entries = Object.values(records);
  const size = dictTableSize(entries.length);
  const bucket = entries.map((r) => uint32Mod(hash(s.seed, 'dict-order', sen.name, sen.bootedAt, r.addr), size));
  return entries.map((_, i) => i).sort((a, b) => bucket[a] - bucket[b] || b - a).map((i) => entries[i]);
}
