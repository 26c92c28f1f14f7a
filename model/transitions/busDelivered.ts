// A cluster bus message arrives; a message on a link that no longer exists, or across a partition, is lost.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { hold, reachable } from '../lib/net.ts';
import { processPacket } from '../lib/packet.ts';

export function busDelivered(s: State, a: ActionOf<'BusDelivered'>): void {
  const m = a.msg;
  const to = s.nodes[m.to];
  if (to.proc === 'down' || to.bootedAt !== m.toBoot) return;
  if (!reachable(s, m.from, m.to)) return;
  const owner = s.nodes[m.linkOwner];
  const other = m.linkOwner === m.from ? m.to : m.from;
  if (owner.bootedAt !== (m.linkOwner === m.from ? m.fromBoot : m.toBoot) || owner.cluster.peers[other]?.link !== m.linkGen) return;
  if (to.proc === 'paused') { hold(s, to.name, a); return; }
  processPacket(s, to, m);
}
