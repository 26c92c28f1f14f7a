// A bus link's non-blocking connect ends (cluster.c clusterLinkConnectHandler): PING at once, or free the link.
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { sendPing } from '../bus.ts';
import { linkFreed, recheckPeer } from '../view.ts';
import { hold, reachable } from '../../kernel/net.ts';
import { refusesConnect } from '../../kernel/nodes.ts';

export function busConnected(s: State, a: ActionOf<'BusConnected'>): void {
  const n = s.nodes[a.node];
  if (n.proc === 'down' || n.bootedAt !== a.boot) return;
  const p = n.cluster.peers[a.peer];
  // A link already freed or replaced by the cron, or a duplicate (a heal rescheduled the SYN).
  if (!p || p.link !== a.link || !p.linkPending) return;
  // The handler runs when the process does: SIGCONT handles it with the other ready sockets.
  if (n.proc === 'paused') { hold(s, n.name, a); return; }
  // The SYN (or its answer) was dropped: the kernel retries it (networkHealed reschedules this).
  if (!reachable(s, n.name, a.peer)) return;
  const target = s.nodes[a.peer];
  if (refusesConnect(s, target)) {
    // ECONNREFUSED (down, or restarted and not listening yet: boot.ts): "Connection with Node …
    // failed", freeClusterLink. ping_sent stays as it was.
    p.link = 0;
    p.linkPending = false;
    linkFreed(n, p);
    return;
  }
  p.linkPending = false;
  p.linkPeerBoot = target.bootedAt;
  // "Queue a PING in the new connection ASAP", keeping an older pending ping_sent (old_ping_sent).
  const old = p.pingSent;
  sendPing(s, n, a.peer, p);
  if (old) { p.pingSent = old; recheckPeer(n, p); }
}
