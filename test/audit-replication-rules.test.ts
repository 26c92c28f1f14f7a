// The INFO replication helper and the standalone-replication rule checks of the runbook audit
// (audit/rules-replication.ts): the sampling they rest on, on small runs. Not a snapshot of verdicts.
import { describe, expect, it } from 'vitest';
import { infoReplication } from '../model/replication/info.ts';
import { runTrace } from '../properties/property.ts';
import { fullSyncWindow, lagThenResync, REPLICATION_RULES, replTrace, staleness } from '../audit/rules-replication.ts';
import { RULES } from '../audit/rules.ts';

describe('infoReplication (genRedisInfoString, # Replication)', () => {
  const r = runTrace(replTrace('info: M and R1, 2 s of writes', [], 2000));
  const { M, R1 } = r.state.nodes;

  it("on a linked replica, master_repl_offset is its own applied offset, the same as slave_repl_offset", () => {
    const i = infoReplication(R1);
    expect(i.role).toBe('slave');
    expect(i.masterLinkStatus).toBe('up');
    expect(i.slaveReplOffset).toBe(R1.repl.reploff);
    expect(i.masterReplOffset).toBe(i.slaveReplOffset);
    expect(i.masterReplOffset).toBeGreaterThan(0);
  });

  it("on a master, slaveN's offset is the replica's last REPLCONF ACK, and there is no slave_repl_offset", () => {
    const i = infoReplication(M);
    expect(i).toMatchObject({ role: 'master', slaveReplOffset: null, masterLinkStatus: null, masterReplOffset: M.masterReplOffset });
    expect(i.slaves).toEqual([{ name: 'R1', state: 'online', offset: M.ms.replicas.R1.ackOff }]);
  });

  it('a replica without a master client falls back to the cached master, then to 1', () => {
    const down = structuredClone(R1);
    down.repl.state = 'connect';
    down.repl.cached = { replid: down.replid, reploff: 77 };
    expect(infoReplication(down)).toMatchObject({ masterLinkStatus: 'down', slaveReplOffset: 77 });
    down.repl.cached = null;
    expect(infoReplication(down).slaveReplOffset).toBe(1);
    const waiting = structuredClone(M);
    waiting.ms.replicas.R1.state = 'wait_bgsave_end';
    expect(infoReplication(waiting).slaves[0].state).toBe('wait_bgsave');
  });
});

describe('the sampling behind the rules', () => {
  it('staleness: each acked write reaches R1 one link latency after M applied it; R1 cut off, it trails by the cut', () => {
    const h = staleness(replTrace('rule test: 1 ms link', [], 3000));
    expect(h.lagMs.length).toBeGreaterThan(250);
    expect(new Set(h.lagMs)).toEqual(new Set([1]));
    expect(h.samples.every((s) => s.replicaInfoLag === 0)).toBe(true);
    const c = staleness(replTrace('rule test: R1 cut 2 s', [{ at: 1000, type: 'partition', groups: [['R1'], ['M', 'client']] }, { at: 3000, type: 'heal' }], 4000));
    expect(Math.max(...c.lagMs)).toBeGreaterThanOrEqual(1900);
    expect(Math.max(...c.samples.map((s) => s.trueLag))).toBeGreaterThan(0);
  });

  it('fullSyncWindow: null without a full sync; otherwise the fork-to-load span and what M did in it', () => {
    expect(fullSyncWindow(runTrace(replTrace('rule test: no sync', [], 1000)))).toBeNull();
    const w = fullSyncWindow(runTrace(replTrace('rule test: R1 rejoins', [{ at: 200, type: 'replicaof', node: 'R1', master: null }, { at: 500, type: 'replicaof', node: 'R1', master: 'M' }], 7000, 5)))!;
    expect(w.ms).toBeGreaterThan(0);
    expect(w.keys).toBeGreaterThan(1000);
    expect(w.acked).toBeLessThanOrEqual(w.sent);
  });

  it('lagThenResync: a cut shorter than repl-timeout keeps R1 listed and needs no resync: TCP\'s retransmission catches it up', () => {
    const x = lagThenResync(replTrace('rule test: R1 cut 5 s', [{ at: 5000, type: 'partition', groups: [['R1'], ['M', 'client']] }, { at: 10000, type: 'heal' }], 12000, [10, 30]));
    expect(x).toMatchObject({ droppedAt: null, resync: null, resyncAt: null });
    expect(x.shown).toBe(0); // M's INFO ends with R1 at its offset
  });

  it('every rule is in the audit\'s catalog and gives cases with a detail', () => {
    for (const [name, rule] of Object.entries(REPLICATION_RULES)) {
      expect(RULES[name]).toBe(rule);
      const cases = rule.cases();
      expect(cases.length, name).toBeGreaterThan(0);
      for (const c of cases) expect(c.detail.length, name).toBeGreaterThan(20);
    }
  });
});
