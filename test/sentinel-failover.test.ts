// The failover half of Sentinel (sentinel.md 2.5–2.13, 2.15, 2.17) on hand-built States: each rule's
// guard and effect, with the commands a Sentinel sends captured instead of travelling.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mutations, resetMutations } from '../model/kernel/mutations.ts';
import type { NodeName, State } from '../model/kernel/state.ts';
import type { SentinelBody } from '../model/sentinel/messages.ts';
import type { Link, MasterRecord, ReplicaRecord, SentinelProc, SentinelRecord } from '../model/sentinel/state.ts';

const sent: Array<{ from: NodeName; to: NodeName; body: SentinelBody }> = [];

// sendCommand: captured; refused (false) when the record's link is down, as the real one does.
vi.mock('../model/sentinel/link.ts', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  sendCommand: (s: State, sen: SentinelProc, addr: NodeName, body: SentinelBody): boolean => {
    const m = sen.master;
    const rec = addr === m.addr ? m : m.slaves[addr] ?? m.sentinels[addr];
    if (!rec || rec.link.disconnected) return false;
    sent.push({ from: sen.name, to: addr, body });
    return true;
  },
}));

const { sentinelCheckObjectivelyDown } = await import('../model/sentinel/sentinelCheckObjectivelyDown.ts');
const { sentinelAskMasterStateToOtherSentinels, sentinelReceiveIsMasterDownReply } = await import('../model/sentinel/sentinelAskMasterStateToOtherSentinels.ts');
const { sentinelCommandIsMasterDownByAddr } = await import('../model/sentinel/sentinelVoteLeader.ts');
const { sentinelStartFailoverIfNeeded } = await import('../model/sentinel/sentinelStartFailoverIfNeeded.ts');
const { sentinelFailoverStateMachine } = await import('../model/sentinel/sentinelFailoverStateMachine.ts');
const { sentinelGetLeader } = await import('../model/sentinel/sentinelFailoverWaitStart.ts');
const { sentinelSelectSlave } = await import('../model/sentinel/sentinelSelectSlave.ts');
const { sentinelAbortFailover } = await import('../model/sentinel/sentinelAbortFailover.ts');
const { sentinelFailoverSwitchToPromotedSlave } = await import('../model/sentinel/sentinelFailoverSwitchToPromotedSlave.ts');
const { sentinelRefreshInstanceInfoActing } = await import('../model/sentinel/sentinelRefreshInstanceInfoActing.ts');
const { sentinelFailoverRequested } = await import('../model/sentinel/transitions/sentinelFailoverRequested.ts');
const { execSlaveOfTransaction } = await import('../model/sentinel/sentinelSendSlaveOf.ts');
const { initialState } = await import('../model/kernel/init.ts');
const { parseTrace } = await import('../model/index.ts');

const T0 = 1_700_000_000_000; // a wall clock, as mstime() is
const runid = (name: string) => `${name.toLowerCase()}`.padEnd(40, '0');

function link(over: Partial<Link> = {}): Link {
  return {
    cc: 1, pc: 0, disconnected: false, peerBoot: 0, pendingCommands: 0, ccConnTime: 0, pcConnTime: 0, pcLastActivity: 0,
    actPingTime: 0, lastPingTime: T0, lastPongTime: T0, lastAvailTime: T0, lastReconnTime: 0, ...over,
  };
}

function replica(addr: NodeName, over: Partial<ReplicaRecord> = {}): ReplicaRecord {
  return {
    addr, runid: runid(addr), sdown: false, sDownSinceTime: 0, promoted: false, reconf: 'none', slaveReconfSentTime: 0,
    roleReported: 'slave', roleReportedTime: 0, slaveMasterHost: 'M', slaveConfChangeTime: 0, slaveMasterLinkStatus: 'up',
    masterLinkDownTime: 0, slavePriority: 100, slaveReplOffset: 1000, infoRefresh: T0, lastPubTime: T0, link: link(), ...over,
  };
}

function peer(addr: NodeName, over: Partial<SentinelRecord> = {}): SentinelRecord {
  return {
    addr, runid: runid(addr), sdown: false, sDownSinceTime: 0, masterDown: false, lastMasterDownReplyTime: 0,
    leader: null, leaderEpoch: 0, lastHelloTime: T0, lastPubTime: T0, link: link(), ...over,
  };
}

interface WorldOpts { sentinels?: number; replicas?: number; quorum?: number; fto?: number; dam?: number; parallelSyncs?: number }

function masterRecord(o: Required<WorldOpts>, me: NodeName, names: NodeName[]): MasterRecord {
  const slaves: Record<NodeName, ReplicaRecord> = {};
  for (let i = 1; i <= o.replicas; i++) slaves[`R${i}`] = replica(`R${i}`);
  const sentinels: Record<NodeName, SentinelRecord> = {};
  for (const x of names) if (x !== me) sentinels[x] = peer(x);
  return {
    name: 'mymaster', addr: 'M', quorum: o.quorum, downAfterPeriod: o.dam, failoverTimeout: o.fto, parallelSyncs: o.parallelSyncs,
    masterRebootDownAfterPeriod: 0, configEpoch: 0, leader: null, leaderEpoch: 0, sdown: false, odown: false,
    failoverInProgress: false, forceFailover: false, masterReboot: false, sDownSinceTime: 0, oDownSinceTime: 0,
    runid: runid('M'), roleReported: 'master', roleReportedTime: 0, infoRefresh: T0, masterRebootSinceTime: 0,
    failoverState: 'none', failoverEpoch: 0, failoverStartTime: 0, failoverStateChangeTime: 0, promotedSlave: null,
    slaves, sentinels, lastPubTime: T0, link: link(),
  };
}

