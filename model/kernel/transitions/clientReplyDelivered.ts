// The client gets a reply: OK acks the write; MOVED refreshes its slot map and retries; other errors refuse it.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { refreshSlots, sendRequest, writeOf } from '../clients.ts';
import { sentinelClientReply } from '../../sentinel/client.ts';

const MAX_REDIRECTS = 5;

export function clientReplyDelivered(s: State, a: ActionOf<'ClientReplyDelivered'>): void {
  const w = writeOf(s, a.wid);
  if (w.result !== 'pending') return; // the client already gave up on it
  if (s.client.sentinel !== undefined) sentinelClientReply(s, a.node, a.reply);
  if (a.reply.startsWith('MOVED') && a.redirects < MAX_REDIRECTS) {
    const to = a.reply.split(' ')[2];
    refreshSlots(s, a.node);
    sendRequest(s, w, to, a.redirects + 1);
    return;
  }
  if (a.reply === 'CONNREFUSED') refreshSlots(s);
  w.repliedAt = s.now;
  if (a.reply === 'OK') { w.result = 'acked'; return; }
  w.result = 'refused';
  w.error = a.reply.split(' ')[0];
}
