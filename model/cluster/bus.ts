// The cluster bus: message headers, PING/PONG with gossip, broadcasts, and outbound links
// (cluster.c clusterBuildMessageHdr, clusterSendPing, clusterBroadcastMessage, clusterSendFail…).
import { GOSSIP_FAIL, GOSSIP_IDX_SPACE, GOSSIP_MASTER, GOSSIP_PONG_BIAS, GOSSIP_PFAIL, type BusBody, type BusHeader, type BusMsg, type GossipSection } from './messages.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { PeerView } from './state.ts';
import { feed, nodePrefix, nodePrefixes, pickAfterIndex } from '../kernel/rng.ts';
import { sendBus } from '../kernel/net.ts';
import { advertisedSlots, numSlots, peerIndex, peerNames, REC_UNLINKED, recheckPeer, recPong } from './view.ts';
import { advertisedOffset } from '../kernel/nodes.ts';

const gossipPrefixes = nodePrefixes('gossip');

/**
 * Each node's last header (by Node.idx): a message's header is never changed once sent, so the
 * next message whose header would be equal shares it (most do: a big cluster sends hundreds per
 * node between two changes, and every copy was young garbage).
 */
const lastHeader: BusHeader[] = [];

/** clusterBuildMessageHdr: a replica advertises its master's slots and configEpoch. */
export function header(n: Node, forceack = false): BusHeader {
  const master = n.role === 'replica' ? n.repl.master : null;
  const m = master ? n.cluster.peers[master] : null;
  const currentEpoch = n.cluster.currentEpoch;
  const configEpoch = m ? m.configEpoch : n.cluster.configEpoch;
  const offset = advertisedOffset(n);
  const slots = advertisedSlots(n, master ?? n.name);
  const nofailover = n.config.replicaNoFailover;
  const paused = n.role === 'master' && n.cluster.mf.end !== 0;
  const h = lastHeader[n.idx];
  if (h !== undefined && h.sender === n.name && h.role === n.role && h.master === master && h.currentEpoch === currentEpoch && h.configEpoch === configEpoch
    && h.offset === offset && h.slots === slots && h.nofailover === nofailover && h.paused === paused && h.forceack === forceack) return h;
  return (lastHeader[n.idx] = { sender: n.name, role: n.role, master, currentEpoch, configEpoch, offset, slots, nofailover, paused, forceack });
}

/**
 * Send on my outbound link to `to`; without a link nothing is sent (clusterSendMessage on NULL link).
 * On a link still connecting the message would wait in its send queue: the model drops it (only a
 * PING matters there, and sendPing counts it as sent).
 */
export function sendOnLink(s: State, n: Node, to: NodeName, body: BusBody, forceack = false, p: PeerView | undefined = n.cluster.peers[to]): boolean {
  if (!p || p.link === 0 || p.linkPending) return false;
  const msg: BusMsg = { from: n.name, to, fromIdx: n.idx, toIdx: p.idx, linkOwner: n.name, linkGen: p.link, fromBoot: n.bootedAt, toBoot: p.linkPeerBoot, hdr: header(n, forceack), body };
  sendBus(s, msg, p);
  return true;
}

/**
 * Reply on the connection a message came in on (PONG to a PING, on the requester's link). On my own
 * link (the PONG to the PING a master answers MFSTART with) my record of the peer holds the link's
 * Nagle state: a message arrives on my link only while it is that record's link (busDelivered).
 */
export function reply(s: State, n: Node, to: BusMsg, body: BusBody): void {
  const msg: BusMsg = { from: n.name, to: to.from, fromIdx: n.idx, toIdx: to.fromIdx, linkOwner: to.linkOwner, linkGen: to.linkGen, fromBoot: n.bootedAt, toBoot: to.fromBoot, hdr: header(n), body };
  sendBus(s, msg, to.linkOwner === n.name ? peerIndex(n).byIdx[to.fromIdx] : null);
}

/**
 * The section being built (one at a time) and its length, copied out at that length: pushing onto
 * a fresh array regrows it several times for a big cluster's ~40 entries.
 */
const section: GossipSection = [];
let sectionLength = 0;

/** clusterSetGossipEntry: the node, its flags and pong_received in whole seconds (from n's PeerIndex copies). */
function pushEntry(rec: Int32Array, idx: number): void {
  const word = rec[idx];
  section[sectionLength++] = ((recPong(word) + GOSSIP_PONG_BIAS) * 8 + (word & GOSSIP_BITS)) * GOSSIP_IDX_SPACE + idx;
}
const GOSSIP_BITS = GOSSIP_PFAIL | GOSSIP_FAIL | GOSSIP_MASTER;