/** A State holding only what the failover half reads: the clock, the seed, the timeline and the Sentinels. */
function world(opts: WorldOpts = {}): State {
  const o: Required<WorldOpts> = { sentinels: 3, replicas: 2, quorum: 2, fto: 180000, dam: 1000, parallelSyncs: 1, ...opts };
  const names = Array.from({ length: o.sentinels }, (_, i) => `S${i + 1}`);
  const sentinels: Record<NodeName, SentinelProc> = {};
  names.forEach((name, i) => {
    sentinels[name] = {
      name, idx: o.replicas + 1 + i, proc: 'up', bootedAt: 0, pausedConn: 0, myid: runid(name), currentEpoch: 0,
      tilt: false, tiltStartTime: 0, previousTime: T0, clockOffset: 0, cronloops: 0, timerHeld: false, master: masterRecord(o, name, names),
      conf: { myid: runid(name), addr: 'M', configEpoch: 0, leaderEpoch: 0, currentEpoch: 0, knownReplicas: [], knownSentinels: [] },
    };
  });
  return { now: T0, seed: 7, sentinels, timeline: [] } as unknown as State;
}

const events = (s: State, event: string) => s.timeline.filter((e) => e.event === event);

beforeEach(() => { sent.length = 0; });

describe('ODOWN (sentinelCheckObjectivelyDown)', () => {
  it('needs my SDOWN plus enough "down" answers to reach the quorum, and clears when either fails', () => {
    const s = world({ quorum: 2 });
    const sen = s.sentinels.S1;
    sen.master.sentinels.S2.masterDown = true;
    sentinelCheckObjectivelyDown(s, sen);
    expect(sen.master.odown).toBe(false); // not SDOWN myself
    sen.master.sdown = true;
    sentinelCheckObjectivelyDown(s, sen);
    expect(sen.master.odown).toBe(true);
    expect(events(s, 'odown')).toEqual([expect.objectContaining({ node: 'S1', about: 'M', detail: '#quorum 2/2' })]);
    sen.master.sentinels.S2.masterDown = false;
    sentinelCheckObjectivelyDown(s, sen);
    expect(sen.master.odown).toBe(false);
    expect(events(s, 'odown-cleared')).toHaveLength(1);
  });

  it('with quorum 3 two answers are not enough, three are', () => {
    const s = world({ quorum: 3 });
    const m = s.sentinels.S1.master;
    m.sdown = true;
    m.sentinels.S2.masterDown = true;
    sentinelCheckObjectivelyDown(s, s.sentinels.S1);
    expect(m.odown).toBe(false);
    m.sentinels.S3.masterDown = true;
    sentinelCheckObjectivelyDown(s, s.sentinels.S1);
    expect(m.odown).toBe(true);
  });
});

describe('asking the others (sentinelAskMasterStateToOtherSentinels)', () => {
  it('asks only while SDOWN, on connected links, every second unless forced; runid once failing over', () => {
    const s = world();
    const sen = s.sentinels.S1;
    sentinelAskMasterStateToOtherSentinels(s, sen, false);
    expect(sent).toHaveLength(0);
    sen.master.sdown = true;
    sen.master.sentinels.S3.link.disconnected = true;
    sentinelAskMasterStateToOtherSentinels(s, sen, false);
    expect(sent).toEqual([{ from: 'S1', to: 'S2', body: { type: 'is-master-down', addr: 'M', epoch: 0, runid: '*' } }]);
    sentinelReceiveIsMasterDownReply(s, sen, 'S2', { type: 'is-master-down-reply', down: true, leader: '*', leaderEpoch: 0 });
    sent.length = 0;
    s.now += 500;
    sentinelAskMasterStateToOtherSentinels(s, sen, false);
    expect(sent).toHaveLength(0); // answered 500 ms ago
    sen.master.failoverState = 'wait_start';
    sentinelAskMasterStateToOtherSentinels(s, sen, true);
    expect(sent).toEqual([{ from: 'S1', to: 'S2', body: { type: 'is-master-down', addr: 'M', epoch: 0, runid: sen.myid } }]);
  });

  it('records a peer\'s answer and its vote, and forgets both after 5 s without an answer', () => {
    const s = world();
    const sen = s.sentinels.S1;
    const x = sen.master.sentinels.S2;
    sentinelReceiveIsMasterDownReply(s, sen, 'S2', { type: 'is-master-down-reply', down: true, leader: runid('S2'), leaderEpoch: 3 });
    expect([x.masterDown, x.leader, x.leaderEpoch, x.lastMasterDownReplyTime]).toEqual([true, runid('S2'), 3, T0]);
    sentinelReceiveIsMasterDownReply(s, sen, 'S2', { type: 'is-master-down-reply', down: true, leader: '*', leaderEpoch: 0 });
    expect([x.leader, x.leaderEpoch]).toEqual([runid('S2'), 3]); // "*" is not a vote
    s.now += 5000;
    sentinelAskMasterStateToOtherSentinels(s, sen, false);
    expect(x.masterDown).toBe(true); // exactly 5 s: still valid
    s.now += 1;
    sentinelAskMasterStateToOtherSentinels(s, sen, false);
    expect([x.masterDown, x.leader]).toEqual([false, null]);
  });
});

