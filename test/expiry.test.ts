// Key expiry (model/kernel/expire.ts): only a master deletes an expired key, and its DEL replicates.
import { describe, expect, it } from 'vitest';
import { parseTrace, simulate } from '../model/index.ts';
import type { State } from '../model/kernel/state.ts';
import type { Entry } from '../model/kernel/history.ts';
import { trace } from './helpers.ts';
import { mutations, resetMutations } from '../model/kernel/mutations.ts';

const repl = { topology: 'replication', replicas: 2 };
/** SET a v PX 2000 at 1 s (expires at 3 s) and SET b v (no TTL). */
const ttlWrites = [{ at: 1000, type: 'write', key: 'a', px: 2000 }, { at: 1000, type: 'write', key: 'b' }];
/** *2 $3 DEL $1 a: 4 + 9 + 7 bytes. */
const DEL_A = 20;

const has = (s: State, node: string, key: string) => s.store.materialize(s.nodes[node].data).has(key);

/** Runs the trace and samples each step: when `node` stops holding `key`, and every node's offset then. */
function watch(input: Record<string, unknown>, node: string, key: string) {
  let goneAt: number | null = null;
  const offsets: Array<{ at: number; M: number }> = [];
  const r = simulate(trace(input), {
    observe: (s, _a, at) => {
      offsets.push({ at, M: s.nodes.M.masterReplOffset });
      if (goneAt === null && at > 1100 && !has(s, node, key)) goneAt = at;
    },
  });
  return { ...r, goneAt: goneAt as number | null, offsets };
}

/** The entries of a node's dataset, first to last. */
function entries(s: State, node: string): Entry[] {
  const d = s.nodes[node].data;
  return Array.from({ length: d.pos }, (_, i) => s.store.entryAt(d.hist, i + 1));
}

describe('key expiry: the master deletes, the replicas follow its DEL', () => {
  it('the master expires the key in its next cron tick and the DEL reaches each replica, advancing the offsets', () => {
    const r = watch({ config: repl, events: ttlWrites, until: 8000 }, 'R1', 'a');
    const exp = r.state.timeline.filter((e) => e.event === 'expired');
    expect(exp.map((e) => [e.node, e.keys])).toEqual([['M', 1]]);
    expect(exp[0].at).toBeGreaterThan(3000);
    expect(exp[0].at).toBeLessThanOrEqual(3000 + 102); // one serverCron period
    // The step that expired it moved M's offset by one DEL (no SELECT: the stream already selected db 0).
    const i = r.offsets.findIndex((o) => o.at === exp[0].at && o.M > r.offsets[r.offsets.indexOf(o) - 1].M);
    expect(r.offsets[i].M - r.offsets[i - 1].M).toBe(DEL_A);
    // R1 kept the key until the DEL arrived over the link (latency 1 ms), not at its own cron.
    expect(r.goneAt).toBe(exp[0].at + 1);
    const { M, R1, R2 } = r.outcome.nodes;
    expect([M.keys, R1.keys, R2.keys]).toEqual([1, 1, 1]);
    expect(R1.offset).toBe(M.offset);
    expect(R2.offset).toBe(M.offset);
    const last = entries(r.state, 'R2').filter((e) => e.key === 'a');
    expect(last.map((e) => e.wid === null ? 'DEL' : 'SET')).toEqual(['SET', 'DEL']);
    expect(last[0].pxat).toBe(3000 + 1); // SET … PXAT: applied at 1001 (1 ms to M) + 2000
  });

  it('a replica cut off from its master keeps the expired key until the heal brings the DEL', () => {
    const r = watch({
      config: repl,
      events: [...ttlWrites, { at: 1500, type: 'partition', groups: [['R2'], ['M', 'R1', 'client']] }, { at: 20000, type: 'heal' }],
      until: 40000,
    }, 'R2', 'a');
    expect(r.goneAt).not.toBeNull();
    expect(r.goneAt!).toBeGreaterThanOrEqual(20000);
    expect(r.outcome.nodes.R2.keys).toBe(1);
    expect(r.outcome.nodes.R2.offset).toBe(r.outcome.nodes.M.offset);
  });

  it('a replica whose master is down never deletes on its own', () => {
    const r = simulate(trace({ config: repl, events: [...ttlWrites, { at: 1500, type: 'crash', node: 'M' }], until: 20000 }));
    expect(has(r.state, 'R1', 'a')).toBe(true);
    expect(r.outcome.nodes.R1.keys).toBe(2);
    expect(r.state.timeline.filter((e) => e.event === 'expired')).toEqual([]);
  });

  it('a promoted replica expires what its old master had not, and its own replicas get the DEL', () => {
    const r = simulate(trace({
      config: repl,
      events: [...ttlWrites, { at: 1500, type: 'crash', node: 'M' }, { at: 2000, type: 'replicaof', node: 'R1', master: null },
        { at: 2100, type: 'replicaof', node: 'R2', master: 'R1' }],
      until: 20000,
    }));
    const exp = r.state.timeline.filter((e) => e.event === 'expired');
    expect(exp.map((e) => e.node)).toEqual(['R1']);
    expect(has(r.state, 'R1', 'a')).toBe(false);
    expect(has(r.state, 'R2', 'a')).toBe(false);
    expect(r.outcome.nodes.R2.offset).toBe(r.outcome.nodes.R1.offset);
  });

  it('a write to an expired key on the master deletes it first: DEL then SET in the stream', () => {
    // The second SET arrives 1 ms after the expire time, before M's next cron tick finds the key.
    const r = simulate(trace({
      config: repl,
      events: [{ at: 1000, type: 'write', key: 'a', px: 1000 }, { at: 2001, type: 'write', key: 'a' }],
      until: 5000,
    }));
    expect(r.state.timeline.filter((e) => e.event === 'expired')).toEqual([]);
    const ops = entries(r.state, 'R1').filter((e) => e.key === 'a').map((e) => (e.wid === null ? 'DEL' : `SET ${e.wid}`));
    expect(ops).toEqual(['SET w1', 'DEL', 'SET w2']);
    expect(has(r.state, 'R1', 'a')).toBe(true); // w2 has no TTL: it stays
  });
});

