// Standalone replication (issue 12 item 2): M and R1…Rn wired by replicaof, without a cluster bus.
import { describe, expect, it } from 'vitest';
import { runScenario, runTrace, trace } from './helpers.ts';
import { simulate } from '../model/index.ts';
import { configRewrite } from '../model/replication/replicaof.ts';

const chain = { topology: 'replication', replicas: 2, replicaof: { R2: 'R1' } };

describe('standalone replication: initial state and boot', () => {
  it('starts synced along the chain with no cluster bus and a redis.conf per node', () => {
    const r = runTrace(trace({ config: chain, events: [{ at: 1000, type: 'writes', every: 100, until: 2000 }], until: 5000 }));
    const { M, R1, R2 } = r.outcome.nodes;
    expect([M.role, R1.replicaOf, R2.replicaOf]).toEqual(['master', 'M', 'R1']);
    expect(r.outcome.writes.acked).toBe(11);
    expect([R1.keys, R2.keys]).toEqual([11, 11]);
    expect(new Set([M.replid, R1.replid, R2.replid]).size).toBe(1);
    expect(R2.offset).toBe(M.offset);
    expect(M.slots).toEqual([]);
    expect(M.clusterState).toBe('ok');
    expect(r.state.timeline.filter((e) => ['pfail', 'fail', 'promoted'].includes(e.event))).toEqual([]);
    expect(Object.values(r.state.nodes).every((n) => n.disk.nodesConf === null && Object.keys(n.cluster.peers).length === 0)).toBe(true);
    expect(r.state.nodes.R2.disk.redisConf).toEqual({ replicaof: 'R1', set: {} });
  });

  it('no cluster bus: no bus message or connect is ever stepped, through crashes and partitions', () => {
    const types = new Set<string>();
    simulate(trace({
      config: chain,
      events: [
        { at: 1000, type: 'writes', every: 200, until: 8000 },
        { at: 2000, type: 'partition', groups: [['M', 'client'], ['R1', 'R2']] },
        { at: 3000, type: 'heal' },
        { at: 4000, type: 'crash', node: 'R1' },
        { at: 5000, type: 'restart', node: 'R1' },
      ],
    }), { observe: (_s, a) => { types.add(a.type); } });
    expect(types.has('ServerCron')).toBe(true);
    expect(types.has('ReplDelivered')).toBe(true);
    expect([...types].filter((t) => t.startsWith('Bus'))).toEqual([]);
  });

  it('a master restarting empty (no persistence) wipes the whole chain: acked writes lost', () => {
    const r = runTrace(trace({
      config: chain,
      events: [
        { at: 1000, type: 'writes', every: 200, until: 8000 },
        { at: 4000, type: 'crash', node: 'M' },
        { at: 6000, type: 'restart', node: 'M' },
      ],
    }));
    expect(r.events('restart', 'M')[0].detail).toBe('master, 0 keys loaded');
    expect(r.events('wiped').map((e) => e.node)).toEqual(['R1', 'R2']);
    expect(r.outcome.writes.lost).toBe(15); // every write acked before the crash
    // 4000…5800 while down, and the one at 6000: M does not listen yet (boot.ts listensAt).
    expect(r.outcome.writes.refusedBy).toEqual({ CONNREFUSED: 11 });
    expect(r.outcome.downtime).toEqual([{ shard: 'M', slots: [], windows: [{ from: 4000, to: 6200 }], totalMs: 2200 }]);
  });

  it('a replica refuses writes with READONLY', () => {
    const r = runTrace(trace({ config: chain, events: [{ at: 1000, type: 'write', node: 'R1' }], until: 3000 }));
    expect(r.outcome.writes.refusedBy).toEqual({ READONLY: 1 });
  });

  it('a restarted replica reads its master from redis.conf and continues with PSYNC from its RDB', () => {
    const r = runTrace(trace({
      config: { ...chain, save: [[1, 1]] },
      events: [
        { at: 1000, type: 'writes', every: 200, until: 9000 },
        { at: 4000, type: 'crash', node: 'R1' },
        { at: 5000, type: 'restart', node: 'R1' },
      ],
    }));
    expect(r.events('restart', 'R1')[0].detail).toMatch(/^replica, \d+ keys loaded$/);
    expect(r.events('psync-continue', 'R1')).toHaveLength(1);
    expect(r.events('full-sync', 'R1')).toHaveLength(0);
    expect(r.outcome.nodes.R2.keys).toBe(r.outcome.nodes.M.keys);
    expect(r.outcome.writes.lost).toBe(0);
  });
});