describe('votes (sentinelCommandIsMasterDownByAddr, sentinelVoteLeader)', () => {
  const ask = (s: State, to: NodeName, epoch: number, rid: string, addr = 'M') =>
    sentinelCommandIsMasterDownByAddr(s, s.sentinels[to], { type: 'is-master-down', addr, epoch, runid: rid });

  it('answers "down" only for its master\'s address while SDOWN and not in TILT', () => {
    const s = world();
    const sen = s.sentinels.S2;
    expect(ask(s, 'S2', 0, '*').down).toBe(false);
    sen.master.sdown = true;
    expect(ask(s, 'S2', 0, '*')).toEqual({ type: 'is-master-down-reply', down: true, leader: '*', leaderEpoch: 0 });
    expect(ask(s, 'S2', 1, runid('S1'), 'R1')).toEqual({ type: 'is-master-down-reply', down: false, leader: '*', leaderEpoch: 0 });
    expect(sen.currentEpoch).toBe(0); // another address: no epoch adoption, no vote
    sen.tilt = true;
    expect(ask(s, 'S2', 0, '*').down).toBe(false);
  });

  it('grants one durable vote per epoch, first come first served, and adopts the epoch', () => {
    const s = world();
    const sen = s.sentinels.S2;
    expect(ask(s, 'S2', 1, runid('S1'))).toMatchObject({ leader: runid('S1'), leaderEpoch: 1 });
    expect([sen.currentEpoch, sen.conf.currentEpoch, sen.conf.leaderEpoch]).toEqual([1, 1, 1]);
    expect(ask(s, 'S2', 1, runid('S3'))).toMatchObject({ leader: runid('S1'), leaderEpoch: 1 });
    expect(events(s, 'vote-for-leader')).toEqual([expect.objectContaining({ node: 'S2', epoch: 1, detail: 'S1' })]);
    expect(events(s, 'new-epoch')).toHaveLength(1);
    // A later epoch gets a new vote.
    expect(ask(s, 'S2', 2, runid('S3'))).toMatchObject({ leader: runid('S3'), leaderEpoch: 2 });
    // An older epoch gets the current vote back.
    expect(ask(s, 'S2', 1, runid('S1'))).toMatchObject({ leader: runid('S3'), leaderEpoch: 2 });
  });

  it('votes without looking at the master, in TILT too', () => {
    const s = world();
    s.sentinels.S2.tilt = true;
    expect(ask(s, 'S2', 1, runid('S1'))).toEqual({ type: 'is-master-down-reply', down: false, leader: runid('S1'), leaderEpoch: 1 });
  });

  it('after a restart (runid forgotten, leader-epoch kept) answers "*" for that epoch and never votes again in it', () => {
    const s = world();
    const sen = s.sentinels.S2;
    ask(s, 'S2', 1, runid('S1'));
    // What survives in sentinel.conf: leader-epoch and current-epoch, not whom.
    sen.master.leader = null;
    sen.master.leaderEpoch = sen.conf.leaderEpoch;
    sen.currentEpoch = sen.conf.currentEpoch;
    expect(ask(s, 'S2', 1, runid('S3'))).toMatchObject({ leader: '*', leaderEpoch: 1 });
    expect(events(s, 'vote-for-leader')).toHaveLength(1);
  });

  it('a vote for another Sentinel pushes my own next try back (failover_start_time + jitter)', () => {
    const s = world();
    const m = s.sentinels.S2.master;
    ask(s, 'S2', 1, runid('S1'));
    expect(m.failoverStartTime).toBeGreaterThanOrEqual(T0);
    expect(m.failoverStartTime).toBeLessThan(T0 + 1000);
    // With ODOWN, S2 now will not start a failover before 2·fto.
    m.sdown = true; m.odown = true;
    s.now += 2 * m.failoverTimeout - 1000;
    expect(sentinelStartFailoverIfNeeded(s, s.sentinels.S2)).toBe(false);
    expect(events(s, 'next-failover-delay')).toHaveLength(1);
  });
});

describe('starting a failover (sentinelStartFailoverIfNeeded)', () => {
  it('needs ODOWN, no failover in progress, and 2·fto since the last start; the epoch is not saved yet', () => {
    const s = world({ fto: 10000 });
    const sen = s.sentinels.S1;
    const m = sen.master;
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(false);
    m.sdown = true; m.odown = true;
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(true);
    expect([m.failoverState, m.failoverInProgress, m.failoverEpoch, sen.currentEpoch, sen.conf.currentEpoch]).toEqual(['wait_start', true, 1, 1, 0]);
    expect(m.failoverStartTime - T0).toBeGreaterThanOrEqual(0);
    expect(m.failoverStartTime - T0).toBeLessThan(1000);
    expect(events(s, 'try-failover')).toEqual([expect.objectContaining({ node: 'S1', epoch: 1 })]);
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(false); // in progress
    sentinelAbortFailover(s, sen);
    s.now = m.failoverStartTime + 2 * 10000 - 1;
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(false);
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(false);
    expect(events(s, 'next-failover-delay')).toHaveLength(1); // logged once per start time
    s.now += 1;
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(true);
    expect(m.failoverEpoch).toBe(2);
  });
});