describe('key expiry: loading', () => {
  const crashRestart = [{ at: 2500, type: 'crash', node: 'M' }, { at: 6000, type: 'restart', node: 'M' }];
  const ttl3 = [{ at: 1000, type: 'write', key: 'a', px: 3000 }, { at: 1000, type: 'write', key: 'b' }];

  it('a master loading dump.rdb skips the keys already expired, and puts their DELs in its backlog', () => {
    let loaded: { keys: string[]; offset: number; rdbOffset: number; backlog: number | null } | null = null;
    const r = simulate(trace({ config: { ...repl, save: [[1, 1]] }, events: [...ttl3, ...crashRestart], until: 12000 }), {
      observe: (s, a) => {
        if (a.type !== 'ProcessRestarted') return;
        const M = s.nodes.M;
        loaded = { keys: [...s.store.materialize(M.data).keys()], offset: M.masterReplOffset, rdbOffset: M.disk.rdb!.offset, backlog: M.ms.backlogStart };
      },
    });
    expect(loaded).not.toBeNull();
    expect(loaded!.keys).toEqual(['b']);
    // SELECT 0 (23 bytes) then DEL a, after the file's offset; the backlog starts at the file's offset + 1.
    expect(loaded!.offset).toBe(loaded!.rdbOffset + 23 + DEL_A);
    expect(loaded!.backlog).toBe(loaded!.rdbOffset + 1);
    expect(r.state.timeline.filter((e) => e.event === 'expired-at-load').map((e) => e.node)).toEqual(['M']);
    expect(Object.values(r.outcome.nodes).map((n) => n.keys)).toEqual([1, 1, 1]);
  });

  it('a master replaying its AOF keeps an expired key, then expires it and sends the DEL', () => {
    let atLoad: boolean | null = null;
    const r = simulate(trace({ config: { ...repl, appendonly: true }, events: [...ttl3, ...crashRestart], until: 16000 }), {
      observe: (s, a) => { if (a.type === 'ProcessRestarted') atLoad = has(s, 'M', 'a'); },
    });
    expect(atLoad).toBe(true);
    const exp = r.state.timeline.filter((e) => e.event === 'expired' && e.node === 'M');
    expect(exp.length).toBe(1);
    expect(exp[0].at).toBeGreaterThanOrEqual(6000);
    expect(has(r.state, 'R1', 'a')).toBe(false);
  });

  it('a replica loading a full-sync payload keeps a key that expired in transit; the master\'s DEL follows', () => {
    // R1 resyncs from scratch: find when M forks for it, then make `a` expire 1 ms after the fork.
    const base = (px: number) => ({
      config: { ...repl, replDisklessSync: false },
      events: [{ at: 1000, type: 'write', key: 'a', px }, { at: 2000, type: 'replicaof', node: 'R1', master: null }, { at: 3000, type: 'replicaof', node: 'R1', master: 'M' }],
      until: 12000,
    });
    const fork = simulate(trace(base(100_000))).state.timeline.find((e) => e.event === 'full-sync-start' && e.node === 'R1')!.at;
    let atLoad: { has: boolean; expired: boolean } | null = null;
    let goneAt: number | null = null;
    const r = simulate(trace(base(fork - 1001 + 1)), {
      observe: (s, a, at) => {
        const load = s.timeline[s.timeline.length - 1];
        if (atLoad === null && load?.event === 'full-sync' && load.node === 'R1' && load.at === at) {
          const pxat = s.store.expiresAt(s.nodes.R1.data).get('a');
          atLoad = { has: has(s, 'R1', 'a'), expired: pxat !== undefined && at > pxat };
        }
        if (atLoad !== null && goneAt === null && !has(s, 'R1', 'a')) goneAt = at;
        void a;
      },
    });
    expect(atLoad).toEqual({ has: true, expired: true });
    expect(goneAt).not.toBeNull();
    expect(r.outcome.nodes.R1.offset).toBe(r.outcome.nodes.M.offset);
  });
});

