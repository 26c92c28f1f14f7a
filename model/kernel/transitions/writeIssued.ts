// A client issues one write (SET, with PX when it carries a TTL): a fresh key (or the given one), routed by the client's slot map or pinned to a node.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { keySlot } from '../../cluster/slots.ts';
import { schedule } from '../agenda.ts';
import { route, sendRequest } from '../clients.ts';
import { sentinelRoute } from '../../sentinel/client.ts';

export function writeIssued(s: State, a: ActionOf<'WriteIssued'>): void {
  const id = `w${s.client.nextWrite++}`;
  const key = a.key ?? `key:${id}`;
  const slot = keySlot(key);
  s.writes.push({
    id, key, slot, sentAt: s.now, appliedBy: null, appliedAt: -1, result: 'pending', error: null, repliedAt: -1,
    wait: a.wait ? { ...a.wait, acked: null } : null,
    ...(a.px !== undefined ? { px: a.px } : {}),
  });
  const w = s.writes[s.writes.length - 1];
  // A Sentinel-aware writer may have to ask a Sentinel first: the write then leaves with the answer.
  const to = a.node ?? (s.client.sentinel !== undefined ? sentinelRoute(s, w) : route(s, slot));
  if (to !== null) sendRequest(s, w, to, 0);
  schedule(s, s.now + s.config.clientTimeout, { type: 'ClientTimedOut', wid: id });
}