describe('election (sentinelFailoverWaitStart, sentinelGetLeader)', () => {
  /** S1 starts a failover in epoch 1 with these peers' reported votes (runids of Sentinels). */
  function electing(opts: WorldOpts, votes: Record<NodeName, NodeName | null>) {
    const s = world(opts);
    const sen = s.sentinels.S1;
    sen.master.sdown = true; sen.master.odown = true;
    sentinelStartFailoverIfNeeded(s, sen);
    for (const [x, v] of Object.entries(votes)) {
      Object.assign(sen.master.sentinels[x], { leader: v === null ? null : runid(v), leaderEpoch: 1 });
    }
    return { s, sen };
  }

  it('needs a majority of the known Sentinels, down ones included', () => {
    // N = 5, maj 3, q 2: my vote and one more are not enough.
    let w = electing({ sentinels: 5 }, { S2: 'S1', S3: null, S4: null, S5: null });
    w.sen.master.sentinels.S4.sdown = true; w.sen.master.sentinels.S5.sdown = true;
    expect(sentinelGetLeader(w.s, w.sen, 1)).toBeNull();
    w = electing({ sentinels: 5 }, { S2: 'S1', S3: 'S1', S4: null, S5: null });
    expect(sentinelGetLeader(w.s, w.sen, 1)).toBe(runid('S1'));
  });

  it('needs the quorum too when it is above the majority', () => {
    const w = electing({ sentinels: 5, quorum: 4 }, { S2: 'S1', S3: 'S1', S4: null, S5: null });
    expect(sentinelGetLeader(w.s, w.sen, 1)).toBeNull();
    w.sen.master.sentinels.S4.leader = runid('S1');
    expect(sentinelGetLeader(w.s, w.sen, 1)).toBe(runid('S1'));
  });

  it('counts only votes reported for my current epoch', () => {
    const w = electing({}, { S2: 'S1', S3: null });
    w.sen.master.sentinels.S2.leaderEpoch = 0;
    expect(sentinelGetLeader(w.s, w.sen, 1)).toBeNull();
  });

  it('votes for the most-voted candidate instead of itself, and that defers its own retry', () => {
    const w = electing({}, { S2: 'S3', S3: 'S3' });
    const m = w.sen.master;
    expect(sentinelGetLeader(w.s, w.sen, 1)).toBe(runid('S3'));
    expect([m.leader, m.leaderEpoch, w.sen.conf.leaderEpoch, w.sen.conf.currentEpoch]).toEqual([runid('S3'), 1, 1, 1]);
    expect(m.failoverStartTime).toBeGreaterThanOrEqual(w.s.now);
  });

  it('goes to SELECT_SLAVE as the leader; aborts not-elected after min(10 s, fto) from the start', () => {
    let w = electing({}, { S2: 'S1', S3: null });
    sentinelFailoverStateMachine(w.s, w.sen);
    expect(w.sen.master.failoverState).toBe('select_slave');
    expect(events(w.s, 'elected-leader')).toEqual([expect.objectContaining({ node: 'S1', epoch: 1, votes: 2, known: 3 })]);

    w = electing({ fto: 6000 }, { S2: null, S3: null });
    const m = w.sen.master;
    w.s.now = m.failoverStartTime + 6000;
    sentinelFailoverStateMachine(w.s, w.sen);
    expect(m.failoverState).toBe('wait_start');
    w.s.now += 1;
    sentinelFailoverStateMachine(w.s, w.sen);
    expect([m.failoverState, m.failoverInProgress]).toEqual(['none', false]);
    expect(events(w.s, 'failover-abort')).toEqual([expect.objectContaining({ detail: 'not-elected' })]);
    // The retry waits 2·fto from the (jittered) start.
    w.s.now = m.failoverStartTime + 12000 - 1;
    expect(sentinelStartFailoverIfNeeded(w.s, w.sen)).toBe(false);
  });
});

