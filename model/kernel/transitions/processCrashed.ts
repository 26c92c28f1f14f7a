// A process dies (kill -9), or the machine loses power, which also drops the page cache.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { losePageCache } from '../persistence.ts';
import { sendRepl, setIncarnation } from '../net.ts';
import { record } from '../timeline.ts';
import { sentinelCrashed } from '../../sentinel/transitions/sentinelCrashed.ts';
import { closeAcceptedConnections } from '../../sentinel/link.ts';
import { sentinelClientDisconnected } from '../../sentinel/client.ts';

export function processCrashed(s: State, a: ActionOf<'ProcessCrashed'>): void {
  const sen = s.sentinels[a.node];
  if (sen !== undefined) { sentinelCrashed(s, sen, a.power); return; }
  const n = s.nodes[a.node];
  if (n.proc === 'down') return;
  // The kernel closes the process's sockets: peers see the replication links closed. Across a
  // partition the FIN is lost and the orphaned socket retransmits it, so the peer sees it after the heal.
  const close = (to: string, conn: number) => {
    sendRepl(s, { from: n.name, to, conn, fromBoot: n.bootedAt, body: { type: 'closed' } });
  };
  if (n.repl.master && n.repl.conn) close(n.repl.master, n.repl.conn);
  for (const [r, c] of Object.entries(n.ms.replicas)) close(r, c.conn);
  // Sentinels' connections (and a Sentinel-aware client's) get the FIN too.
  closeAcceptedConnections(s, n.name);
  sentinelClientDisconnected(s, n.name);
  n.proc = 'down';
  setIncarnation(s, n.idx, -1);
  delete s.held[n.name];
  delete s.held[`pause:${n.name}`];
  if (a.power) losePageCache(n);
  record(s, n.name, 'crash', { detail: a.power ? 'power loss' : 'kill -9' });
}
