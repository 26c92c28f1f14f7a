// The reports of a Sentinel deployment, on a hand-made run that follows the outcome contract
// (issue 12): Sentinel events as Sentinel logs them on the timeline and in the Mermaid diagram,
// Sentinels as participants and as state columns, and each Sentinel's final view.
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../model/kernel/outcome.ts';
import type { State, TimelineEntry } from '../model/kernel/state.ts';
import { parseTrace } from '../model/kernel/trace.ts';
import { simulate } from '../model/index.ts';
import { logName, renderSentinels, STANDALONE_MATTERS } from '../render/sentinel.ts';
import { sequence, standaloneSnapshot, stepChanges, timelineTable, type Row, type Snap } from '../render/standalone.ts';
import { renderTimeline } from '../render/timeline.ts';

const trace = parseTrace({
  name: 'M killed', config: { topology: 'sentinel', downAfterMilliseconds: 5000 }, seed: 1,
  events: [{ at: 0, type: 'writes', every: 100, until: 20000 }, { at: 1000, type: 'crash', node: 'M' }, { at: 30000, type: 'restart', node: 'M' }],
  until: 40000,
});

const tl: TimelineEntry[] = [
  { at: 1000, node: 'M', event: 'crash', detail: 'kill -9' },
  { at: 6010, node: 'S1', event: 'sdown', about: 'M' },
  { at: 6020, node: 'S2', event: 'sdown', about: 'M' },
  { at: 6030, node: 'S1', event: 'odown', about: 'M', detail: '#quorum 2/2' },
  { at: 6030, node: 'S1', event: 'new-epoch', about: 'M', epoch: 1 },
  { at: 6031, node: 'S1', event: 'try-failover', about: 'M', epoch: 1 },
  { at: 6032, node: 'S1', event: 'vote-for-leader', about: 'M', epoch: 1, leader: 'S1' },
  { at: 6035, node: 'S2', event: 'vote-for-leader', about: 'M', epoch: 1, leader: 'S1' },
  { at: 6040, node: 'S1', event: 'elected-leader', about: 'M', epoch: 1 },
  { at: 6041, node: 'S1', event: 'selected-slave', about: 'R1' },
  { at: 6042, node: 'R1', event: 'replicaof', detail: 'no one' },
  { at: 6042, node: 'R1', event: 'promoted', about: 'M' },
  { at: 7000, node: 'S1', event: 'promoted-slave', about: 'R1' },
  { at: 7001, node: 'S1', event: 'slave-reconf-sent', about: 'R2' },
  { at: 7002, node: 'R2', event: 'replicaof', detail: 'R1' },
  { at: 7100, node: 'R2', event: 'partial-sync', from: 'R1', offset: 1200 },
  { at: 8000, node: 'S1', event: 'switch-master', about: 'R1', from: 'M', epoch: 1 },
  { at: 8100, node: 'S3', event: 'failover-abort', about: 'M', detail: 'not-elected' },
  { at: 9000, node: 'S3', event: 'tilt' },
  { at: 30000, node: 'M', event: 'restart', detail: 'master, 0 keys loaded' },
  { at: 31000, node: 'S2', event: 'convert-to-slave', about: 'M' },
  { at: 31100, node: 'M', event: 'full-sync', from: 'R1', keysBefore: 0, keysAfter: 290 },
];

const node = (role: 'master' | 'replica', replicaOf: string | null, keys: number, up = true) => ({
  up, role, replicaOf, slots: [], currentEpoch: 0, configEpoch: 0, keys, offset: keys * 40, clusterState: 'ok' as const, replid: 'a1b2c3d4e5f6', linkStatus: role === 'master' ? 'n/a' : 'up',
});
const view = (master: string, epoch: number, tilt = false) => ({ up: true, master, currentEpoch: epoch, configEpoch: epoch, leaderEpoch: epoch, failoverState: 'none', tilt });

const outcome = {
  trace: trace.name, seed: 1, until: 40000,
  nodes: { M: node('replica', 'R1', 290), R1: node('master', null, 290), R2: node('replica', 'R1', 290) },
  sentinels: { S1: view('R1', 1), S2: view('R1', 1), S3: view('M', 1, true) },
  writes: { acked: 300, refused: 60, unknown: 1, lost: 2, unavailable: 0, lostIds: ['w9', 'w10'], maxLossWindowMs: 20, refusedBy: { CONNREFUSED: 60 }, waitAckedLost: 0, maxLossWindowAfterMs: 0 },
  lost: [],
  downtime: [{ shard: 'M', slots: [], windows: [{ from: 1000, to: 8300 }], totalMs: 7300 }],
  failures: [{ fault: { at: 1000, event: 'crash', node: 'M' }, failMs: null, promotedMs: 5042, fullSyncStartMs: 30090, fullSyncEndMs: 30100 }],
  timeline: tl,
} as unknown as Outcome;