describe('replica selection (sentinelSelectSlave, compareSlavesForPromotion)', () => {
  function selecting(replicas: Record<NodeName, Partial<ReplicaRecord>>, masterSdown = true) {
    const s = world({ replicas: 0 });
    const m = s.sentinels.S1.master;
    for (const [a, over] of Object.entries(replicas)) m.slaves[a] = replica(a, over);
    if (masterSdown) { m.sdown = true; m.sDownSinceTime = T0 - 2000; }
    return { s, sen: s.sentinels.S1 };
  }

  it('orders by priority, then offset, then runid (null last)', () => {
    let w = selecting({ R1: { slavePriority: 100, slaveReplOffset: 900 }, R2: { slavePriority: 50, slaveReplOffset: 10 } });
    expect(sentinelSelectSlave(w.s, w.sen)).toBe('R2');
    w = selecting({ R1: { slaveReplOffset: 900 }, R2: { slaveReplOffset: 1000 } });
    expect(sentinelSelectSlave(w.s, w.sen)).toBe('R2');
    w = selecting({ R1: { runid: 'b'.repeat(40) }, R2: { runid: 'a'.repeat(40) } });
    expect(sentinelSelectSlave(w.s, w.sen)).toBe('R2');
    w = selecting({ R1: { runid: null }, R2: { runid: 'f'.repeat(40) } });
    expect(sentinelSelectSlave(w.s, w.sen)).toBe('R2');
  });

  it('excludes SDOWN, disconnected, silent for > 5 s, priority 0, stale INFO and a link down too long', () => {
    const bad: Array<Partial<ReplicaRecord>> = [
      { sdown: true },
      { link: link({ disconnected: true }) },
      { link: link({ lastAvailTime: T0 - 5001 }) },
      { slavePriority: 0 },
      { infoRefresh: T0 - 5001 },
      // 10·dam + the master's 2 s of SDOWN = 12 s.
      { masterLinkDownTime: 12001 },
    ];
    for (const over of bad) {
      const w = selecting({ R1: { ...over, slaveReplOffset: 5000 }, R2: {} });
      expect(sentinelSelectSlave(w.s, w.sen), JSON.stringify(over)).toBe('R2');
    }
    const edge = selecting({ R1: { masterLinkDownTime: 12000, link: link({ lastAvailTime: T0 - 5000 }), infoRefresh: T0 - 5000, slaveReplOffset: 5000 }, R2: {} });
    expect(sentinelSelectSlave(edge.s, edge.sen)).toBe('R1');
  });

  it('takes a replica that never synced since its restart (link down since −1 s) and one that reports role master', () => {
    const w = selecting({ R1: { masterLinkDownTime: -1000, slaveReplOffset: 1, roleReported: 'master' } });
    expect(sentinelSelectSlave(w.s, w.sen)).toBe('R1');
  });

  it('allows INFO up to 30 s old when the master is not SDOWN', () => {
    let w = selecting({ R1: { infoRefresh: T0 - 30000 } }, false);
    expect(sentinelSelectSlave(w.s, w.sen)).toBe('R1');
    w = selecting({ R1: { infoRefresh: T0 - 30001 } }, false);
    expect(sentinelSelectSlave(w.s, w.sen)).toBeNull();
  });

  it('aborts no-good-slave when there is no candidate, and otherwise sends SLAVEOF NO ONE once the link is up', () => {
    let w = selecting({ R1: { slavePriority: 0 } });
    let m = w.sen.master;
    Object.assign(m, { failoverInProgress: true, failoverState: 'select_slave', failoverEpoch: 1 });
    sentinelFailoverStateMachine(w.s, w.sen);
    expect(m.failoverState).toBe('none');
    expect(events(w.s, 'failover-abort')).toEqual([expect.objectContaining({ detail: 'no-good-slave' })]);

    w = selecting({ R1: {} });
    m = w.sen.master;
    Object.assign(m, { failoverInProgress: true, failoverState: 'select_slave', failoverEpoch: 1 });
    sentinelFailoverStateMachine(w.s, w.sen);
    expect([m.failoverState, m.promotedSlave, m.slaves.R1.promoted]).toEqual(['send_slaveof_noone', 'R1', true]);
    m.slaves.R1.link.disconnected = true;
    sentinelFailoverStateMachine(w.s, w.sen);
    expect(sent).toHaveLength(0);
    m.slaves.R1.link.disconnected = false;
    sentinelFailoverStateMachine(w.s, w.sen);
    expect(sent).toEqual([{ from: 'S1', to: 'R1', body: { type: 'slaveof', master: null } }]);
    expect(m.failoverState).toBe('wait_promotion');
    // No INFO showing role:master within fto: abort, and the candidate is no longer PROMOTED.
    w.s.now += m.failoverTimeout + 1;
    sentinelFailoverStateMachine(w.s, w.sen);
    expect([m.failoverState, m.promotedSlave, m.slaves.R1.promoted]).toEqual(['none', null, false]);
    expect(events(w.s, 'failover-abort').at(-1)).toMatchObject({ detail: 'slave-timeout' });
  });

  it('cannot abort once the promotion was seen', () => {
    const w = selecting({ R1: {} });
    Object.assign(w.sen.master, { failoverInProgress: true, failoverState: 'reconf_slaves' });
    expect(() => sentinelAbortFailover(w.s, w.sen)).toThrow(/cannot abort/);
  });
});

