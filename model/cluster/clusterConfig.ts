// Configuration propagation: role switches seen in headers, slot rebinding by configEpoch ("last
// failover wins"), UPDATE, demotion of an old master, configEpoch collisions
// (cluster.c clusterProcessPacket, clusterUpdateSlotsConfigWith, clusterSetMaster,
// clusterSetNodeAsMaster, clusterHandleConfigEpochCollision).
import type { BusHeader } from './messages.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { PeerView } from './state.ts';
import { assign, type SlotRanges } from './slots.ts';
import { sendOnLink } from './bus.ts';
import { pauseKey, release } from '../kernel/net.ts';
import { updateState } from './clusterState.ts';
import { saveConfig } from './nodesconf.ts';
import { replicationSetMaster } from '../replication/replication.ts';
import { record } from '../kernel/timeline.ts';
import { configEpochIn, ownsExactly, peerChanged, slotsOf } from './view.ts';

/** clusterSetNodeAsMaster for a peer in my view (it announced itself as a master). `p`: my record of x. */
export function setPeerAsMaster(s: State, n: Node, x: NodeName, p: PeerView = n.cluster.peers[x]): void {
  if (p.role === 'master') return;
  p.role = 'master';
  p.master = null;
  p.masterIdx = -1;
  p.migrateTo = true;
  peerChanged(n, p);
  saveConfig(s, n, false);
  updateState(s, n);
}

/** Role switch seen in a header: master ↔ replica, or a new master for a replica. */
export function applyRoleFromHeader(s: State, n: Node, hdr: BusHeader, p: PeerView = n.cluster.peers[hdr.sender]): void {
  const x = hdr.sender;
  if (hdr.master === null) { setPeerAsMaster(s, n, x, p); return; }
  if (p.role === 'master') {
    // "Master turned into a slave! Reconfigure the node": clusterDelNodeSlots(sender).
    n.cluster.slots = assign(n.cluster.slots, slotsOf(n, x), null);
    p.role = 'replica';
    peerChanged(n, p);
    saveConfig(s, n, false);
    updateState(s, n);
  }
  if (hdr.master !== p.master && (hdr.master === n.name || hdr.master in n.cluster.peers)) {
    p.master = hdr.master;
    p.masterIdx = hdr.master === n.name ? n.idx : n.cluster.peers[hdr.master].idx;
    peerChanged(n, p);
    saveConfig(s, n, false);
  }
}

/** clusterSetMaster(n): I become (or stay) a replica of `m`, and replication follows. */
export function clusterSetMaster(s: State, n: Node, m: NodeName): void {
  const wasMaster = n.role === 'master';
  if (wasMaster) {
    n.role = 'replica';
    record(s, n.name, 'demoted', { detail: `replica of ${m}` });
  }
  replicationSetMaster(s, n, m, wasMaster);
  resetManualFailover(s, n);
}

/**
 * resetManualFailover: a master that paused writes for its replica (mf_slave set) unpauses now
 * (unpauseClients): the postponed writes are reprocessed in this event loop's beforeSleep, so
 * after whatever made it reset (a demotion answers them MOVED), not at the next serverCron.
 */
export function resetManualFailover(s: State, n: Node): void {
  if (n.cluster.mf.replica !== null && n.clientsPausedUntil !== 0) {
    n.clientsPausedUntil = 0;
    release(s, pauseKey(n.name), true);
  }
  n.cluster.mf = { end: 0, replica: null, masterOffset: -1, canStart: false, mode: null };
}