describe('standalone replication: REPLICAOF and chains', () => {
  it('a chained replica propagates its master stream unchanged: same replid and offsets down the chain', () => {
    const r = runTrace(trace({ config: { topology: 'replication', replicas: 3, replicaof: { R2: 'R1', R3: 'R2' } }, events: [{ at: 500, type: 'writes', every: 50, until: 3000 }], until: 4000 }));
    const { M, R1, R2, R3 } = r.outcome.nodes;
    expect(R3.replicaOf).toBe('R2');
    expect([R1.offset, R2.offset, R3.offset]).toEqual([M.offset, M.offset, M.offset]);
    expect(new Set([M.replid, R1.replid, R2.replid, R3.replid]).size).toBe(1);
    expect(R3.keys).toBe(r.outcome.writes.acked);
    // R1 and R2 serve PSYNC from their backlogs: they hold one, as M does.
    expect(r.state.nodes.R2.ms.backlogStart).toBe(1);
    expect(r.state.timeline.filter((e) => e.event.includes('sync'))).toEqual([]);
  });

  it('REPLICAOF NO ONE promotes R1; its sub-replica R2 continues with a partial sync through replid2', () => {
    const r = runTrace(trace({
      config: { topology: 'replication', replicas: 2, replicaof: { R2: 'R1' } },
      events: [{ at: 1000, type: 'writes', every: 200, until: 2800 }, { at: 3000, type: 'replicaof', node: 'R1', master: null }],
      until: 8000,
    }));
    expect(r.events('replicaof', 'R1')[0].detail).toBe('no one');
    expect(r.events('promoted', 'R1')[0]).toMatchObject({ about: 'M' });
    expect(r.events('partial-sync', 'R2')).toHaveLength(1);
    expect(r.events('full-sync')).toHaveLength(0);
    const { M, R1, R2 } = r.outcome.nodes;
    expect(R1.role).toBe('master');
    expect(R1.replid).not.toBe(M.replid);
    expect(R2.replid).toBe(R1.replid);
    expect(r.state.nodes.R1.replid2).toBe(M.replid);
    expect(R2.keys).toBe(10);
  });

  it('REPLICAOF of the master already followed is a no-op ("+OK Already connected")', () => {
    const r = runTrace(trace({
      config: { topology: 'replication', replicas: 2, replicaof: { R2: 'R1' } },
      events: [{ at: 1000, type: 'replicaof', node: 'R2', master: 'R1' }],
      until: 3000,
    }));
    expect(r.events('replicaof')).toEqual([]);
    expect(r.events('master-link-down')).toEqual([]);
    expect(r.state.nodes.R2.repl.conn).toBe(2); // still the initial link
  });

  it('a full resync of R1 (moved to a master with another history) cascades to its sub-replica R2', () => {
    const r = runTrace(trace({
      config: { topology: 'replication', replicas: 3, replicaof: { R2: 'R1' } },
      events: [
        { at: 1000, type: 'writes', every: 200, until: 8000 },
        { at: 3000, type: 'replicaof', node: 'R3', master: null },
        { at: 5000, type: 'replicaof', node: 'R1', master: 'R3' },
      ],
    }));
    const [r1] = r.events('full-sync', 'R1');
    const [r2] = r.events('full-sync', 'R2');
    expect(r1).toMatchObject({ from: 'R3' });
    expect(r2).toMatchObject({ from: 'R1' });
    expect(r2.at).toBeGreaterThan(r1.at);
    // R1 dropped R2 as it loaded the new payload (replicationAttachToNewMaster).
    expect(r.events('master-link-down', 'R2')[0].at).toBe(r1.at + 1);
    expect(r.events('wiped').map((e) => e.node)).toEqual(['R1', 'R2']);
    const { R1, R2, R3 } = r.outcome.nodes;
    expect([R1.replid, R2.replid]).toEqual([R3.replid, R3.replid]);
    expect(R2.keys).toBe(R3.keys);
    // Final master: R3 (two nodes follow it, none follows M); M's writes after the promotion are lost.
    expect(r.outcome.writes.lost).toBe(r.state.writes.filter((w) => w.result === 'acked' && w.appliedAt > 3000).length);
  });

  it('a demoted master PSYNCs the promoted replica with its own replid (replicationCacheMasterUsingMyself)', () => {
    const r = runTrace(trace({
      config: { topology: 'replication', replicas: 1 },
      events: [
        { at: 1000, type: 'writes', every: 200, until: 2000 },
        { at: 3000, type: 'replicaof', node: 'R1', master: null },
        { at: 3000, type: 'replicaof', node: 'M', master: 'R1' },
      ],
      until: 8000,
    }));
    expect(r.events('demoted', 'M')).toHaveLength(1);
    expect(r.events('partial-sync', 'M')).toHaveLength(1);
    expect(r.events('full-sync')).toHaveLength(0);
    expect(r.outcome.nodes.M).toMatchObject({ role: 'replica', replicaOf: 'R1', keys: 6, replid: r.outcome.nodes.R1.replid });
    expect(r.outcome.writes.lost).toBe(0);
  });
});

