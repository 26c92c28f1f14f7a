// Replication (replication.c): the master's stream and backlog, PSYNC's partial-resync rule, full
// sync (fork, +FULLRESYNC, payload, flush then load), the replica's link and REPLCONF ACK.
import type { ReplBody } from './messages.ts';
import { hexId } from '../kernel/rng.ts';
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { ReplicaClient } from './state.ts';
import { aofFeed, aofRewrite } from '../kernel/persistence.ts';
import { newConn, reachable, sendRepl } from '../kernel/net.ts';
import { schedule } from '../kernel/agenda.ts';
import { record } from '../kernel/timeline.ts';
import { refusesConnect, unixSec } from '../kernel/nodes.ts';
import { unixtime } from '../kernel/clock.ts';
import type { NodeConfig } from '../kernel/config.ts';
import { isAscii } from '../cluster/slots.ts';
import { mutations } from '../kernel/mutations.ts';

const SELECT_BYTES = 23; // *2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n
const PING_BYTES = 14; // *1\r\n$4\r\nPING\r\n

/** The RESP size of SET key value: *3, then three bulk strings. */
export function setBytes(key: string, value: string): number {
  return 4 + bulkBytes('SET') + bulkBytes(key) + bulkBytes(value);
}

/** SET key value PXAT <ms>: how setGenericCommand propagates a SET with a TTL (rewriteClientCommandVector). */
function setPxatBytes(key: string, value: string): number {
  return 4 + bulkBytes('SET') + bulkBytes(key) + bulkBytes(value) + bulkBytes('PXAT') + UNIX_MS_BYTES;
}

/** A unix time in ms has 13 digits (2001–2286): the PXAT argument's size, whatever the model's own time origin. */
const UNIX_MS_BYTES = bulkBytes('0'.repeat(13));

/** DEL key: propagateDeletion's command (lazyfree-lazy-expire no, the default). */
function delBytes(key: string): number {
  return 4 + bulkBytes('DEL') + bulkBytes(key);
}

/** $<len>\r\n<bytes>\r\n */
function bulkBytes(x: string): number {
  const len = isAscii(x) ? x.length : Buffer.byteLength(x);
  return 1 + String(len).length + 2 + len + 2;
}

function send(s: State, from: Node, to: NodeName, conn: number, body: ReplBody): void {
  sendRepl(s, { from: from.name, to, conn, fromBoot: from.bootedAt, body });
}

/** changeReplicationId: a new random id, derived from (seed, node, time, purpose). */
export function changeReplicationId(s: State, n: Node, why: string): void {
  n.replid = hexId(s.seed, n.name, s.now, why, n.replid);
}

export function clearReplicationId2(n: Node): void {
  n.replid2 = '0'.repeat(40);
  n.secondReplidOffset = -1;
}

/** shiftReplicationId: the old history stays valid for PSYNC up to the current offset. */
export function shiftReplicationId(s: State, n: Node): void {
  n.replid2 = n.replid;
  n.secondReplidOffset = n.masterReplOffset + 1;
  changeReplicationId(s, n, 'shift');
}

/** The history this node may append to as a master: fork a new one unless it owns the tip. */
function ownTip(s: State, n: Node): void {
  if (n.ownHist !== n.data.hist || s.store.tip(n.data.hist) !== n.data.pos) {
    n.data = s.store.fork(n.data);
    n.ownHist = n.data.hist;
  }
}

/**
 * replicationFeedSlaves: append to the stream (and backlog) only when a backlog or a replica exists.
 * A keyless command is the replication PING (14 bytes) unless `bytes` gives its size (a hello PUBLISH).
 */
export function feedStream(s: State, n: Node, key: string | null, wid: string | null, bytes0 = PING_BYTES, pxat?: number): void {
  ownTip(s, n);
  const streaming = n.ms.backlogStart !== null || hasReplicas(n);
  let bytes = 0;
  if (streaming) {
    if (n.ms.selectPending && key !== null) { bytes += SELECT_BYTES; n.ms.selectPending = false; }
    bytes += key === null ? bytes0 : wid === null ? delBytes(key) : pxat === undefined ? setBytes(key, wid) : setPxatBytes(key, wid);
  }
  n.masterReplOffset += bytes;
  n.data = s.store.append(n.data, pxat === undefined ? { key, wid, off: n.masterReplOffset } : { key, wid, off: n.masterReplOffset, pxat });
  if (n.ms.backlogStart !== null) {
    n.ms.backlogStart = Math.max(n.ms.backlogStart, n.masterReplOffset - n.config.replBacklogSize + 1);
  }
  if (key !== null && wid !== null) n.rdbSave.dirty++; // an expiry's DEL is not counted in server.dirty
  aofFeed(s, n);
  pushToReplicas(s, n);
}