/** clusterUpdateSlotsConfigWith: rebind claimed slots whose owner has a lower configEpoch. */
export function updateSlotsConfigWith(s: State, n: Node, sender: NodeName, senderConfigEpoch: number, claimed: SlotRanges): void {
  if (sender === n.name) return;
  const curmaster = n.role === 'master' ? n.name : n.repl.master;
  let newmaster: NodeName | null = null;
  let migratedOurSlots = 0;
  const rebind: SlotRanges = [];
  for (const r of n.cluster.slots) {
    for (const [a, b] of claimed) {
      const from = Math.max(a, r.from);
      const to = Math.min(b, r.to);
      if (from > to) continue;
      if (r.owner === sender) continue;
      if (r.owner === null || configEpochIn(n, r.owner) < senderConfigEpoch) {
        if (r.owner !== null && r.owner === curmaster) { newmaster = sender; migratedOurSlots += to - from + 1; }
        rebind.push([from, to]);
      }
    }
  }
  if (rebind.length === 0) return;
  rebind.sort((x, y) => x[0] - y[0]);
  n.cluster.slots = assign(n.cluster.slots, rebind, sender);
  const senderSlots = claimed.reduce((c, [a, b]) => c + b - a + 1, 0);
  const curmasterSlots = curmaster ? slotsOf(n, curmaster).length : 0;
  if (newmaster && curmasterSlots === 0 && (n.config.allowReplicaMigration || senderSlots === migratedOurSlots)) {
    // "Configuration change detected. Reconfiguring myself as a replica of <sender>"
    clusterSetMaster(s, n, sender);
  } else if (n.role === 'replica' && n.repl.master && n.cluster.peers[n.repl.master]?.master && n.cluster.peers[n.repl.master].master !== n.name) {
    clusterSetMaster(s, n, n.cluster.peers[n.repl.master].master!);
  }
  // clusterDoBeforeSleep(UPDATE_STATE|SAVE_CONFIG|FSYNC_CONFIG): clusterBeforeSleep runs both after the
  // whole packet, so the state never sees a master between losing its last slot and turning replica.
  updateState(s, n);
  saveConfig(s, n, true);
}

/** The slot-related part of PING/PONG/MEET processing: rebinding, and the reverse check with UPDATE. */
export function processSlotClaims(s: State, n: Node, hdr: BusHeader, p: PeerView = n.cluster.peers[hdr.sender]): void {
  const x = hdr.sender;
  const senderMaster = p.role === 'master' ? x : p.master;
  if (senderMaster === null) return;
  const dirty = !ownsExactly(n, senderMaster, hdr.slots);
  if (!dirty) return;
  if (p.role === 'master') updateSlotsConfigWith(s, n, x, hdr.configEpoch, hdr.slots);
  // Reverse check: the sender claims a slot I know is served by a node with a higher configEpoch.
  for (const r of n.cluster.slots) {
    if (r.owner === null || r.owner === x) continue;
    if (!hdr.slots.some(([a, b]) => a <= r.to && b >= r.from)) continue;
    if (configEpochIn(n, r.owner) > hdr.configEpoch) {
      sendOnLink(s, n, x, { type: 'update', about: r.owner, configEpoch: configEpochIn(n, r.owner), slots: slotsOf(n, r.owner) });
      break;
    }
  }
}

/** UPDATE received: adopt a higher configEpoch for `about` and rebind its slots. */
export function processUpdate(s: State, n: Node, about: NodeName, epoch: number, slots: SlotRanges): void {
  if (about === n.name) return; // "Discarding UPDATE message about myself"
  const p = n.cluster.peers[about];
  if (!p || p.configEpoch >= epoch) return;
  if (p.role === 'replica') setPeerAsMaster(s, n, about);
  p.configEpoch = epoch;
  saveConfig(s, n, true);
  updateSlotsConfigWith(s, n, about, epoch, slots);
}

/** clusterHandleConfigEpochCollision: of two masters with one configEpoch, the smaller node id moves. */
export function handleConfigEpochCollision(s: State, n: Node, sender: NodeName, senderConfigEpoch: number): void {
  if (n.role !== 'master' || n.cluster.peers[sender].role !== 'master') return;
  if (senderConfigEpoch !== n.cluster.configEpoch) return;
  if (s.nodes[sender].id <= n.id) return;
  n.cluster.currentEpoch++;
  n.cluster.configEpoch = n.cluster.currentEpoch;
  saveConfig(s, n, true);
  record(s, n.name, 'epoch-collision', { about: sender, epoch: n.cluster.configEpoch });
}

