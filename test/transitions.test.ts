// Guard and effect of each transition, the frame (what an action must leave alone), and the
// pure-reducer contract: a disabled action returns the same state object.
import { describe, expect, it } from 'vitest';
import type { Action } from '../model/kernel/actions.ts';
import type { BusHeader, BusMsg } from '../model/cluster/messages.ts';
import { EMPTY } from '../model/kernel/history.ts';
import { initialState } from '../model/kernel/init.ts';
import { packGossip } from '../model/cluster/bus.ts';
import { entryFlags, entryIdx, entryPong, GOSSIP_FAIL, GOSSIP_MASTER, GOSSIP_PFAIL } from '../model/cluster/messages.ts';
import { canContinue } from '../model/replication/replication.ts';
import { step } from '../model/kernel/step.ts';
import type { State } from '../model/kernel/state.ts';
import { trace } from './helpers.ts';

const base = (config: Record<string, unknown> = {}) => initialState(trace({ config, seed: 5 }));
const without = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const hdr = (s: State, sender: string, over: Partial<BusHeader> = {}): BusHeader => {
  const n = s.nodes[sender];
  return { sender, role: n.role, master: n.role === 'replica' ? n.repl.master : null, currentEpoch: n.cluster.currentEpoch, configEpoch: 2,
    offset: 0, slots: [[5461, 10922]], nofailover: false, paused: false, forceack: false, ...over };
};
/** A bus message on `linkOwner`'s link (the sender's by default), as sent by a process booted at 0. */
const busMsg = (s: State, from: string, to: string, body: BusMsg['body'], h: BusHeader, linkOwner = from): BusMsg => {
  const linkGen = s.nodes[linkOwner].cluster.peers[linkOwner === from ? to : from].link;
  return { from, to, fromIdx: s.nodes[from].idx, toIdx: s.nodes[to].idx, linkOwner, linkGen, fromBoot: 0, toBoot: 0, hdr: h, body };
};
const deliver = (s: State, from: string, to: string, body: BusMsg['body'], h: Partial<BusHeader> = {}): State =>
  step(s, { type: 'BusDelivered', msg: busMsg(s, from, to, body, hdr(s, from, h)) });