describe('key expiry: trace and outcome', () => {
  it('an expired acknowledged write is not counted lost', () => {
    const r = simulate(trace({ config: repl, events: [{ at: 1000, type: 'writes', every: 100, until: 2000, px: 500 }], until: 6000 }));
    expect(r.outcome.writes.acked).toBe(11);
    expect(r.outcome.nodes.M.keys).toBe(0);
    expect(r.outcome.writes.lost).toBe(0);
  });

  it('a TTL write lost before its TTL ran out still counts lost; one overwritten by an expired TTL write does not', () => {
    const wipe = (px: number) => simulate(trace({
      config: { topology: 'replication', replicas: 1, appendonly: false, save: [] },
      events: [{ at: 1000, type: 'writes', every: 100, until: 2000, px }, { at: 3000, type: 'crash', node: 'M' }, { at: 4000, type: 'restart', node: 'M' }],
      until: 10000,
    })).outcome.writes;
    expect(wipe(100_000).lost).toBe(11); // the empty restart wiped R1 too: lost, not expired
    expect(wipe(500).lost).toBe(0); // gone by expiry first
    const over = simulate(trace({ config: repl, events: [{ at: 1000, type: 'write', key: 'k' }, { at: 2000, type: 'write', key: 'k', px: 500 }], until: 5000 }));
    expect(over.outcome.writes).toMatchObject({ acked: 2, lost: 0 });
    expect(over.outcome.nodes.M.keys).toBe(0);
  });

  it('a write without px is unchanged: no expiry work at all', () => {
    const r = simulate(trace({ config: repl, events: [{ at: 1000, type: 'writes', every: 100, until: 2000 }], until: 6000 }));
    expect(r.state.store.hasExpires).toBe(false);
    expect(r.outcome.nodes.R1.keys).toBe(11);
  });

  it('rejects a bad px naming the field', () => {
    const bad = (px: unknown, type = 'write') => {
      try { parseTrace({ config: repl, events: [{ at: 0, type, px, ...(type === 'writes' ? { every: 10, until: 100 } : {}) }] }); return ''; } catch (e) { return String((e as Error).message); }
    };
    expect(bad(0)).toMatch(/^events\[0\]\.px: /);
    expect(bad('1s')).toMatch(/^events\[0\]\.px: /);
    expect(bad(86_400_001, 'writes')).toMatch(/^events\[0\]\.px: expected at most 86400000/);
  });
});

describe('key expiry: the audit rules decide the two runbook claims from runs', async () => {
  const { RULES } = await import('../audit/rules.ts');
  it('003-expire-del: every case holds (master DELs, replicas apply them, AOF, a cut replica, a promoted replica, a cluster)', () => {
    const cases = RULES.expiryReplicatesAsDel.cases();
    expect(cases.length).toBe(8);
    expect(cases.filter((c) => !c.holds).map((c) => c.detail)).toEqual([]);
  });
  it('the 003 rule fails on a broken model whose replicas expire keys on their own', () => {
    mutations.replicaExpiresKeys = true;
    try {
      const failed = RULES.expiryReplicatesAsDel.cases().filter((c) => !c.holds);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.map((c) => c.detail).join('\n')).toMatch(/R2 cut off: just before the heal it held \d+ keys, M \d+|expired [1-9]\d* on its own/);
    } finally {
      resetMutations();
    }
  });
  it('001-5.6-delete-expired: SCAN returns no expired key, so the DELs hit live ones; on a replica DEL is refused', () => {
    const cases = RULES.scanDelRemovesOnlyExpired.cases();
    expect(cases.map((c) => c.holds)).toEqual([false, false]);
    expect(cases[0].detail).toMatch(/hold 0 expired ones and 1000 acknowledged live keys/);
    expect(cases[1].detail).toMatch(/SCAN returns 0 of them, and DEL is refused: READONLY/);
  });
});