/** Any replica client attached (Object.keys(…).length > 0 without the array). */
function hasReplicas(n: Node): boolean {
  for (const _ in n.ms.replicas) return true;
  return false;
}

/** Send what each ONLINE replica has not been sent yet (the output buffers of handleClientsWithPendingWrites). */
export function pushToReplicas(s: State, n: Node): void {
  const replicas = n.ms.replicas;
  for (const r in replicas) { // for…in: the order of Object.entries, without the pairs (hot: every write)
    const c = replicas[r];
    if (c.state !== 'online' || c.startOnAck === true || (c.sentPos === n.data.pos && c.sentOff === n.masterReplOffset)) continue;
    c.sentPos = n.data.pos;
    c.sentOff = n.masterReplOffset;
    send(s, n, r, c.conn, { type: 'stream', hist: n.data.hist, pos: n.data.pos, off: n.masterReplOffset });
  }
}

/** replicationSetMaster: point replication at `m`; a former master caches itself for PSYNC. */
export function replicationSetMaster(s: State, n: Node, m: NodeName, wasMaster: boolean): void {
  if (n.repl.conn !== 0 && n.repl.master !== null) dropMasterLink(s, n, true);
  n.repl.master = m;
  if (wasMaster) n.repl.cached = { replid: n.replid, reploff: n.masterReplOffset };
  n.repl.state = 'connect';
  n.repl.fullsync = null;
  connectWithMaster(s, n);
}

/** replicationUnsetMaster (promotion): shift the replid, drop my sub-replicas, repl_down_since = 0. */
export function replicationUnsetMaster(s: State, n: Node): void {
  if (n.repl.conn !== 0 && n.repl.master) send(s, n, n.repl.master, n.repl.conn, { type: 'closed' });
  // Fields set in place, not a spread copy: one shape for every node's replica side (monomorphic readers).
  n.repl.state = 'none';
  n.repl.master = null;
  n.repl.conn = 0;
  n.repl.cached = null;
  n.repl.fullsync = null;
  n.repl.downSince = 0;
  shiftReplicationId(s, n);
  disconnectReplicas(s, n);
  n.ms.selectPending = true;
  n.ms.noReplicasSince = s.now;
  // The backlog is kept as it is: a replica without one gets it at its master's first full sync (syncCommand).
}

export function disconnectReplicas(s: State, n: Node): void {
  if (!hasReplicas(n)) return;
  for (const [r, c] of Object.entries(n.ms.replicas)) send(s, n, r, c.conn, { type: 'closed' });
  n.ms.replicas = {};
  n.ms.noReplicasSince = s.now; // freeClient of the last one: repl_no_slaves_since
}

/** The link to the master is gone: cache it for PSYNC (replicationCacheMaster) and note repl_down_since. */
export function dropMasterLink(s: State, n: Node, tellMaster: boolean): void {
  if (tellMaster && n.repl.master && n.repl.conn) send(s, n, n.repl.master, n.repl.conn, { type: 'closed' });
  if (n.repl.state === 'connected') {
    n.repl.cached = { replid: n.replid, reploff: n.repl.reploff };
    n.repl.downSince = unixSec(s.now) * 1000;
  }
  n.repl.state = 'connect';
  n.repl.conn = 0;
  n.repl.fullsync = null;
}