describe('standalone replication: min-replicas-to-write', () => {
  it('a master cut off from its replicas refuses writes with NOREPLICAS once their ACKs are older than max-lag', () => {
    const r = runTrace(trace({
      config: { topology: 'replication', replicas: 2, minReplicasToWrite: 1, minReplicasMaxLag: 10 },
      events: [
        { at: 1000, type: 'writes', every: 500, until: 20000 },
        { at: 2000, type: 'partition', groups: [['M', 'client'], ['R1', 'R2']] },
      ],
      until: 21000,
    }));
    const refused = r.state.writes.filter((w) => w.result === 'refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(r.outcome.writes.refusedBy).toEqual({ NOREPLICAS: refused.length });
    // The last ACKs came just before the cut: writes are acked for max-lag (10 s, whole seconds), then refused.
    const firstRefused = Math.min(...refused.map((w) => w.sentAt));
    expect(firstRefused).toBeGreaterThan(12000);
    expect(firstRefused).toBeLessThanOrEqual(14000);
    expect(r.state.writes.filter((w) => w.sentAt > firstRefused && w.result === 'acked')).toEqual([]);
  });

  it('min-replicas counts only the master\'s own replicas: a chain gives M one', () => {
    const r = runTrace(trace({
      config: { topology: 'replication', replicas: 2, replicaof: { R2: 'R1' }, minReplicasToWrite: 2 },
      events: [{ at: 1000, type: 'write' }],
      until: 3000,
    }));
    expect(r.outcome.writes.refusedBy).toEqual({ NOREPLICAS: 1 });
  });
});

describe('standalone replication: redis.conf edits and CONFIG REWRITE', () => {
  const persisted = { topology: 'replication', replicas: 2, replicaof: { R2: 'R1' }, save: [[1, 1]] };
  const restartM = (extra: object[]) => trace({
    config: persisted,
    events: [
      { at: 1000, type: 'writes', every: 200, until: 4000 },
      ...extra,
      { at: 6000, type: 'crash', node: 'M' },
      { at: 6500, type: 'restart', node: 'M' },
    ],
  });

  it('control: M restarts from its dump.rdb and keeps its data', () => {
    const r = runTrace(restartM([]));
    expect(r.events('restart', 'M')[0].detail).toBe('master, 16 keys loaded');
    expect(r.events('wiped')).toEqual([]);
    expect(r.outcome.writes.lost).toBe(0);
  });

  it('appendonly yes edited into redis.conf, then a restart: M starts from an empty AOF despite its dump.rdb and wipes the chain', () => {
    const r = runTrace(restartM([{ at: 5000, type: 'edit-config', node: 'M', set: { appendonly: true } }]));
    expect(r.events('edit-config', 'M')[0].detail).toBe('appendonly=true');
    expect(r.state.nodes.M.disk.rdb?.data).not.toBeUndefined();
    expect(r.events('restart', 'M')[0].detail).toBe('master, 0 keys loaded');
    expect(r.state.nodes.M.config.appendonly).toBe(true);
    expect(r.events('wiped').map((e) => e.node)).toEqual(['R1', 'R2']);
    expect(r.outcome.writes.lost).toBe(16);
    expect(r.outcome.nodes.R2.keys).toBe(0);
  });

  it('the edit does nothing until the restart', () => {
    const r = runTrace(trace({ config: persisted, events: [{ at: 1000, type: 'edit-config', node: 'M', set: { appendonly: true } }], until: 5000 }));
    expect(r.state.nodes.M.config.appendonly).toBe(false);
    expect(r.state.nodes.M.disk.redisConf.set).toEqual({ appendonly: true });
  });

  it('replicaof removed from a replica\'s redis.conf: after a restart it is a master with its own data', () => {
    const r = runTrace(trace({
      config: persisted,
      events: [
        { at: 1000, type: 'writes', every: 200, until: 8000 },
        { at: 3000, type: 'edit-config', node: 'R1', set: { replicaof: null } },
        { at: 4000, type: 'crash', node: 'R1' },
        { at: 4500, type: 'restart', node: 'R1' },
      ],
    }));
    const loaded = r.events('restart', 'R1')[0];
    expect(loaded.detail).toMatch(/^master, \d+ keys loaded$/);
    expect(loaded.keys).toBeGreaterThan(0);
    const { M, R1, R2 } = r.outcome.nodes;
    expect([M.role, R1.role, R2.replicaOf]).toEqual(['master', 'master', 'R1']);
    // R2 stays with R1 (its own file says so) and gets R1's history, not M's.
    expect(R2.replid).toBe(R1.replid);
    expect(R2.keys).toBe(R1.keys);
    expect(M.keys).toBeGreaterThan(R1.keys);
  });

  it('CONFIG REWRITE after REPLICAOF NO ONE survives a restart; without it the old replicaof line comes back', () => {
    const run = (rewrite: boolean) => simulate(trace({
      config: { topology: 'replication', replicas: 1, save: [[1, 1]] },
      events: [
        { at: 1000, type: 'writes', every: 200, until: 2000 },
        { at: 3000, type: 'replicaof', node: 'R1', master: null },
        { at: 3000, type: 'config', node: 'R1', set: { minReplicasToWrite: 0, replBacklogSize: 65536 } },
        { at: 5000, type: 'crash', node: 'R1' },
        { at: 6000, type: 'restart', node: 'R1' },
      ],
      until: 9000,
    }), { observe: (s, a) => { if (rewrite && a.type === 'ConfigSet') configRewrite(s, s.nodes.R1); } });
    const kept = run(true);
    expect(kept.state.nodes.R1.disk.redisConf).toEqual({ replicaof: null, set: { replBacklogSize: 65536 } });
    expect(kept.outcome.nodes.R1).toMatchObject({ role: 'master', replicaOf: null });
    expect(kept.state.nodes.R1.config.replBacklogSize).toBe(65536);
    const lostRole = run(false);
    expect(lostRole.outcome.nodes.R1).toMatchObject({ role: 'replica', replicaOf: 'M' });
    expect(lostRole.state.nodes.R1.config.replBacklogSize).toBe(1024 * 1024);
  });
});

describe('scenarios/replication-model-*.json', () => {
  it('switchover by hand: no full sync and no acked write lost', () => {
    const r = runScenario('replication-model-switchover-chain.json');
    expect(r.events('partial-sync').map((e) => e.node).sort()).toEqual(['M', 'R2']);
    expect(r.events('full-sync')).toEqual([]);
    expect(r.outcome.writes).toMatchObject({ lost: 0, refused: 0 });
    expect(r.outcome.nodes.M).toMatchObject({ role: 'replica', replicaOf: 'R1', keys: r.outcome.writes.acked });
  });
  it('appendonly edit + restart: every acked write lost, both replicas wiped', () => {
    const r = runScenario('replication-model-appendonly-edit-wipes-chain.json');
    expect(r.events('wiped').map((e) => e.node)).toEqual(['R1', 'R2']);
    expect(r.outcome.writes.lost).toBe(r.outcome.writes.acked);
  });
  it('replicaof removed + restart: two masters; the one with a follower is the final master', () => {
    const r = runScenario('replication-model-replicaof-removed-split.json');
    expect([r.outcome.nodes.M.role, r.outcome.nodes.R1.role]).toEqual(['master', 'master']);
    const onlyM = r.state.writes.filter((w) => w.result === 'acked' && w.appliedAt > r.events('crash', 'R1')[0].at);
    expect(r.outcome.writes.lostIds).toEqual(expect.arrayContaining(onlyM.map((w) => w.id)));
  });
});

describe('standalone replication: REPLICAOF to a process that is not running', () => {
  it('a paused node runs REPLICAOF NO ONE when it resumes; a stopped one refuses it', () => {
    const r = runTrace(trace({
      config: { topology: 'replication', replicas: 2 },
      events: [
        { at: 1000, type: 'pause', node: 'R1' },
        { at: 1500, type: 'replicaof', node: 'R1', master: null },
        { at: 2000, type: 'resume', node: 'R1' },
        { at: 2500, type: 'crash', node: 'R2' },
        { at: 3000, type: 'replicaof', node: 'R2', master: null },
      ],
      until: 6000,
    }));
    expect(r.events('replicaof', 'R1')[0]).toMatchObject({ at: 2000, detail: 'no one' });
    expect(r.outcome.nodes.R1.role).toBe('master');
    expect(r.events('replicaof-refused', 'R2')[0]).toMatchObject({ at: 3000, detail: 'process down' });
    expect(r.state.nodes.R2.repl.master).toBe('M');
  });
});

describe('sentinel topology: data nodes before the Sentinels are modelled', () => {
  it('writers without a node write to M (standaloneTarget), and M restarting empty wipes its replicas', () => {
    const r = runTrace(trace({
      config: { topology: 'sentinel' },
      events: [
        { at: 1000, type: 'writes', every: 500, until: 5000 },
        { at: 3000, type: 'crash', node: 'M' },
        { at: 4000, type: 'restart', node: 'M' },
      ],
      until: 15000,
    }));
    expect(new Set(r.state.writes.filter((w) => w.appliedBy).map((w) => w.appliedBy))).toEqual(new Set(['M']));
    expect(r.events('wiped').map((e) => e.node).sort()).toEqual(['R1', 'R2']);
    expect(r.outcome.writes.lost).toBe(4);
  });
});

describe('edit-config in a cluster trace', () => {
  it('options edited into a cluster node\'s redis.conf apply at its restart (nodes.conf still decides its role)', () => {
    const r = runTrace(trace({
      config: { masters: 3, replicasPerMaster: 1, save: [[1, 1]] },
      events: [
        { at: 1000, type: 'writes', every: 100, until: 3000 },
        { at: 3500, type: 'edit-config', node: 'B', set: { appendonly: true } },
        { at: 4000, type: 'crash', node: 'B' },
        { at: 4500, type: 'restart', node: 'B' },
      ],
      until: 20000,
    }));
    expect(r.events('restart', 'B')[0].detail).toBe('master, 0 keys loaded');
    expect(r.state.nodes.B.config.appendonly).toBe(true);
    expect(r.state.nodes.A.config.appendonly).toBe(false);
    expect(r.events('wiped', 'B1')[0]).toMatchObject({ from: 'B' });
  });
});

describe('WAIT on a master told to follow another node', () => {
  it('the blocked WAIT is unblocked with an error (disconnectAllBlockedClients), not counted at its timeout', () => {
    const run = (demote: boolean) => runTrace(trace({
      config: { topology: 'replication', replicas: 2 },
      events: [
        { at: 1000, type: 'partition', groups: [['M', 'client'], ['R1', 'R2']] },
        { at: 1500, type: 'write', wait: { replicas: 1, timeout: 3000 } },
        ...(demote ? [{ at: 2000, type: 'replicaof', node: 'M', master: 'R1' }] : []),
      ],
      until: 6000,
    }));
    expect(run(false).state.writes[0].wait).toMatchObject({ acked: 0 });
    const demoted = run(true).state.writes[0];
    expect(demoted.result).toBe('acked');
    expect(demoted.wait).toMatchObject({ acked: null });
  });
});

describe('a master restarting: connects before it listens are refused', () => {
  // R1's replicationCron ticks (the ones that would connect), from a run where M stays down.
  const pair = { topology: 'replication', replicas: 1, save: [] };
  const cronTicks = (): number[] => {
    const ticks: number[] = [];
    simulate(trace({ config: pair, events: [{ at: 1000, type: 'crash', node: 'M' }], until: 6000 }), {
      observe: (s, a, at) => { if (a.type === 'ServerCron' && a.node === 'R1' && s.nodes.R1.cluster.cronIteration % 10 === 1) ticks.push(at); },
    });
    return ticks;
  };

  it('R1 connecting 1 ms after M is restarted is refused; its PSYNC comes with its next replicationCron, after M\'s first serverCron', () => {
    const restart = cronTicks().find((t) => t > 2000)! - 1;
    let listensAt = 0;
    const psyncs: number[] = [];
    simulate(trace({ config: pair, events: [{ at: 1000, type: 'crash', node: 'M' }, { at: restart, type: 'restart', node: 'M' }], until: 12000 }), {
      observe: (s, a, at) => {
        if (a.type === 'ProcessRestarted') listensAt = s.nodes.M.listensAt;
        if (a.type === 'ReplDelivered' && a.msg.to === 'M' && a.msg.body.type === 'psync') psyncs.push(at);
      },
    });
    expect(listensAt).toBeGreaterThan(restart + 1); // start-up takes at least 10 ms (boot.ts startupMs)
    expect(psyncs.length).toBeGreaterThan(0);
    expect(psyncs[0]).toBeGreaterThan(restart + 900); // refused at restart + 1, connected a second later
  });
});
