// clusterProcessPacket: what a node does with a cluster bus message, in Redis's order.
import { GOSSIP_FAIL, GOSSIP_IDX_SPACE, GOSSIP_PFAIL, GOSSIP_PONG_BIAS, type BusMsg, type GossipSection } from './messages.ts';
import type { Node, State } from '../kernel/state.ts';
import type { PeerView } from './state.ts';
import { reply } from './bus.ts';
import { addFailureReport, clearFailureIfNeeded, countFailureReports, delFailureReport, markFailingIfNeeded, updateState } from './clusterState.ts';
import { applyRoleFromHeader, handleConfigEpochCollision, processSlotClaims, processUpdate, resetManualFailover } from './clusterConfig.ts';
import { countVote, manualFailoverBeforeSleep, sendFailoverAuthIfNeeded } from './election.ts';
import { saveConfig } from './nodesconf.ts';
import { peerChanged, peerIndex, REC_KNOWN, REC_PING_PENDING, REC_REPORTS, recheckPeer, recPong, setGossipPong, setPongReceived } from './view.ts';
import { nodeAt } from '../kernel/nodes.ts';
import { record } from '../kernel/timeline.ts';
import { CLUSTER_MF_PAUSE_MULT, CLUSTER_MF_TIMEOUT } from '../kernel/config.ts';
import { gossip } from './bus.ts';

/** `p`: the sender's record in n's view (n.cluster.peers[msg.hdr.sender]), when the caller has it. */
export function processPacket(s: State, n: Node, msg: BusMsg, p: PeerView | undefined = n.cluster.peers[msg.hdr.sender]): void {
  const { hdr, body } = msg;
  const x = hdr.sender;
  if (!p) return;
  // Header: epochs and the sender's offset.
  if (hdr.currentEpoch > n.cluster.currentEpoch) n.cluster.currentEpoch = hdr.currentEpoch;
  if (hdr.configEpoch > p.configEpoch) { p.configEpoch = hdr.configEpoch; saveConfig(s, n, true); }
  p.replOffset = hdr.offset;
  p.paused = hdr.paused;
  if (n.cluster.mf.end !== 0 && n.role === 'replica' && n.repl.master === x && hdr.paused && n.cluster.mf.masterOffset === -1) {
    n.cluster.mf.masterOffset = hdr.offset;
    manualFailoverBeforeSleep(s, n);
  }
  p.dataReceived = s.now;

  switch (body.type) {
    case 'ping':
    case 'pong': {
      if (body.type === 'ping') reply(s, n, msg, { type: 'pong', gossip: gossip(s, n) });
      p.nofailover = hdr.nofailover;
      if (msg.linkOwner === n.name && body.type === 'pong') {
        setPongReceived(n, p, s.now);
        p.pingSent = 0;
        recheckPeer(n, p);
        if (p.pfail) { p.pfail = false; peerChanged(n, p); record(s, n.name, 'pfail-cleared', { about: x }); updateState(s, n); }
        else if (p.fail) clearFailureIfNeeded(s, n, x);
      }
      applyRoleFromHeader(s, n, hdr, p);
      processSlotClaims(s, n, hdr, p);
      if (n.role === 'master' && p.role === 'master' && hdr.configEpoch === n.cluster.configEpoch) {
        handleConfigEpochCollision(s, n, x, hdr.configEpoch);
      }
      processGossip(s, n, msg, body.gossip, p.role === 'master');
      return;
    }
    case 'fail': {
      const f = n.cluster.peers[body.about];
      if (f && !f.fail) {
        f.fail = true;
        f.pfail = false;
        peerChanged(n, f);
        f.failTime = s.now;
        record(s, n.name, 'fail', { about: body.about, from: x });
        updateState(s, n);
        saveConfig(s, n, false);
      }
      return;
    }
    case 'update':
      processUpdate(s, n, body.about, body.configEpoch, body.slots);
      return;
    case 'auth-request':
      sendFailoverAuthIfNeeded(s, n, x, hdr);
      return;
    case 'auth-ack':
      countVote(s, n, hdr);
      return;
    case 'mfstart': {
      if (p.master !== n.name || p.role !== 'replica') return;
      resetManualFailover(s, n);
      n.cluster.mf.end = s.now + CLUSTER_MF_TIMEOUT;
      n.cluster.mf.replica = x;
      n.clientsPausedUntil = s.now + CLUSTER_MF_TIMEOUT * CLUSTER_MF_PAUSE_MULT;
      record(s, n.name, 'manual-failover-pause', { about: x });
      // clusterSendPing(link, PING) on the link the MFSTART came in on (the replica's; accepted links
      // have TCP_NODELAY): it carries the paused offset. An inbound link does not set ping_sent.
      reply(s, n, msg, { type: 'ping', gossip: gossip(s, n) });
      return;
    }
  }
}

/** clusterProcessGossipSection: failure reports count only from senders that are masters in my view. */
function processGossip(s: State, n: Node, msg: BusMsg, gossip: GossipSection, senderIsMaster: boolean): void {
  const sender = msg.fromIdx; // the header's sender
  // The index's record (PeerIndex.rec) stands for the entry's PeerView, read only to change it.
  const index = peerIndex(n);
  const { byIdx, rec } = index;
  for (let i = 0; i < gossip.length; i++) {
    const e = gossip[i];
    // Exact in doubles (GOSSIP_IDX_SPACE is a power of two), and no fmod: `%` on a double calls it.
    const hi = Math.floor(e / GOSSIP_IDX_SPACE); // pong_received seconds · 8 + flags (see GossipSection)
    const idx = e - hi * GOSSIP_IDX_SPACE;
    if (idx === n.idx) continue;
    let bits = rec[idx];
    if ((bits & REC_KNOWN) === 0) continue;
    const failing = (hi & (GOSSIP_PFAIL | GOSSIP_FAIL)) !== 0;
    if (senderIsMaster) {
      if (failing) {
        addFailureReport(s, byIdx[idx], sender);
        rec[idx] = bits |= REC_REPORTS;
        markFailingIfNeeded(s, n, nodeAt(s, idx).name);
      } else if ((bits & REC_REPORTS) !== 0) {
        delFailureReport(byIdx[idx], sender);
      }
    }
    if (failing || (bits & REC_PING_PENDING) !== 0) continue;
    if ((bits & REC_REPORTS) !== 0 && countFailureReports(s, n, byIdx[idx]) !== 0) continue;
    // pong_received = e·1000 (wall ms) when newer than mine: for whole wall seconds e, e·1000 > mine
    // ⟺ e > ⌊mine/1000⌋ on the wall clock, which the record holds (see pongBits).
    const pongSeconds = (hi >> 3) - GOSSIP_PONG_BIAS;
    const pongtime = pongSeconds * 1000 - n.cluster.clockPhase;
    if (pongtime <= s.now + 500 && pongSeconds > recPong(bits)) setGossipPong(n, index, idx, pongtime);
  }
}