/** connectWithMaster + the handshake: PSYNC <cached replid> <offset+1>, or PSYNC ? -1. */
export function connectWithMaster(s: State, n: Node): void {
  const m = n.repl.master;
  if (!m) return;
  const target = s.nodes[m];
  // A reachable host whose process is down, or restarted and not yet listening, refuses the
  // connection at once ("Connection refused"); replicationCron connects again a second later.
  const up = reachable(s, n.name, m);
  if (refusesConnect(s, target) && up) return;
  n.repl.state = 'handshake';
  n.repl.handshakeSince = s.now;
  n.repl.conn = newConn(s);
  const c = n.repl.cached;
  const replid = c ? c.replid : null;
  const offset = c ? c.reploff + 1 : -1;
  // An unreachable host: the SYN is lost and the kernel retransmits it (replLink.ts synArrives).
  send(s, n, m, n.repl.conn, up ? { type: 'psync', replid, offset } : { type: 'syn', sentAt: s.now, retries: 0, replid, offset });
}

/** masterTryPartialResynchronization: same history (replid, or replid2 up to second_replid_offset) and in the backlog. */
export function canContinue(n: Node, replid: string | null, psyncOffset: number): boolean {
  if (replid === null) return false;
  if (replid !== n.replid && (replid !== n.replid2 || psyncOffset > n.secondReplidOffset)) return false;
  const start = n.ms.backlogStart;
  return start !== null && psyncOffset >= start && psyncOffset <= n.masterReplOffset + 1;
}

/** syncCommand on the master: +CONTINUE with the backlog, or a full sync. */
export function onPsync(s: State, n: Node, r: NodeName, conn: number, replid: string | null, offset: number): void {
  if (n.role === 'replica' && n.repl.state !== 'connected') {
    send(s, n, r, conn, { type: 'closed' }); // -NOMASTERLINK Can't SYNC while not connected with my master
    return;
  }
  if (canContinue(n, replid, offset)) {
    const pos = s.store.positionAtOffset(n.data, offset - 1);
    n.ms.replicas[r] = { conn, state: 'online', sentPos: pos, sentOff: offset - 1, ackOff: offset - 1, ackTime: s.now, since: s.now };
    send(s, n, r, conn, { type: 'continue', replid: n.replid });
    record(s, r, 'partial-sync', { from: n.name, offset: offset - 1 });
    pushToReplicas(s, n);
    refreshGoodReplicas(s, n);
    return;
  }
  // Full resync. Creating the backlog from scratch also means a new replid (syncCommand).
  n.ms.replicas[r] = { conn, state: 'wait_bgsave_start', sentPos: 0, sentOff: 0, ackOff: 0, ackTime: s.now, since: s.now };
  if (n.ms.backlogStart === null) {
    changeReplicationId(s, n, 'backlog');
    clearReplicationId2(n);
    n.ms.backlogStart = n.masterReplOffset + 1;
  }
  const child = n.ms.rdbChild;
  if (child && child.toDisk && n.config.replDisklessSync === false) {
    attachToFork(s, n, r, n.ms.replicas[r], child.offset);
    child.replicas.push(r);
  } else if (!n.config.replDisklessSync || n.config.replDisklessSyncDelay === 0) {
    if (!child && !n.rdbSave.child) startReplicationFork(s, n); // hasActiveChildProcess
  }
}

/** replicationSetupSlaveForFullResync: +FULLRESYNC <replid> <offset at fork>. */
function attachToFork(s: State, n: Node, r: NodeName, c: ReplicaClient, offset: number): void {
  c.state = 'wait_bgsave_end';
  c.sentPos = n.data.pos;
  c.sentOff = offset;
  n.ms.selectPending = true;
  send(s, n, r, c.conn, { type: 'fullresync', replid: n.replid, offset });
  record(s, r, 'full-sync-start', { from: n.name, offset }); // the master's log: "Starting BGSAVE for SYNC" / +FULLRESYNC
}

/** startBgsaveForReplication: fork now for every replica waiting for a BGSAVE to start. */
export function startReplicationFork(s: State, n: Node): void {
  const waiting = Object.entries(n.ms.replicas).filter(([, c]) => c.state === 'wait_bgsave_start');
  if (waiting.length === 0 || n.ms.rdbChild) return;
  const keys = s.store.keyCount(n.data);
  // Fork, serialisation and the replica's load, to its "Finished with success": measured on 7.0.15
  // (diskless, loopback) 1–7 ms, typically 3, with no keys and 8–16 ms with 14 000 keys (more when loaded).
  const until = s.now + 2 + Math.ceil(keys / 1000);
  n.ms.rdbChild = { until, data: n.data, offset: n.masterReplOffset, replicas: waiting.map(([r]) => r), toDisk: !n.config.replDisklessSync };
  for (const [r, c] of waiting) attachToFork(s, n, r, c, n.masterReplOffset);
  schedule(s, until, { type: 'ReplForkCompleted', node: n.name, boot: n.bootedAt });
}