describe('environment transitions', () => {
  it('WriteIssued records a pending write and changes no node', () => {
    const s = base();
    const t = step(s, { type: 'WriteIssued' });
    expect(t.writes).toHaveLength(1);
    expect(t.writes[0]).toMatchObject({ id: 'w1', result: 'pending', key: 'key:w1' });
    expect(t.nodes).toBe(s.nodes);
  });
  it('ProcessCrashed (kill -9) keeps the page cache; a power loss keeps only what was fsynced', () => {
    let s = base({ appendonly: true, appendfsync: 'no' });
    s = { ...s, nodes: { ...s.nodes, A: { ...s.nodes.A, disk: { ...s.nodes.A.disk, aofWritten: { hist: 0, pos: 7 }, aofDurable: EMPTY } } } };
    const killed = step(s, { type: 'ProcessCrashed', node: 'A', power: false });
    expect(killed.nodes.A.proc).toBe('down');
    expect(killed.nodes.A.disk.aofWritten).toEqual({ hist: 0, pos: 7 });
    const powered = step(s, { type: 'ProcessCrashed', node: 'A', power: true });
    expect(powered.nodes.A.disk.aofWritten).toEqual(EMPTY);
    expect(killed.nodes.B).toBe(s.nodes.B); // frame: other nodes untouched
  });
  it('a disabled action returns the same state object', () => {
    const s = base();
    const down = step(s, { type: 'ProcessCrashed', node: 'A', power: false });
    expect(step(down, { type: 'ProcessCrashed', node: 'A', power: false })).toBe(down);
    expect(step(s, { type: 'ProcessRestarted', node: 'A' })).toBe(s);
    expect(step(s, { type: 'ProcessResumed', node: 'A' })).toBe(s);
    expect(step(down, { type: 'ServerCron', node: 'A', boot: 0 })).toBe(down);
  });
  it('ProcessRestarted rebuilds from disk: nodes.conf role and epochs, new replid, repl_down_since 0, state fail', () => {
    const s = base();
    const t = step({ ...step(s, { type: 'ProcessCrashed', node: 'B1', power: false }), now: 1000 }, { type: 'ProcessRestarted', node: 'B1' });
    const n = t.nodes.B1;
    expect(n).toMatchObject({ proc: 'up', role: 'replica', bootedAt: 1000 });
    expect(n.repl).toMatchObject({ master: 'B', downSince: 0 });
    expect(n.cluster).toMatchObject({ currentEpoch: 6, state: 'fail' });
    // appendonly no: dump.rdb of the last full sync carries repl-id/offset, so a replica caches its master.
    expect(n.repl.cached).toEqual({ replid: s.nodes.B1.replid, reploff: 0 });
  });
  it('ProcessRestarted with appendonly yes and no AOF file starts empty even with a dump.rdb', () => {
    let s = base();
    s = step(s, { type: 'ProcessCrashed', node: 'B1', power: false });
    s = { ...s, config: { ...s.config, appendonly: true } };
    const t = step(s, { type: 'ProcessRestarted', node: 'B1' });
    expect(t.nodes.B1.disk.rdb).not.toBeNull();
    expect(t.nodes.B1.data).toEqual(EMPTY);
    expect(t.nodes.B1.repl.cached).toBeNull();
  });
  it('pause and resume flip the process state only (and note which links were open at SIGSTOP)', () => {
    const s = base();
    const p = step(s, { type: 'ProcessPaused', node: 'C' });
    expect(p.nodes.C.proc).toBe('paused');
    expect(p.nodes.C.pausedConn).toBe(s.net.nextConn);
    expect(without(p.nodes.C as never, ['proc', 'pausedConn'])).toEqual(without(s.nodes.C as never, ['proc', 'pausedConn']));
    expect(step(p, { type: 'ProcessResumed', node: 'C' }).nodes.C.proc).toBe('up');
  });
  it('NetworkPartitioned puts unnamed nodes in one more group; NetworkHealed joins everyone', () => {
    const s = base();
    const p = step(s, { type: 'NetworkPartitioned', groups: [['B', 'client']] });
    expect(p.net.group).toMatchObject({ B: 0, client: 0, A: 1, C: 1, A1: 1 });
    expect(step(p, { type: 'NetworkHealed' }).net.group).toEqual({});
    expect(p.nodes).toBe(s.nodes);
  });
  it('LinkDelayed, DiskSlowed, FsyncRequested, ConfigSet touch only their target', () => {
    const s = base({ appendonly: true });
    expect(step(s, { type: 'LinkDelayed', from: 'A', to: 'B', ms: 300 }).net.delay).toEqual({ 'A>B': 300 });
    expect(step(s, { type: 'DiskSlowed', node: 'A', fsyncMs: 3000 }).nodes.A.aof.fsyncMs).toBe(3000);
    const c = step(s, { type: 'ConfigSet', node: 'A', set: { minReplicasToWrite: 1 } });
    expect(c.nodes.A.config.minReplicasToWrite).toBe(1);
    expect(c.nodes.B).toBe(s.nodes.B);
    const f = step(s, { type: 'FsyncRequested', node: 'A' });
    expect(f.nodes.A.disk.aofDurable).toEqual(f.nodes.A.disk.aofWritten);
  });
  it('ManualFailoverRequested on a master is refused with Redis\'s error', () => {
    const t = step(base(), { type: 'ManualFailoverRequested', node: 'A', mode: 'default' });
    expect(t.timeline.at(-1)).toMatchObject({ event: 'failover-refused', detail: 'ERR You should send CLUSTER FAILOVER to a replica' });
    expect(t.nodes.A.cluster.mf.end).toBe(0);
  });
  it('TAKEOVER bumps configEpoch without votes and takes the slots', () => {
    const t = step(base(), { type: 'ManualFailoverRequested', node: 'B1', mode: 'takeover' });
    expect(t.nodes.B1).toMatchObject({ role: 'master' });
    expect(t.nodes.B1.cluster.configEpoch).toBe(7); // B1's own epoch 5 is not the maximum (6): bump
    expect(t.timeline.some((e) => e.event === 'vote')).toBe(false);
  });
  it('TAKEOVER\'s PONGs leave after two nodes.conf fsyncs when it bumped the epoch, one when it did not', () => {
    // clusterFailoverReplaceYourMaster fsyncs; the bump's SAVE_CONFIG|FSYNC_CONFIG runs in clusterBeforeSleep,
    // before the write handler sends the queued PONGs.
    const pongAt = (s: State) => s.agenda.filter((x) => x.action.type === 'BusDelivered' && x.action.msg.from === 'B1').map((x) => x.at - s.now);
    const s = base({ fsyncMs: 3, latency: 1 });
    expect(new Set(pongAt(step(s, { type: 'ManualFailoverRequested', node: 'B1', mode: 'takeover' })))).toEqual(new Set([3 + 3 + 1]));
    const top = { ...s, nodes: { ...s.nodes, B1: { ...s.nodes.B1, cluster: { ...s.nodes.B1.cluster, configEpoch: 9, currentEpoch: 9 } } } };
    const t = step(top, { type: 'ManualFailoverRequested', node: 'B1', mode: 'takeover' });
    expect(t.nodes.B1.cluster.configEpoch).toBe(9);
    expect(new Set(pongAt(t))).toEqual(new Set([3 + 1]));
  });
});