describe('promotion seen and the acting half of INFO (sentinelRefreshInstanceInfoActing)', () => {
  const info = (role: 'master' | 'slave', masterHost: NodeName | null = null) => ({
    runId: 'x'.repeat(40), role, slaves: [], masterHost, masterLinkStatus: 'up' as const, masterLinkDownSinceSeconds: null, slavePriority: 100, slaveReplOffset: 1,
  });

  it('role:master from the PROMOTED replica in WAIT_PROMOTION: config epoch, RECONF_SLAVES, saved, hellos forced', () => {
    const s = world();
    const sen = s.sentinels.S1;
    const m = sen.master;
    Object.assign(m, { failoverInProgress: true, failoverState: 'wait_promotion', failoverEpoch: 4, promotedSlave: 'R1' });
    m.slaves.R1.promoted = true;
    sentinelRefreshInstanceInfoActing(s, sen, 'R1', info('master'));
    expect([m.configEpoch, m.failoverState, sen.conf.configEpoch]).toEqual([4, 'reconf_slaves', 4]);
    expect(events(s, 'promoted-slave')).toEqual([expect.objectContaining({ about: 'R1', epoch: 4 })]);
    expect(m.lastPubTime).toBe(T0 - 2001);
    expect(m.sentinels.S2.lastPubTime).toBe(T0 - 2001);
  });

  it('converts a replica claiming master after 8 s of that role, only while the master looks sane', () => {
    const s = world();
    const sen = s.sentinels.S1;
    const r = sen.master.slaves.R2;
    r.roleReported = 'master'; r.roleReportedTime = T0 - 8000;
    sentinelRefreshInstanceInfoActing(s, sen, 'R2', info('master'));
    expect(sent).toHaveLength(0); // exactly 8 s: not yet
    s.now += 1;
    sen.master.sdown = true;
    sentinelRefreshInstanceInfoActing(s, sen, 'R2', info('master'));
    expect(sent).toHaveLength(0); // master not sane
    sen.master.sdown = false;
    r.sDownSinceTime = s.now - 8000;
    sentinelRefreshInstanceInfoActing(s, sen, 'R2', info('master'));
    expect(sent).toHaveLength(0); // its own SDOWN began 8 s ago
    r.sDownSinceTime = 0;
    sen.tilt = true;
    sentinelRefreshInstanceInfoActing(s, sen, 'R2', info('master'));
    expect(sent).toHaveLength(0); // TILT
    sen.tilt = false;
    sentinelRefreshInstanceInfoActing(s, sen, 'R2', info('master'));
    expect(sent).toEqual([{ from: 'S1', to: 'R2', body: { type: 'slaveof', master: 'M' } }]);
    expect(events(s, 'convert-to-slave')).toEqual([expect.objectContaining({ about: 'R2' })]);
  });

  it('fixes a replica following another address after failover-timeout without change', () => {
    const s = world({ fto: 60000 });
    const sen = s.sentinels.S1;
    const r = sen.master.slaves.R1;
    r.slaveMasterHost = 'R2'; r.slaveConfChangeTime = T0 - 60000;
    sentinelRefreshInstanceInfoActing(s, sen, 'R1', info('slave', 'R2'));
    expect(sent).toHaveLength(0);
    s.now += 1;
    sen.master.infoRefresh = s.now - 20000;
    sentinelRefreshInstanceInfoActing(s, sen, 'R1', info('slave', 'R2'));
    expect(sent).toHaveLength(0); // master INFO 20 s old: not sane
    sen.master.infoRefresh = s.now;
    sentinelRefreshInstanceInfoActing(s, sen, 'R1', info('slave', 'R2'));
    expect(sent).toEqual([{ from: 'S1', to: 'R1', body: { type: 'slaveof', master: 'M' } }]);
    expect(events(s, 'fix-slave-config')).toHaveLength(1);
  });
});

