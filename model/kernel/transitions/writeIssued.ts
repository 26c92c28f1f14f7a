// A client issues one write: a fresh key (or the given one), routed by the client's slot map or pinned to a node.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { keySlot } from '../../cluster/slots.ts';
import { schedule } from '../agenda.ts';
import { route, sendRequest } from '../clients.ts';

export function writeIssued(s: State, a: ActionOf<'WriteIssued'>): void {
  const id = `w${s.client.nextWrite++}`;
  const key = a.key ?? `key:${id}`;
  const slot = keySlot(key);
  s.writes.push({
    id, key, slot, sentAt: s.now, appliedBy: null, appliedAt: -1, result: 'pending', error: null, repliedAt: -1,
    wait: a.wait ? { ...a.wait, acked: null } : null,
  });
  sendRequest(s, s.writes[s.writes.length - 1], a.node ?? route(s, slot), 0);
  schedule(s, s.now + s.config.clientTimeout, { type: 'ClientTimedOut', wid: id });
}
