// The outcome's windows on traces whose answer is known by construction.
import { describe, expect, it } from 'vitest';
import { failureTimes, shardDowntime } from '../model/kernel/outcome.ts';
import type { State } from '../model/kernel/state.ts';
import type { Trace } from '../model/kernel/trace.ts';
import { runScenario } from './helpers.ts';
import { parseTrace } from '../model/kernel/trace.ts';
import { simulate } from '../model/index.ts';

const trace = { config: { masters: 2, replicasPerMaster: 1 }, until: 10000 } as unknown as Trace;
const w = (sentAt: number, slot: number, result: string) => ({ id: `w${sentAt}`, key: 'k', slot, sentAt, result, appliedBy: null, appliedAt: 0, error: null, repliedAt: sentAt, wait: null });

describe('outcome windows', () => {
  it('downtime: first refused (or timed-out) write to the first accepted one, per slot range', () => {
    const s = { writes: [w(100, 1, 'acked'), w(200, 1, 'refused'), w(300, 1, 'unknown'), w(900, 1, 'acked'), w(400, 9000, 'refused'), w(1000, 9000, 'refused')] } as unknown as State;
    const [a, b] = shardDowntime(trace, s);
    expect(a).toMatchObject({ shard: 'A', windows: [{ from: 200, to: 900 }], totalMs: 700 });
    expect(b).toMatchObject({ shard: 'B', windows: [{ from: 400, to: null }], totalMs: 600 }); // open: up to the last write sent
  });
  it('failure times are measured from the crash of a master, per shard', () => {
    const timeline = [
      { at: 1000, node: 'A', event: 'crash' },
      { at: 1200, node: 'A1', event: 'full-sync-start', from: 'B' }, // before the fault's shard matters: still counted only from the fault
      { at: 3000, node: 'B', event: 'fail', about: 'A' },
      { at: 3800, node: 'A1', event: 'promoted', about: 'A' },
      { at: 5000, node: 'B1', event: 'full-sync-start' },
      { at: 6000, node: 'A', event: 'full-sync-start', from: 'A1' },
      { at: 6012, node: 'A', event: 'full-sync', from: 'A1' },
      { at: 7000, node: 'A1', event: 'crash' }, // A1 is a master by then
    ];
    const s = { timeline, nodes: { A: {}, A1: {}, B: {}, B1: {} } } as unknown as State;
    const [f, g] = failureTimes(s);
    expect(f).toEqual({ fault: { at: 1000, event: 'crash', node: 'A' }, failMs: 2000, promotedMs: 2800, fullSyncStartMs: 200, fullSyncEndMs: 5012 });
    expect(g.fault.node).toBe('A1');
    expect(g.failMs).toBeNull();
  });
  it('the loss window after the fault: the minority master acks writes after the partition that are later lost', () => {
    const r = runScenario('split-brain-minority-master.json');
    const cut = r.events('partition')[0].at;
    const after = r.outcome.lost.filter((l) => l.ackedAt >= cut);
    expect(after.length).toBeGreaterThan(0);
    expect(r.outcome.writes.maxLossWindowAfterMs).toBe(Math.max(...after.map((l) => l.ackedAt - cut)));
    for (const l of after) expect(l.afterFault).toMatchObject({ at: cut, event: 'partition' });
    expect(r.outcome.writes.maxLossWindowMs).toBe(0); // nothing acked before the cut was lost
  });
});

describe('outcome windows on a forced failover', () => {
  // A keeps acking until it learns of A1's FORCE takeover (its PONG, about 0.1 s later): with a write
  // every 5 ms, some writes land in that window whatever the exact delay.
  const forced = parseTrace({
    name: 'forced failover', seed: 1, until: 27100,
    config: { masters: 3, replicasPerMaster: 2, minReplicasToWrite: 1, nodeTimeout: 1700, appendonly: true, appendfsync: 'everysec', save: [] },
    events: [
      { at: 0, type: 'writes', every: 5, until: 3500 },
      { at: 1500, type: 'delay', from: 'A', to: 'A1', ms: 23 },
      { at: 1500, type: 'failover', node: 'A1', mode: 'force' },
    ],
  });
  it('a write the old master acked after CLUSTER FAILOVER FORCE began, then lost, counts after the fault', () => {
    const { outcome } = simulate(forced);
    const after = outcome.lost.filter((l) => l.afterFault?.event === 'manual-failover');
    expect(after.length).toBeGreaterThan(0);
    for (const l of after) expect(l.afterMs).toBe(l.ackedAt - l.afterFault!.at);
    expect(outcome.writes.maxLossWindowAfterMs).toBe(Math.max(...outcome.lost.map((l) => l.afterMs)));
    expect(outcome.writes.maxLossWindowAfterMs).toBeGreaterThan(0);
  });
});