/** One entry, readable (tests). */
export interface GossipEntry { idx: number; pfail: boolean; fail: boolean; master: boolean; pongReceived: number }

/** A section from readable entries (tests). */
export function packGossip(entries: GossipEntry[]): GossipSection {
  return entries.map((e) => ((Math.floor(e.pongReceived / 1000) + GOSSIP_PONG_BIAS) * 8 + ((e.pfail ? GOSSIP_PFAIL : 0) | (e.fail ? GOSSIP_FAIL : 0) | (e.master ? GOSSIP_MASTER : 0))) * GOSSIP_IDX_SPACE + e.idx);
}

/**
 * clusterSendPing's gossip: max(3, N/10) random known nodes (N counts myself), then the nodes I
 * flag PFAIL, as many as clusterCron last counted (pfail_wanted = stats_pfail_nodes: a node flagged
 * since then waits for the next tick).
 */
export function gossip(s: State, n: Node): GossipSection {
  const index = peerIndex(n);
  const { names, views, idxs, order, myPlace, rec } = index;
  const dictSize = names.length + 1;
  let freshnodes = dictSize - 2;
  let wanted = Math.floor(dictSize / 10);
  if (wanted < 3) wanted = 3;
  if (wanted > freshnodes) wanted = freshnodes;
  sectionLength = 0;
  let count = 0;
  const stamp = nextGossipStamp(names.length + 1);
  let maxiter = wanted * 3;
  // Every draw hashes (seed, 'gossip', me, now, i): the common prefix is hashed once per message.
  const draw = feed(nodePrefix(gossipPrefixes, s.seed, n.name, n.idx), s.now);
  let i = 0;
  while (freshnodes > 0 && count < wanted && maxiter--) {
    // dictGetRandomKey draws from the whole node table, myself included (the last place here).
    const k = pickAfterIndex(dictSize, draw, i++);
    if (k === names.length) continue;
    const idx = order[k < myPlace ? k : k + 1];
    const bits = rec[idx];
    if ((bits & GOSSIP_PFAIL) !== 0) continue;
    // "Technically not correct, but saves CPU": a skipped disconnected node without slots uses one up.
    if ((bits & REC_UNLINKED) !== 0 && views[k].link === 0 && numSlots(n, names[k]) === 0) { freshnodes--; continue; }
    if (lastInGossip[idx] === stamp) continue;
    lastInGossip[idx] = stamp;
    pushEntry(rec, idx);
    count++;
    freshnodes--;
  }
  let pfailWanted = n.cluster.statsPfailNodes;
  for (let k = 0; k < names.length && pfailWanted > 0; k++) {
    if ((rec[idxs[k]] & GOSSIP_PFAIL) === 0) continue;
    pushEntry(rec, idxs[k]);
    pfailWanted--;
  }
  return section.slice(0, sectionLength);
}

/**
 * clusterNode->last_in_ping_gossip, by node idx: the number of the last gossip section each node
 * went into, so "already in this one" is one load (a section holds up to N/10 entries).
 */
let lastInGossip = new Int32Array(0);
let gossipStamp = 0;

/** cluster_pings_sent: a new section's number; `nodes` is the size of the node table. */
function nextGossipStamp(nodes: number): number {
  if (lastInGossip.length < nodes) lastInGossip = new Int32Array(nodes);
  if (gossipStamp === 0x3fffffff) { lastInGossip.fill(0); gossipStamp = 0; }
  return ++gossipStamp;
}

/** clusterSendPing(link, PING) on my outbound link; ping_sent is set for a PING only. `p`: my record of `to`. */
export function sendPing(s: State, n: Node, to: NodeName, p: PeerView = n.cluster.peers[to]): void {
  // clusterSendPing on a link still connecting: queued, and ping_sent is set all the same.
  if (p.linkPending) { p.pingSent = s.now; recheckPeer(n, p); return; }
  if (sendOnLink(s, n, to, { type: 'ping', gossip: gossip(s, n) }, false, p)) { p.pingSent = s.now; recheckPeer(n, p); }
}

/** clusterBroadcastPong: to every node (ALL) or only to the other replicas of my master (LOCAL_SLAVES). */
export function broadcastPong(s: State, n: Node, target: 'all' | 'local-replicas'): void {
  for (const [x, p] of Object.entries(n.cluster.peers)) {
    if (target === 'local-replicas' && !(p.role === 'replica' && p.master !== null && p.master === n.repl.master)) continue;
    sendOnLink(s, n, x, { type: 'pong', gossip: gossip(s, n) });
  }
}

/** clusterBroadcastMessage: the same body to every node I have a link to. */
export function broadcast(s: State, n: Node, body: BusBody, forceack = false): void {
  for (const x of peerNames(n)) sendOnLink(s, n, x, body, forceack);
}