describe('reconfiguring the replicas and the end (sentinelFailoverReconfNextSlave, sentinelFailoverDetectEnd)', () => {
  /** S1 in RECONF_SLAVES with R1 promoted and R2…Rn to reconfigure. */
  function reconfiguring(opts: WorldOpts = {}) {
    const s = world({ replicas: 3, ...opts });
    const sen = s.sentinels.S1;
    const m = sen.master;
    Object.assign(m, { failoverInProgress: true, failoverState: 'reconf_slaves', failoverEpoch: 1, promotedSlave: 'R1', failoverStateChangeTime: T0 });
    m.slaves.R1.promoted = true;
    return { s, sen, m };
  }
  const tick = (s: State, sen: SentinelProc) => sentinelFailoverStateMachine(s, sen);
  const slaveInfo = (s: State, addr: NodeName, host: NodeName, link: 'up' | 'down') => {
    const r = s.sentinels.S1.master.slaves[addr];
    // The observing half's work: a changed master address restarts slave_conf_change_time.
    if (r.slaveMasterHost !== host) r.slaveConfChangeTime = s.now;
    r.slaveMasterHost = host; r.slaveMasterLinkStatus = link;
    sentinelRefreshInstanceInfoActing(s, s.sentinels.S1, addr, {
      runId: r.runid as string, role: 'slave', slaves: [], masterHost: host, masterLinkStatus: link, masterLinkDownSinceSeconds: null, slavePriority: 100, slaveReplOffset: 1,
    });
  };

  it('reconfigures parallel-syncs replicas at a time, through SENT, INPROG and DONE, then ends', () => {
    const { s, sen, m } = reconfiguring();
    tick(s, sen);
    // Which replica goes first is the dict's order (per process: model/sentinel/dictOrder.ts).
    expect(sent).toHaveLength(1);
    const first = sent[0].to;
    const second = first === 'R2' ? 'R3' : 'R2';
    expect(['R2', 'R3']).toContain(first);
    expect(m.slaves[first].reconf).toBe('sent');
    tick(s, sen);
    expect(sent).toHaveLength(1); // one in progress
    slaveInfo(s, first, 'R1', 'down');
    expect(m.slaves[first].reconf).toBe('inprog');
    slaveInfo(s, first, 'R1', 'up');
    expect(m.slaves[first].reconf).toBe('done');
    tick(s, sen);
    expect(sent.map((x) => x.to)).toEqual([first, second]);
    slaveInfo(s, second, 'R1', 'up'); // SENT → INPROG → DONE on one INFO
    expect(m.failoverState).toBe('reconf_slaves');
    tick(s, sen);
    expect(m.failoverState).toBe('update_config');
    expect(events(s, 'failover-end')).toEqual([expect.objectContaining({ node: 'S1', epoch: 1 })]);
    expect(events(s, 'slave-reconf-sent').map((e) => e.about)).toEqual([first, second]);
  });

  it('with parallel-syncs 2 sends to two at once', () => {
    const { s, sen } = reconfiguring({ parallelSyncs: 2 });
    tick(s, sen);
    expect(sent.map((x) => x.to).sort()).toEqual(['R2', 'R3']);
  });

  it('times a SENT replica out after 10 s only when the loop reaches it, and sends it SLAVEOF again', () => {
    // No fourth replica: one the dict's order put before R3 would take the last slot first.
    const { s, sen, m } = reconfiguring();
    Object.assign(m.slaves.R2, { reconf: 'inprog' });
    Object.assign(m.slaves.R3, { reconf: 'sent', slaveReconfSentTime: T0 - 20000 });
    tick(s, sen);
    expect(m.slaves.R3.reconf).toBe('sent'); // in_progress 2 ≥ 1: the loop does not start
    expect(sent).toHaveLength(0);
    m.parallelSyncs = 3;
    tick(s, sen);
    expect(events(s, 'slave-reconf-sent-timeout')).toEqual([expect.objectContaining({ about: 'R3' })]);
    // R3 is DONE and SENT again (in_progress was 2, then 3 after R3).
    expect(m.slaves.R3.reconf).toBe('done-sent');
    expect(sent.map((x) => x.to)).toEqual(['R3']);
    slaveInfo(s, 'R3', 'R1', 'up');
    expect(m.slaves.R3.reconf).toBe('done');
  });

  it('does not end while the promoted replica is SDOWN, even after failover-timeout', () => {
    const { s, sen, m } = reconfiguring({ fto: 10000 });
    m.slaves.R1.sdown = true;
    s.now += 60000;
    tick(s, sen);
    expect(m.failoverState).toBe('reconf_slaves');
    expect(events(s, 'failover-end')).toHaveLength(0);
  });

  it('ends for timeout after failover-timeout, with a best-effort SLAVEOF to connected replicas not yet SENT', () => {
    const { s, sen, m } = reconfiguring({ fto: 10000, replicas: 4 });
    Object.assign(m.slaves.R2, { reconf: 'inprog' });
    m.slaves.R4.link.disconnected = true;
    s.now += 10001;
    tick(s, sen);
    expect(m.failoverState).toBe('update_config');
    expect(events(s, 'failover-end')).toEqual([expect.objectContaining({ detail: 'for-timeout' })]);
    expect(sent.map((x) => x.to)).toEqual(['R2', 'R3']); // INPROG is not skipped by the best-effort loop
  });

  it('replicas that are SDOWN do not hold the end back', () => {
    const { s, sen, m } = reconfiguring({ replicas: 2 });
    m.slaves.R2.sdown = true;
    m.slaves.R2.link.disconnected = true;
    tick(s, sen);
    expect(m.failoverState).toBe('update_config');
  });

  it('the switch resets the record, so a new master can be failed over at once', () => {
    const { s, sen, m } = reconfiguring({ fto: 10000 });
    m.failoverStartTime = T0;
    m.failoverState = 'update_config';
    // No connections to close here (this State has no network).
    for (const r of [m, ...Object.values(m.slaves)]) { r.link.cc = 0; r.link.pc = 0; }
    sentinelFailoverSwitchToPromotedSlave(s, sen);
    expect(events(s, 'switch-master')).toEqual([expect.objectContaining({ about: 'R1', from: 'M' })]);
    expect([m.addr, m.failoverState, m.failoverStartTime, m.promotedSlave]).toEqual(['R1', 'none', 0, null]);
    expect(Object.keys(m.slaves).sort()).toEqual(['M', 'R2', 'R3']);
    m.sdown = true; m.odown = true;
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(true);
  });
});

describe('SENTINEL FAILOVER (sentinelFailoverRequested)', () => {
  const request = (s: State, node: NodeName) => sentinelFailoverRequested(s, { type: 'SentinelFailoverRequested', node });

  it('refuses -INPROG during a failover and -NOGOODSLAVE without a candidate (INFO up to 30 s old counts)', () => {
    const s = world({ replicas: 1 });
    const m = s.sentinels.S1.master;
    m.failoverInProgress = true;
    request(s, 'S1');
    m.failoverInProgress = false;
    m.slaves.R1.infoRefresh = T0 - 30001;
    request(s, 'S1');
    expect(events(s, 'failover-refused').map((e) => String(e.detail).split(' ')[0])).toEqual(['INPROG', 'NOGOODSLAVE']);
    m.slaves.R1.infoRefresh = T0 - 29000;
    request(s, 'S1');
    expect(m.failoverState).toBe('wait_start');
  });

  it('starts a forced failover: epoch +1 unsaved, no ask round, a self-vote that saves it, and no election needed', () => {
    const s = world();
    const sen = s.sentinels.S1;
    const m = sen.master;
    request(s, 'S1');
    expect([m.forceFailover, sen.currentEpoch, sen.conf.currentEpoch]).toEqual([true, 1, 0]);
    sentinelAskMasterStateToOtherSentinels(s, sen, false);
    expect(sent).toHaveLength(0); // the master is not SDOWN: nobody is asked
    sentinelFailoverStateMachine(s, sen);
    expect(m.failoverState).toBe('select_slave');
    expect([m.leader, m.leaderEpoch, sen.conf.currentEpoch, sen.conf.leaderEpoch]).toEqual([sen.myid, 1, 1, 1]);
    expect(events(s, 'vote-for-leader')).toEqual([expect.objectContaining({ node: 'S1', detail: 'S1' })]);
    expect(events(s, 'elected-leader')).toEqual([expect.objectContaining({ votes: 1, known: 3, forced: true, detail: 'forced' })]);
  });
});

