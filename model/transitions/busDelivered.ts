// A cluster bus message arrives; a message on a link that no longer exists is lost, one across a partition waits for TCP's retransmission.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { hold, PARTITION, reachable } from '../lib/net.ts';
import { processPacket } from '../lib/packet.ts';
import { nodeAt, peerIndex } from '../lib/view.ts';

export function busDelivered(s: State, a: ActionOf<'BusDelivered'>): void {
  const m = a.msg;
  const to = nodeAt(s, m.toIdx);
  if (to.proc === 'down' || to.bootedAt !== m.toBoot) return;
  const ownedBySender = m.linkOwner === m.from;
  const owner = ownedBySender ? nodeAt(s, m.fromIdx) : to;
  const link = peerIndex(owner).byIdx[ownedBySender ? m.toIdx : m.fromIdx];
  if (owner.bootedAt !== (ownedBySender ? m.fromBoot : m.toBoot) || link?.link !== m.linkGen) return;
  // A partition drops the segment; TCP retransmits it after the heal if the link still exists then.
  if (!reachable(s, m.from, m.to)) { hold(s, PARTITION, a); return; }
  if (to.proc === 'paused') { hold(s, to.name, a); return; }
  // On the receiver's own link, the link's record is the sender's record in the receiver's view.
  processPacket(s, to, m, ownedBySender ? peerIndex(to).byIdx[m.fromIdx] : link);
}