/** The payload is complete: send it, then the buffered stream; the replica is online. */
export function finishReplicationFork(s: State, n: Node): void {
  const child = n.ms.rdbChild;
  if (!child || child.until > s.now) return; // none, or a later fork (the one this event was for was killed)
  n.ms.rdbChild = null;
  if (child.toDisk) {
    n.disk.rdb = { data: child.data, replid: n.replid, offset: child.offset };
    n.disk.rdbDurable = n.disk.rdb;
  }
  for (const r of child.replicas) {
    const c = n.ms.replicas[r];
    if (!c || c.state !== 'wait_bgsave_end') continue;
    send(s, n, r, c.conn, { type: 'rdb', data: child.data, replid: n.replid, offset: child.offset, usemark: !child.toDisk });
    c.state = 'online';
    // updateSlavesWaitingBgsave: after a socket payload the buffered stream waits for the first ACK.
    if (!child.toDisk) c.startOnAck = true;
    c.sentPos = child.data.pos;
    c.ackTime = s.now;
  }
  pushToReplicas(s, n);
  refreshGoodReplicas(s, n);
  startReplicationFork(s, n);
}

/** readSyncBulkPayload at EOF: flush the old dataset, load the master's, adopt its replid and offset. */
export function loadFullSync(s: State, n: Node, from: NodeName, data: Node['data'], replid: string, offset: number): void {
  const before = s.store.materialize(n.data);
  const after = s.store.materialize(data);
  let dropped = 0;
  for (const k of before.keys()) if (!after.has(k)) dropped++;
  // readSyncBulkPayload: kill the RDB child feeding my own sub-replicas (killRDBChild), then
  // replicationAttachToNewMaster drops them (disconnectSlaves) so that they resync with me too.
  n.ms.rdbChild = null;
  if (!mutations.keepSubReplicasOnFullSync) disconnectReplicas(s, n);
  n.data = data;
  n.dataGen++;
  n.replid = replid;
  clearReplicationId2(n);
  n.masterReplOffset = offset;
  n.ms.backlogStart = offset + 1;
  n.repl.state = 'connected'; // in place, as in replicationUnsetMaster
  n.repl.reploff = offset;
  n.repl.lastInteraction = s.now;
  n.repl.cached = null;
  n.repl.downSince = 0;
  n.repl.fullsync = null;
  if (n.config.replDisklessLoad === 'disabled' || (n.config.replDisklessLoad === 'on-empty-db' && before.size > 0)) {
    // The payload was renamed over dump.rdb, then loaded; rdb-del-sync-files unlinks it (bg_unlink).
    n.disk.rdb = keepsSyncFile(n.config) ? { data, replid, offset } : null;
    n.disk.rdbDurable = n.disk.rdb;
  }
  aofRewrite(s, n);
  record(s, n.name, 'full-sync', { from, keysBefore: before.size, keysAfter: after.size, offset });
  if (dropped > 0) record(s, n.name, 'wiped', { from, dropped, keysBefore: before.size, keysAfter: after.size });
}

/** readSyncBulkPayload keeps the dump.rdb a disk-based sync loaded, unless rdb-del-sync-files and no persistence. */
export function keepsSyncFile(c: Pick<NodeConfig, 'rdbDelSyncFiles' | 'appendonly' | 'save'>): boolean {
  return !(c.rdbDelSyncFiles && !c.appendonly && c.save.length === 0);
}

/** A replica applies stream bytes from its master (and passes them on to its own sub-replicas). */
export function applyStream(s: State, n: Node, hist: number, pos: number, off: number): void {
  const applied = pos - n.data.pos;
  n.data = { hist, pos };
  n.repl.reploff = off;
  n.masterReplOffset = off;
  n.repl.lastInteraction = s.now;
  if (n.ms.backlogStart !== null) n.ms.backlogStart = Math.max(n.ms.backlogStart, off - n.config.replBacklogSize + 1);
  if (applied > 0) n.rdbSave.dirty += applied;
  aofFeed(s, n);
  pushToReplicas(s, n);
}