describe('what the data node does with the SLAVEOF transaction (execSlaveOfTransaction)', () => {
  const standalone = () => initialState(parseTrace({ config: { topology: 'replication', replicas: 2 }, events: [] }));

  it('SLAVEOF NO ONE promotes a replica and rewrites its redis.conf without replicaof; on a master it is a no-op', () => {
    const s = standalone();
    const r1 = s.nodes.R1;
    const replid = r1.replid;
    execSlaveOfTransaction(s, r1, null);
    expect([r1.role, r1.repl.master, r1.replid2, r1.disk.redisConf.replicaof]).toEqual(['master', null, replid, null]);
    const promoted = r1.replid;
    execSlaveOfTransaction(s, r1, null);
    expect(r1.replid).toBe(promoted);
    expect(s.timeline.filter((e) => e.event === 'replicaof' && e.node === 'R1')).toHaveLength(1);
  });

  it('SLAVEOF <host> demotes a master and saves the line; the same master again is "Already connected"', () => {
    const s = standalone();
    execSlaveOfTransaction(s, s.nodes.M, 'R1');
    expect([s.nodes.M.role, s.nodes.M.repl.master, s.nodes.M.disk.redisConf.replicaof]).toEqual(['replica', 'R1', 'R1']);
    const conn = s.nodes.R2.repl.conn;
    execSlaveOfTransaction(s, s.nodes.R2, 'M');
    expect([s.nodes.R2.repl.conn, s.nodes.R2.disk.redisConf.replicaof]).toEqual([conn, 'M']);
    expect(s.timeline.filter((e) => e.event === 'replicaof' && e.node === 'R2')).toHaveLength(0);
  });
});

describe('0 is "never" for Sentinel timestamps, whatever the model time', () => {
  it('failover_start_time 0 does not block, and info_refresh 0 is stale, even seconds after T0', () => {
    const s = world();
    s.now = 3000;
    const sen = s.sentinels.S1;
    const m = sen.master;
    m.slaves.R1.infoRefresh = 0;
    m.slaves.R2.infoRefresh = 2500;
    m.slaves.R2.link.lastAvailTime = 2500;
    m.slaves.R1.link.lastAvailTime = 2500;
    m.sdown = true; m.odown = true; m.sDownSinceTime = 2000;
    expect(sentinelSelectSlave(s, sen)).toBe('R2');
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(true);
    m.infoRefresh = 0; m.sdown = false; m.odown = false;
    Object.assign(m.slaves.R2, { roleReported: 'master', roleReportedTime: -6000 });
    const claimsMaster = () => sentinelRefreshInstanceInfoActing(s, sen, 'R2', {
      runId: 'x'.repeat(40), role: 'master', slaves: [], masterHost: null, masterLinkStatus: 'up', masterLinkDownSinceSeconds: null, slavePriority: 100, slaveReplOffset: 1,
    });
    claimsMaster();
    expect(sent).toHaveLength(0); // a master never heard from is not sane
    m.infoRefresh = 2900;
    claimsMaster();
    expect(sent).toEqual([{ from: 'S1', to: 'R2', body: { type: 'slaveof', master: 'M' } }]);
  });
});

describe('the breakers read where the rules are (model/kernel/mutations.ts)', () => {
  afterEach(() => resetMutations());

  it('sentinelVoteTwice: a second vote in the same epoch', () => {
    const s = world();
    const ask = (rid: string) => sentinelCommandIsMasterDownByAddr(s, s.sentinels.S2, { type: 'is-master-down', addr: 'M', epoch: 1, runid: rid });
    ask(runid('S1'));
    expect(ask(runid('S3')).leader).toBe(runid('S1'));
    mutations.sentinelVoteTwice = true;
    expect(ask(runid('S3')).leader).toBe(runid('S3'));
  });

  it('sentinelLeaderWithoutMajority: my own vote alone elects me', () => {
    const s = world();
    const sen = s.sentinels.S1;
    sen.master.sdown = true; sen.master.odown = true;
    sentinelStartFailoverIfNeeded(s, sen);
    expect(sentinelGetLeader(s, sen, 1)).toBeNull();
    mutations.sentinelLeaderWithoutMajority = true;
    expect(sentinelGetLeader(s, sen, 1)).toBe(sen.myid);
  });

  it('sentinelFailoverWithoutOdown: a failover on SDOWN alone', () => {
    const s = world();
    const sen = s.sentinels.S1;
    sen.master.sdown = true;
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(false);
    mutations.sentinelFailoverWithoutOdown = true;
    expect(sentinelStartFailoverIfNeeded(s, sen)).toBe(true);
  });
});

describe('SENTINEL FAILOVER to a stopped or paused Sentinel', () => {
  it('a stopped one gives no reply; a paused one reads the command when it resumes', () => {
    const s = world();
    (s as unknown as { held: Record<string, unknown[]> }).held = {};
    s.sentinels.S1.proc = 'down';
    sentinelFailoverRequested(s, { type: 'SentinelFailoverRequested', node: 'S1' });
    expect(events(s, 'failover-refused')).toEqual([expect.objectContaining({ detail: 'no reply: the Sentinel is not running' })]);
    s.sentinels.S1.proc = 'paused';
    sentinelFailoverRequested(s, { type: 'SentinelFailoverRequested', node: 'S1' });
    expect(s.sentinels.S1.master.failoverState).toBe('none');
    expect(s.held.S1).toEqual([{ type: 'SentinelFailoverRequested', node: 'S1' }]);
  });
});
