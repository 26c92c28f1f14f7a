// A trace starts in running processes: lastsave and aof_last_fsync hold each process's start
// (initServer / initServerConfig), which lies before T0, not at it; and a restart sets them again.
import { describe, expect, it } from 'vitest';
import { simulate } from '../model/index.ts';
import { unixtime, clockPhase } from '../model/kernel/clock.ts';
import { SETUP_MIN_MS, processStart } from '../model/kernel/initNode.ts';
import { trace } from './helpers.ts';

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

/** The first model ms whose whole wall second is `sec`. */
const secondStart = (seed: number, sec: number) => sec * 1000 - clockPhase(seed);

describe('process start before T0', () => {
  it('each kind starts its processes at least its setup before T0, on their cron phase', () => {
    const kinds = [
      [{ masters: 3, replicasPerMaster: 1 }, SETUP_MIN_MS.cluster],
      [{ topology: 'replication', replicas: 2 }, SETUP_MIN_MS.replication],
      [{ topology: 'sentinel', replicas: 2 }, SETUP_MIN_MS.sentinel],
    ] as const;
    for (const [config, setup] of kinds) {
      for (const seed of SEEDS.slice(0, 10)) {
        const s = simulate(trace({ seed, config, until: 1 })).state;
        for (const n of Object.values(s.nodes)) {
          expect(n.rdbSave.lastSave).toBe(processStart(seed, n.name, setup));
          expect(n.rdbSave.lastSave).toBeLessThanOrEqual(-setup);
          expect(n.rdbSave.lastSave).toBeGreaterThan(-setup - 1000);
        }
      }
    }
  });

  it('save 1 1: the first snapshot waits until two wall seconds have begun since the start, and no longer', () => {
    const waits = new Set<boolean>();
    for (const seed of SEEDS) {
      let firstSave: number | null = null;
      const t = trace({ seed, config: { topology: 'replication', replicas: 1, save: [[1, 1]] }, events: [{ at: 1000, type: 'writes', every: 100, until: 1001 }], until: 6000 });
      simulate(t, { observe: (_s, a, at) => { if (a.type === 'BgsaveCompleted' && a.node === 'M' && firstSave === null) firstSave = at; } });
      const start = processStart(seed, 'M', SETUP_MIN_MS.replication);
      // server.unixtime - server.lastsave > 1: the first tick with a write pending in the second
      // two after the start's; the fork takes 10 ms plus 1 per 100 keys.
      const due = Math.max(1001, secondStart(seed, unixtime(seed, start) + 2));
      expect(firstSave, `seed ${seed}`).not.toBeNull();
      const forked = firstSave! - 11;
      expect(forked, `seed ${seed}`).toBeGreaterThanOrEqual(due);
      expect(forked, `seed ${seed}`).toBeLessThan(due + 102);
      waits.add(due > 1001);
    }
    // Both phases occur: the start's second decides whether the first write is saved at once.
    expect([...waits].sort()).toEqual([false, true]);
  });

  it('appendfsync everysec: a restarted node fsyncs nothing in the second it booted in', () => {
    let writesInBootSecond = 0;
    for (const seed of SEEDS) {
      const fsyncs: number[] = [];
      const t = trace({
        seed, config: { topology: 'replication', replicas: 1, appendonly: true, appendfsync: 'everysec' },
        events: [{ at: 2000, type: 'writes', every: 20, until: 5000 }, { at: 2000, type: 'crash', node: 'M' }, { at: 2300, type: 'restart', node: 'M' }],
        until: 6000,
      });
      const { state } = simulate(t, { observe: (_s, a, at) => { if (a.type === 'FsyncCompleted' && a.node === 'M' && at > 2300) fsyncs.push(at); } });
      const boot = state.nodes.M.bootedAt;
      const bootSecond = unixtime(seed, boot);
      writesInBootSecond += state.writes.filter((w) => w.result === 'acked' && w.appliedAt !== null && w.appliedAt > boot && unixtime(seed, w.appliedAt) === bootSecond).length;
      expect(fsyncs.length, `seed ${seed}`).toBeGreaterThan(0);
      expect(unixtime(seed, fsyncs[0] - 2), `seed ${seed}`).toBeGreaterThan(bootSecond);
    }
    expect(writesInBootSecond).toBeGreaterThan(0);
  });
});