/** repl-backlog-ttl (default 3600 s; the model does not set it). */
const REPL_BACKLOG_TIME_LIMIT = 3600;

/**
 * replicationCron: a master (no masterhost) without replicas frees its backlog after repl-backlog-ttl
 * seconds, with a new replid and no replid2: its offset stops moving, so no old PSYNC may match.
 */
function backlogTtl(s: State, n: Node): void {
  if (n.repl.master !== null || n.ms.backlogStart === null || hasReplicas(n)) return;
  if (unixtime(s.seed, s.now) - unixtime(s.seed, n.ms.noReplicasSince) <= REPL_BACKLOG_TIME_LIMIT) return;
  changeReplicationId(s, n, 'backlog-ttl');
  clearReplicationId2(n);
  n.ms.backlogStart = null;
}

/** refreshGoodSlavesCount: ONLINE replicas whose last ACK is at most min-replicas-max-lag seconds old. */
export function refreshGoodReplicas(s: State, n: Node): void {
  const now = unixtime(s.seed, s.now);
  let good = 0;
  for (const r in n.ms.replicas) {
    const c = n.ms.replicas[r];
    if (c.state === 'online' && now - unixtime(s.seed, c.ackTime) <= n.config.minReplicasMaxLag) good++;
  }
  n.ms.goodReplicas = good;
}

/** replicationCron, once a second. */
export function replicationCron(s: State, n: Node, loops: number): void {
  // Replica side.
  if (n.repl.master) {
    // "Timeout connecting to the MASTER…" / "Timeout receiving bulk data…": cancelReplicationHandshake,
    // and this same call connects again (repl_transfer_lastio, whole seconds).
    if (n.repl.state === 'handshake' || n.repl.state === 'transfer') {
      if (unixtime(s.seed, s.now) - unixtime(s.seed, n.repl.handshakeSince) > n.config.replTimeout) dropMasterLink(s, n, true);
    } else if (n.repl.state === 'connected' && unixtime(s.seed, s.now) - unixtime(s.seed, n.repl.lastInteraction) > n.config.replTimeout) {
      record(s, n.name, 'master-timeout', { about: n.repl.master });
      dropMasterLink(s, n, true);
    }
    if (n.repl.state === 'connect') connectWithMaster(s, n);
    else if (n.repl.state === 'connected') send(s, n, n.repl.master, n.repl.conn, { type: 'ack', off: n.repl.reploff });
  }
  // Master side: the stream PING every repl-ping-replica-period seconds, unless paused for a manual failover.
  if (n.role === 'master' && hasReplicas(n) && loops % n.config.replPingReplicaPeriod === 0 && !(n.cluster.mf.end !== 0 && n.clientsPausedUntil > s.now)) {
    feedStream(s, n, null, null);
  }
  for (const [r, c] of Object.entries(n.ms.replicas)) {
    if (c.state === 'online' && unixtime(s.seed, s.now) - unixtime(s.seed, c.ackTime) > n.config.replTimeout) {
      send(s, n, r, c.conn, { type: 'closed' });
      delete n.ms.replicas[r];
      if (!hasReplicas(n)) n.ms.noReplicasSince = s.now; // freeClient: repl_no_slaves_since
    }
  }
  backlogTtl(s, n);
  // replicationStartPendingFork → shouldStartChildReplication: with no child running, fork once the
  // longest-waiting replica has been idle repl-diskless-sync-delay seconds (server.unixtime −
  // lastinteraction, whole seconds, checked here once a second).
  if (!n.ms.rdbChild && !n.rdbSave.child) {
    const waiting = Object.values(n.ms.replicas).filter((c) => c.state === 'wait_bgsave_start');
    const maxIdle = Math.max(-1, ...waiting.map((c) => unixtime(s.seed, s.now) - unixtime(s.seed, c.since)));
    if (waiting.length && (!n.config.replDisklessSync || maxIdle >= n.config.replDisklessSyncDelay)) startReplicationFork(s, n);
  }
  if (n.role === 'master') refreshGoodReplicas(s, n);
}
