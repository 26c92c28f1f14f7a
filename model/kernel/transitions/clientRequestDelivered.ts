// A node receives a client's write: admission (CLUSTERDOWN, MOVED, NOREPLICAS), then execution and reply.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { admission, executeWrite, sendReply, writeOf } from '../clients.ts';
import { hold } from '../net.ts';
import { refusesConnect } from '../nodes.ts';

export function clientRequestDelivered(s: State, a: ActionOf<'ClientRequestDelivered'>): void {
  const n = s.nodes[a.node];
  const w = writeOf(s, a.wid);
  // Down, or restarted and not listening yet (boot.ts): the client's connect is refused.
  if (refusesConnect(s, n)) { sendReply(s, n.name, w.id, 'CONNREFUSED', a.redirects); return; }
  if (n.proc === 'paused') { hold(s, n.name, { type: 'ClientRequestDelivered', wid: a.wid, node: a.node, redirects: a.redirects }); return; }
  // Clients paused for a manual failover (pauseClients PAUSE_WRITE): the write waits until the
  // pause is lifted (serverCron after its end time, or resetManualFailover), not merely until it is due.
  if (n.clientsPausedUntil !== 0) { hold(s, `pause:${n.name}`, { type: 'ClientRequestDelivered', wid: a.wid, node: a.node, redirects: a.redirects }); return; }
  const err = admission(n, w.slot);
  if (err) { sendReply(s, n.name, w.id, err, a.redirects); return; }
  executeWrite(s, n, w);
  sendReply(s, n.name, w.id, 'OK', a.redirects);
}
