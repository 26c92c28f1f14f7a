// Key expiry (expire.c, db.c): only a master deletes expired keys, in its active expire cycle or when
// a write touches one, and propagates each deletion as a DEL into the stream and the AOF; a replica
// keeps a key until its master's DEL arrives; a master loading dump.rdb skips the keys already expired.
// Opt-in: nothing here runs unless some write carried a TTL (`px`), so traces without one are unchanged.
import type { Node, State } from './state.ts';
import { feedStream } from '../replication/replication.ts';
import { mutations } from './mutations.ts';
import { record } from './timeline.ts';

/** iAmMaster (server.c): a standalone node without masterhost, or a cluster node that is a master. */
export function iAmMaster(n: Node): boolean {
  return n.clusterEnabled ? n.role === 'master' : n.repl.master === null;
}

/**
 * The keys of the node's dataset that keyIsExpired holds expired now (now > when), in the order the
 * model deletes them: earliest expire time first, then by name (Redis walks its hash table instead).
 */
export function expiredKeys(s: State, n: Node): string[] {
  const out: Array<[string, number]> = [];
  for (const [k, when] of s.store.expiresAt(n.data)) if (s.now > when) out.push([k, when]);
  return out.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k]) => k);
}

/** propagateDeletion (db.c): the DEL of an expired key goes into the replication stream and the AOF. */
function deleteExpiredKeyAndPropagate(s: State, n: Node, key: string): void {
  feedStream(s, n, key, null);
}

/**
 * databasesCron → activeExpireCycle(SLOW), every serverCron tick of a master, not while clients are
 * paused. Simplification (docs/decisions.md): the cycle finds every expired key at once; Redis
 * samples 20 keys per loop and repeats while more than 10% of a sample was expired.
 */
export function activeExpireCycle(s: State, n: Node): void {
  if (!s.store.hasExpires || !(iAmMaster(n) || mutations.replicaExpiresKeys) || n.clientsPausedUntil !== 0) return;
  const keys = expiredKeys(s, n);
  for (const k of keys) deleteExpiredKeyAndPropagate(s, n, k);
  if (keys.length) record(s, n.name, 'expired', { keys: keys.length, detail: keys.slice(0, 3).join(' ') + (keys.length > 3 ? ' …' : '') });
}

/** expireIfNeeded via lookupKeyWrite (setGenericCommand): a write to an expired key on a master first deletes it. */
export function expireIfNeeded(s: State, n: Node, key: string): void {
  if (!s.store.hasExpires || !iAmMaster(n) || n.clientsPausedUntil !== 0) return;
  const when = s.store.expiresAt(n.data).get(key);
  if (when !== undefined && s.now > when) deleteExpiredKeyAndPropagate(s, n, key);
}

/**
 * rdbLoad on a master (loadDataFromDisk with RDBFLAGS_FEED_REPL): keys whose expire time has passed
 * are not loaded, and their DELs go to the backlog created before the load (so a replica's PSYNC at
 * the file's offset gets them); without repl info in the file that backlog is freed again, the
 * offset it reached kept. A replica loading a file, and an AOF replay, keep every key.
 */
export function rdbLoadSkipExpired(s: State, n: Node, rsiValid: boolean): void {
  if (!s.store.hasExpires || !iAmMaster(n)) return;
  const keys = expiredKeys(s, n);
  if (!keys.length) return;
  if (!rsiValid) n.ms.backlogStart = n.masterReplOffset + 1; // createReplicationBacklog
  for (const k of keys) deleteExpiredKeyAndPropagate(s, n, k);
  if (!rsiValid) n.ms.backlogStart = null; // freeReplicationBacklog
  record(s, n.name, 'expired-at-load', { keys: keys.length });
}

/**
 * The keys SCAN 0 MATCH * COUNT <all> returns (scanGenericCommand step 3): every key of the dataset
 * except those keyIsExpired holds expired ("Filter element if it is an expired key"; a master also
 * deletes them through expireIfNeeded, a replica only hides them). In insertion order: Redis's is its
 * hash table's, which no script can rely on either.
 */
export function scanKeys(s: State, n: Node): string[] {
  const expires = s.store.hasExpires ? s.store.expiresAt(n.data) : null;
  const out: string[] = [];
  for (const k of s.store.materialize(n.data).keys()) {
    const when = expires?.get(k);
    if (when === undefined || !(s.now > when)) out.push(k);
  }
  return out;
}