describe('the timeline of a Sentinel run (simulate --timeline, matrix evidence)', () => {
  const text = renderTimeline(trace, {} as State, outcome);

  it('shows Sentinel events with Sentinel\'s sign, and data-node REPLICAOF', () => {
    expect(text).toMatch(/T\+6\.010s +S1 +\+sdown +about=M/);
    expect(text).toMatch(/S1 +\+odown +about=M detail=#quorum 2\/2/);
    expect(text).toMatch(/S2 +\+vote-for-leader +about=M epoch=1 leader=S1/);
    expect(text).toMatch(/S1 +\+switch-master +about=R1 from=M epoch=1/);
    expect(text).toMatch(/S3 +-failover-abort-not-elected about=M\n/);
    expect(text).toMatch(/S3 +\+tilt/);
    expect(text).toMatch(/S2 +\+convert-to-slave +about=M/);
    expect(text).toMatch(/R1 +replicaof +detail=no one/);
  });

  it('prints data nodes without slots or cluster epochs, and each Sentinel\'s view', () => {
    expect(text).not.toContain('slots=');
    expect(text).toMatch(/ {2}M {4}up {3}replica of R1 +keys=290 offset=11600 link=up replid=a1b2c3d4/);
    expect(text).toContain('S1   up   master=R1 currentEpoch=1 configEpoch=1 leaderEpoch=1 failover=none');
    expect(text).toContain('S3   up   master=M currentEpoch=1 configEpoch=1 leaderEpoch=1 failover=none TILT');
  });

  it('gives the downtime of the one dataset and the failover\'s steps from the fault', () => {
    expect(text).toContain('Downtime (first refused write to the first accepted one):\n  7300 ms — T+1.000s–T+8.300s');
    expect(text).toContain('crash M @ T+1.000s: +sdown +5010 ms, +odown +5030 ms, +elected-leader +5040 ms, promoted +5042 ms, +switch-master +7000 ms, full sync +30090 ms → +30100 ms');
  });

  it('names no Sentinel section for a deployment without Sentinels', () => {
    expect(renderSentinels({ ...outcome, sentinels: {} } as unknown as Outcome)).toEqual([]);
    const repl = parseTrace({ name: 'r', config: { topology: 'replication' }, seed: 1, events: [], until: 1000 });
    const t2 = renderTimeline(repl, {} as State, { ...outcome, sentinels: {}, timeline: tl.filter((e) => !e.node.startsWith('S')) } as unknown as Outcome);
    expect(t2).toContain('Per failure (from the fault): promotion, full sync start → end:\n  crash M @ T+1.000s: promoted +5042 ms, full sync +30090 ms → +30100 ms');
    expect(t2).not.toContain('Sentinels');
  });

  it('leaves a Cluster node\'s events as they are', () => {
    expect(logName({ event: 'fail' }, new Set(['S1']), 'A')).toBe('fail');
    expect(logName({ event: 'sdown' }, new Set(['S1']), 'S1')).toBe('+sdown');
    expect(logName({ event: 'odown-cleared' }, new Set(['S1']), 'S1')).toBe('-odown');
    expect(logName({ event: 'failover-end', detail: 'for-timeout' }, new Set(['S1']), 'S1')).toBe('+failover-end-for-timeout');
    expect(logName({ event: 'failover-end' }, new Set(['S1']), 'S1')).toBe('+failover-end');
  });
});

describe('a counterexample report of a Sentinel run', () => {
  const data = ['M', 'R1', 'R2'];
  const sentinels = ['S1', 'S2', 'S3'];
  const snap = (m: string, r1: string, failover: string, epoch: number, mUp = '', sUp = ''): Snap => ({
    data: { M: { up: mUp, role: m, offset: 1000, keys: 25 }, R1: { up: '', role: r1, offset: 1000, keys: 25 }, R2: { up: '', role: 'r(M)', offset: 990, keys: 24 } },
    sentinels: { S1: { up: sUp, master: 'M', epoch, failover, tilt: false }, S2: { up: '', master: 'M', epoch, failover: 'none', tilt: false }, S3: { up: '', master: 'M', epoch: 0, failover: 'none', tilt: false } },
  });
  const rows: Row[] = [
    { e: tl[0], step: 3, snap: snap('M', 'r(M)', 'none', 0, '✝') },
    { e: tl[1], step: 40, snap: snap('M', 'r(M)', 'none', 0, '✝') },
    { e: tl[6], step: 44, snap: snap('M', 'r(M)', 'wait_start', 1, '✝') },
    { e: tl[7], step: 45, snap: snap('M', 'r(M)', 'wait_start', 1, '✝') },
    { e: tl[9], step: 47, snap: snap('M', 'r(M)', 'select_slave', 1, '✝') },
    { e: tl[10], step: 48, snap: snap('M', 'M', 'wait_promotion', 1, '✝') },
    { e: tl[13], step: 50, snap: snap('M', 'M', 'reconf_slaves', 1, '✝') },
    { e: tl[15], step: 51, snap: snap('M', 'M', 'reconf_slaves', 1, '✝') },
    { e: tl[16], step: 55, snap: snap('M', 'M', 'none', 1, '✝') },
    { e: tl[20], step: 60, snap: snap('r(R1)', 'M', 'none', 1) },
  ];

  it('has a state column per Sentinel: the master it believes in, its epoch and failover state', () => {
    const t = timelineTable(rows, data, sentinels).join('\n');
    expect(t).toContain('| time | step | node | event | M | R1 | R2 | S1 | S2 | S3 |');
    expect(t).toContain('| T+6.032s | 44 | S1 | +vote-for-leader about=M epoch=1 leader=S1 | ✝M 1000/25k | r(M) 1000/25k | r(M) 990/24k | →M e1 wait_start | →M e1 | →M e0 |');
  });

  it('lists per step what changed, Sentinels included', () => {
    const t = stepChanges(rows, data, sentinels).join('\n');
    expect(t).toContain('- step 44 (T+6.032s) S1 +vote-for-leader: S1 →M e0 → →M e1 wait_start; S2 →M e0 → →M e1');
    expect(t).toContain('- step 48 (T+6.042s) R1 replicaof: R1 r(M) 1000/25k → M 1000/25k; S1 →M e1 select_slave → →M e1 wait_promotion');
    expect(t).toContain('- step 55 (T+8.000s) S1 +switch-master: S1 →M e1 reconf_slaves → →M e1');
    expect(t).toContain('- step 60 (T+31.000s) S2 +convert-to-slave: M ✝M 1000/25k → r(R1) 1000/25k\n');
  });

  it('draws Sentinels as participants, their votes, observations and commands', () => {
    const t = sequence(rows, data, sentinels).join('\n');
    expect(t).toContain('  participant M\n  participant R1\n  participant R2\n  participant S1\n  participant S2\n  participant S3');
    expect(t).toContain('  S1-->>M: T+6.010s +sdown');
    expect(t).toContain('  Note over S1: T+6.032s +vote-for-leader e1'); // a vote for itself
    expect(t).toContain('  S2->>S1: T+6.035s +vote-for-leader e1');
    expect(t).toContain('  Note over R1: T+6.042s REPLICAOF NO ONE');
    expect(t).toContain('  S1->>R2: T+7.001s +slave-reconf-sent');
    expect(t).toContain('  R1->>R2: T+7.100s partial-sync');
    expect(t).toContain('  S2->>M: T+31.000s +convert-to-slave');
    expect(t).toContain('  Note over S1: T+8.000s +switch-master M → R1 e1');
    expect(t).toContain('  Note over M: T+1.000s crash');
  });
});

describe('the reports of a real Sentinel run (M killed, down-after 2 s)', () => {
  const t = parseTrace({
    name: 'M killed', config: { topology: 'sentinel', downAfterMilliseconds: 2000 }, seed: 1,
    events: [{ at: 0, type: 'writes', every: 100, until: 12000 }, { at: 2000, type: 'crash', node: 'M' }], until: 15000,
  });
  const rows: Row[] = [];
  let seen = 0;
  let step = 0;
  const { state, outcome: o } = simulate(t, { observe: (s: State) => {
    step++;
    for (; seen < s.timeline.length; seen++) rows.push({ e: s.timeline[seen], step, snap: standaloneSnapshot(s) });
  } });
  const promoted = o.timeline.find((e) => e.event === 'promoted')!.node;

  it('prints the failover as Sentinel logs it, and each Sentinel naming the promoted replica', () => {
    const text = renderTimeline(t, state, o);
    for (const ev of ['+sdown', '+odown', '+vote-for-leader', '+elected-leader', '+selected-slave', '+promoted-slave', '+switch-master']) expect(text).toContain(` ${ev} `);
    for (const s of ['S1', 'S2', 'S3']) expect(text).toMatch(new RegExp(`  ${s} +up +master=${promoted} currentEpoch=1 `));
    expect(text).toMatch(/crash M @ T\+2\.000s: \+sdown \+2\d{3} ms, \+odown \+2\d{3} ms, \+elected-leader \+\d+ ms, promoted \+\d+ ms, \+switch-master \+\d+ ms/);
  });

  it('snapshots every Sentinel after each step: the leader moves through the failover states', () => {
    const leader = o.timeline.find((e) => e.event === 'elected-leader')!.node;
    const states = rows.map((r) => r.snap.sentinels[leader].failover).filter((x, i, a) => i === 0 || x !== a[i - 1]);
    expect(states).toEqual(['none', 'wait_start', 'select_slave', 'send_slaveof_noone', 'wait_promotion', 'reconf_slaves', 'none']);
    const last = rows[rows.length - 1].snap;
    expect(Object.values(last.sentinels).map((x) => `${x.master} e${x.epoch}`)).toEqual([`${promoted} e1`, `${promoted} e1`, `${promoted} e1`]);
    expect(last.data[promoted].role).toBe('M');
    expect(last.data.M.up).toBe('✝');
    const diagram = sequence(rows.filter((r) => STANDALONE_MATTERS.has(r.e.event)), ['M', 'R1', 'R2'], ['S1', 'S2', 'S3']).join('\n');
    expect(diagram).toMatch(/S\d-->>M: T\+\d+\.\d{3}s \+sdown/);
    expect(diagram).toContain(`REPLICAOF NO ONE`);
  });
});
