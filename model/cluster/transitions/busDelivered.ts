// A cluster bus message arrives: lost on a connection its receiver closed, read on one its sender closed (FIN after the data), retransmitted after a partition heals.
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { behindResent, hold, PARTITION, reachable } from '../../kernel/net.ts';
import { schedule } from '../../kernel/agenda.ts';
import { processPacket } from '../packet.ts';
import { peerIndex } from '../view.ts';
import { nodeAt } from '../../kernel/nodes.ts';

export function busDelivered(s: State, a: ActionOf<'BusDelivered'>): void {
  const m = a.msg;
  const to = nodeAt(s, m.toIdx);
  if (to.proc === 'down' || to.bootedAt !== m.toBoot) return;
  const ownedBySender = m.linkOwner === m.from;
  const owner = ownedBySender ? nodeAt(s, m.fromIdx) : to;
  if (owner.bootedAt !== (ownedBySender ? m.fromBoot : m.toBoot)) return;
  // The sender's record in my view; on my own link, also the link's.
  const p = peerIndex(to).byIdx[m.fromIdx];
  // A link its owner has freed or replaced: if the receiver closed it, the data meets a closed socket
  // (RST) and is lost; if the sender did (freeClusterLink), its kernel still sends what was queued
  // before the FIN, and the receiver reads it on its side of the connection (an inbound link).
  if (!ownedBySender && p?.link !== m.linkGen) return;
  // A partition drops the segment; TCP retransmits it after the heal (checked again then).
  if (!reachable(s, m.from, m.to)) { hold(s, PARTITION, a); return; }
  const behind = behindResent(s, m.linkGen);
  if (behind !== null) { schedule(s, behind, a); return; }
  if (to.proc === 'paused') { hold(s, to.name, a); return; }
  // An older inbound link stays open beside a newer one (getNodeFromLinkAndMsg replaces
  // node->inbound_link only when there is none), so both are read.
  processPacket(s, to, m, p);
}