describe('gossip entries', () => {
  it('pack idx, flags and pong_received in whole seconds into one exact number', () => {
    const [a, b] = packGossip([
      { idx: 1199, pfail: true, fail: false, master: true, pongReceived: 604_799_999.5 },
      { idx: 0, pfail: false, fail: true, master: false, pongReceived: 999 },
    ]);
    expect([entryIdx(a), entryFlags(a), entryPong(a)]).toEqual([1199, GOSSIP_PFAIL | GOSSIP_MASTER, 604_799_000]);
    expect([entryIdx(b), entryFlags(b), entryPong(b)]).toEqual([0, GOSSIP_FAIL, 0]);
  });
});

describe('protocol transitions', () => {
  it('BusDelivered across a partition waits for the retransmission after the heal; to a paused node it is held', () => {
    const s = base();
    const cut = step(s, { type: 'NetworkPartitioned', groups: [['A'], ['B']] });
    const msg = busMsg(s, 'A', 'B', { type: 'ping', gossip: [] }, hdr(s, 'A', { slots: [[0, 5460]], configEpoch: 1 }));
    const lost = step({ ...cut, now: 1000 }, { type: 'BusDelivered', msg });
    expect(lost.held.partition).toHaveLength(1);
    expect(lost.nodes).toBe(cut.nodes);
    // Sent at 999, a bus link's RTO 204: retried at 1203, 1611, 2427, 4059 … — healed at 2500, it goes at 4059.
    const healed = step({ ...lost, now: 2500 }, { type: 'NetworkHealed' });
    expect(healed.agenda.find((x) => x.action.type === 'BusDelivered')?.at).toBe(4059 + s.config.latency);
    const paused = step(s, { type: 'ProcessPaused', node: 'B' });
    expect(step(paused, { type: 'BusDelivered', msg }).held.B).toHaveLength(1);
  });
  it('a PONG on my outbound link clears PFAIL; FAIL of a slot owner is kept until 2·NT', () => {
    let s = base();
    s = { ...s, nodes: { ...s.nodes, A: { ...s.nodes.A, cluster: { ...s.nodes.A.cluster, peers: { ...s.nodes.A.cluster.peers, B: { ...s.nodes.A.cluster.peers.B, fail: true, failTime: 0 } } } } } };
    const pong = busMsg(s, 'B', 'A', { type: 'pong', gossip: [] }, hdr(s, 'B'), 'A');
    expect(step({ ...s, now: 1000 }, { type: 'BusDelivered', msg: pong }).nodes.A.cluster.peers.B.fail).toBe(true);
    expect(step({ ...s, now: 30001 }, { type: 'BusDelivered', msg: pong }).nodes.A.cluster.peers.B.fail).toBe(false);
  });
  it('FAIL needs reports from a majority of masters; a FAIL message is believed unconditionally', () => {
    let s = base();
    s = { ...s, nodes: { ...s.nodes, A: { ...s.nodes.A, cluster: { ...s.nodes.A.cluster, peers: { ...s.nodes.A.cluster.peers, B: { ...s.nodes.A.cluster.peers.B, pfail: true } } } } } };
    const gossip = packGossip([{ idx: s.nodes.B.idx, pfail: true, fail: false, master: true, pongReceived: 0 }]);
    // A replica's report does not count: A alone (1) is below quorum 2.
    const fromReplica = deliver(s, 'C1', 'A', { type: 'ping', gossip });
    expect(fromReplica.nodes.A.cluster.peers.B.fail).toBe(false);
    // C is a master: A (1) + C's report (1) = 2 = quorum.
    const fromMaster = deliver(s, 'C', 'A', { type: 'ping', gossip }, { slots: [[10923, 16383]], configEpoch: 3 });
    expect(fromMaster.nodes.A.cluster.peers.B.fail).toBe(true);
    const told = deliver(base(), 'C1', 'A1', { type: 'fail', about: 'B' });
    expect(told.nodes.A1.cluster.peers.B.fail).toBe(true);
  });
  it('a master grants one vote per epoch, only for a replica whose master it sees FAIL', () => {
    let s = base();
    const req = (t: State, epoch: number) => deliver(t, 'B1', 'A', { type: 'auth-request' }, { currentEpoch: epoch, configEpoch: 2 });
    expect(req(s, 7).nodes.A.cluster.lastVoteEpoch).toBe(0); // B not FAIL in A's view
    s = { ...s, nodes: { ...s.nodes, A: { ...s.nodes.A, cluster: { ...s.nodes.A.cluster, peers: { ...s.nodes.A.cluster.peers, B: { ...s.nodes.A.cluster.peers.B, fail: true } } } } } };
    const voted = req(s, 7);
    expect(voted.nodes.A.cluster.lastVoteEpoch).toBe(7);
    expect(voted.nodes.A.disk.nodesConfDurable!.lastVoteEpoch).toBe(7); // fsynced before the ACK
    const again = req({ ...voted, now: 1 }, 7);
    expect(again.timeline.at(-1)).toMatchObject({ event: 'vote-refused', detail: 'already voted for this epoch' });
    const next = req({ ...voted, now: 2 }, 8);
    expect(next.timeline.at(-1)).toMatchObject({ event: 'vote-refused', detail: 'voted for a replica of this master less than 2·NT ago' });
  });
  it('PSYNC continues only on the same history and inside the backlog (masterTryPartialResynchronization)', () => {
    const n = base().nodes.B;
    const m = { ...n, masterReplOffset: 100, ms: { ...n.ms, backlogStart: 1 } };
    expect(canContinue(m, m.replid, 101)).toBe(true);
    expect(canContinue(m, m.replid, 102)).toBe(false);
    expect(canContinue(m, 'x'.repeat(40), 50)).toBe(false);
    const promoted = { ...m, replid2: 'y'.repeat(40), secondReplidOffset: 60 };
    expect(canContinue(promoted, 'y'.repeat(40), 60)).toBe(true);
    expect(canContinue(promoted, 'y'.repeat(40), 61)).toBe(false);
    expect(canContinue({ ...m, ms: { ...m.ms, backlogStart: null } }, m.replid, 101)).toBe(false);
  });
  it('ServerCron of a dead incarnation does nothing; a live one reschedules itself', () => {
    const s = base();
    // Re-armed 1000/hz after it ran, plus its run time and epoll's round-up: 100 ms and cronDrift
    // hundredths of a ms (26–64, one per incarnation), so 100 ticks take 10000 + cronDrift ms whatever the cronloops.
    const d = s.nodes.A.cronDrift;
    expect(d).toBeGreaterThanOrEqual(26);
    expect(d).toBeLessThanOrEqual(64);
    let t = s;
    const at: number[] = [];
    for (let k = 0; k < 100; k++) {
      t = step({ ...t, now: at.at(-1) ?? 0 }, { type: 'ServerCron', node: 'A', boot: 0 });
      at.push(t.agenda.find((x) => x.action.type === 'ServerCron' && x.action.node === 'A' && x.at >= (at.at(-1) ?? 0) + 100)!.at);
    }
    expect(at[99]).toBe(10000 + d);
    // Each incarnation draws its own: nodes' crons drift against each other.
    expect(new Set(Object.values(s.nodes).map((n) => n.cronDrift)).size).toBeGreaterThan(1);
    expect(step(s, { type: 'ServerCron', node: 'A', boot: 99 })).toBe(s);
  });
  it('a client write on the slot owner is applied, streamed and acknowledged; elsewhere it is MOVED', () => {
    let s = step(base(), { type: 'WriteIssued', key: 'foo' }); // slot 12182: C
    s = step(s, { type: 'ClientRequestDelivered', wid: 'w1', node: 'A', redirects: 0 });
    const reply = s.agenda.find((x) => x.action.type === 'ClientReplyDelivered')!.action as Extract<Action, { type: 'ClientReplyDelivered' }>;
    expect(reply.reply).toBe('MOVED 12182 C');
    s = step(s, { type: 'ClientRequestDelivered', wid: 'w1', node: 'C', redirects: 1 });
    expect(s.nodes.C.masterReplOffset).toBeGreaterThan(0);
    expect(s.store.materialize(s.nodes.C.data).get('foo')).toBe('w1');
    s = step(s, { type: 'ClientReplyDelivered', wid: 'w1', node: 'C', reply: 'OK', redirects: 1 });
    expect(s.writes[0].result).toBe('acked');
    expect(step(s, { type: 'ClientTimedOut', wid: 'w1' }).writes[0].result).toBe('acked');
  });
  it('KernelWriteback makes page-cache data older than dirty_expire durable', () => {
    let s = base({ appendonly: true, appendfsync: 'no' });
    s = { ...s, nodes: { ...s.nodes, A: { ...s.nodes.A, disk: { ...s.nodes.A.disk, aofWritten: { hist: 0, pos: 3 }, aofDirty: [[0, { hist: 0, pos: 3 }]] } } } };
    expect(step({ ...s, now: 10_000 }, { type: 'KernelWriteback', node: 'A' }).nodes.A.disk.aofDurable).toEqual(EMPTY);
    expect(step({ ...s, now: 30_000 }, { type: 'KernelWriteback', node: 'A' }).nodes.A.disk.aofDurable).toEqual({ hist: 0, pos: 3 });
  });
  it('FsyncCompleted, BgsaveCompleted and ReplForkCompleted of a dead incarnation change nothing', () => {
    const s = step(base(), { type: 'ProcessCrashed', node: 'A', power: false });
    for (const type of ['FsyncCompleted', 'BgsaveCompleted', 'ReplForkCompleted'] as const) expect(step(s, { type, node: 'A', boot: 0 })).toBe(s);
  });
});
