// No reply within the client's timeout: the write's fate is unknown (it may or may not have been
// applied), and the client reloads its slot map, as cluster clients do after a timeout
// (redis-py reinitializes on TimeoutError; Jedis renews its slot cache on a connection exception).
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { refreshSlots, writeOf } from '../clients.ts';
import { sentinelClientTimedOut } from '../../sentinel/client.ts';

export function clientTimedOut(s: State, a: ActionOf<'ClientTimedOut'>): void {
  const w = writeOf(s, a.wid);
  if (w.result !== 'pending') return;
  w.repliedAt = s.now;
  // A Sentinel-aware writer's write still waiting for the master's address never left: it failed.
  if (s.client.sentinel !== undefined && sentinelClientTimedOut(s, w.id)) { w.result = 'refused'; w.error = 'MASTERNOTFOUND'; return; }
  w.result = 'unknown';
  if (s.client.sentinel === undefined) refreshSlots(s);
}
