// Standalone replication (issue 12 item 2): M and R1…Rn wired by replicaof, without a cluster bus.
import { describe, expect, it } from 'vitest';
import { runTrace, trace } from './helpers.ts';

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
    expect(r.outcome.writes.refusedBy).toEqual({ CONNREFUSED: 10 });
    expect(r.outcome.downtime).toEqual([{ shard: 'M', slots: [], windows: [{ from: 4000, to: 6000 }], totalMs: 2000 }]);
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
