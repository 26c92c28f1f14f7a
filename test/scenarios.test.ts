// Each runbook scenario, asserted from the protocol rules (protocol.md), not from the runbooks' text.
import { describe, expect, it } from 'vitest';
import { keySlot, ownerOf } from '../model/cluster/slots.ts';
import { runScenario, type Run } from './helpers.ts';

const NT = 15000;
const ackedTo = (r: Run, master: string, before = Infinity) =>
  r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === master && w.appliedAt < before);
const slotOwnerAtStart = (slot: number) => ownerOf([{ from: 0, to: 5460, owner: 'A' }, { from: 5461, to: 10922, owner: 'B' }, { from: 10923, to: 16383, owner: 'C' }], slot);

describe('one master dies (1A, 1B): the replica is promoted and only the replication window is lost', () => {
  for (const file of ['1A-master-dies-aof-everysec.json', '1B-master-dies-no-persistence.json']) {
    it(file, () => {
      const r = runScenario(file);
      const crash = r.events('crash', 'B')[0].at;
      const [promoted] = r.events('promoted', 'B1');
      // FAIL needs NT of silence plus gossip; the election adds 500–1000 ms (rank 0).
      expect(promoted.at).toBeGreaterThan(crash + NT);
      expect(promoted.at).toBeLessThan(crash + 1.5 * NT + 3000);
      expect(promoted.epoch).toBe(7); // currentEpoch after creation is 6 (one config epoch per node), +1
      // Lost = writes B applied after the last byte B1 had received: B had nothing in flight 1 ms after a write.
      for (const l of r.outcome.lost) expect(l.appliedBy).toBe('B');
      expect(r.outcome.lost.length).toBeLessThanOrEqual(1);
      // B comes back as B1's replica and full-syncs (its replid is new after a restart).
      expect(r.outcome.nodes.B).toMatchObject({ role: 'replica', replicaOf: 'B1' });
      expect(r.events('full-sync', 'B')).toHaveLength(1);
      expect(r.outcome.nodes.B.keys).toBe(r.outcome.nodes.B1.keys);
    });
  }
});

describe('a master without persistence restarting before failover wipes its replica', () => {
  it('1B variant: B1 is wiped by a full sync from empty B and every earlier acked write of B is lost', () => {
    const r = runScenario('1B-early-restart-wipes-replica.json');
    expect(r.events('promoted')).toHaveLength(0);
    expect(r.events('wiped', 'B1')[0]).toMatchObject({ from: 'B' });
    const crash = r.events('crash', 'B')[0].at;
    const before = ackedTo(r, 'B', crash);
    expect(before.length).toBeGreaterThan(0);
    const lost = new Set(r.outcome.writes.lostIds);
    for (const w of before) expect(lost.has(w.id)).toBe(true);
  });
  it('the same restart with AOF loses nothing (kill -9 keeps the page cache)', () => {
    const r = runScenario('1B-early-restart-wipes-replica.json', { appendonly: true });
    expect(r.events('wiped')).toHaveLength(0);
    expect(r.outcome.writes.lost).toBe(0);
  });
});

describe('two masters die (2A, 2B): no majority, so no FAIL, no election, cluster_state fail everywhere', () => {
  for (const file of ['2A-two-masters-die-aof.json', '2B-two-masters-die-no-persistence.json']) {
    for (const requireFullCoverage of [true, false]) {
      it(`${file}, cluster-require-full-coverage ${requireFullCoverage ? 'yes' : 'no'}`, () => {
        const r = runScenario(file, { requireFullCoverage });
        const crash = r.events('crash', 'A')[0].at;
        expect(r.state.timeline.filter((e) => e.event === 'fail' && (e.about === 'A' || e.about === 'B'))).toHaveLength(0);
        expect(r.events('election')).toHaveLength(0);
        for (const n of ['C', 'A1', 'B1', 'C1']) {
          const down = r.events('cluster-state', n).find((e) => e.detail === 'fail' && e.at > crash);
          expect(down, n).toBeDefined();
          expect(down!.at).toBeLessThanOrEqual(crash + 1.5 * NT + 1000);
        }
      });
    }
  }
  it('2A: after the restart A and B reload their AOF and no acked write is lost', () => {
    const r = runScenario('2A-two-masters-die-aof.json');
    expect(r.outcome.writes.lost).toBe(0);
    expect(r.events('wiped')).toHaveLength(0);
  });
  it('2B: A and B restart empty and wipe A1 and B1; every acked write of their slots is lost', () => {
    const r = runScenario('2B-two-masters-die-no-persistence.json');
    expect(r.events('wiped').map((e) => e.node).sort()).toEqual(['A1', 'B1']);
    const lostSlots = new Set(r.outcome.lost.map((l) => slotOwnerAtStart(l.slot)));
    expect([...lostSlots].sort()).toEqual(['A', 'B']);
    const restart = r.events('restart', 'A')[0].at;
    const lost = new Set(r.outcome.writes.lostIds);
    for (const w of [...ackedTo(r, 'A', restart), ...ackedTo(r, 'B', restart)]) expect(lost.has(w.id)).toBe(true);
  });
});

describe('master and replica die (3A, 3B)', () => {
  it('3A-A: B reloads its AOF and serves again; nothing acked is lost', () => {
    const r = runScenario('3A-A-master-and-replica-die.json');
    expect(r.outcome.nodes.B).toMatchObject({ role: 'master', clusterState: 'ok' });
    expect(r.outcome.writes.lost).toBe(0);
  });
  for (const file of ['3A-B-master-and-replica-die.json', '3B-B-master-and-replica-die.json']) {
    it(`${file}: a restarted replica never starts an election (repl_down_since = 0)`, () => {
      const r = runScenario(file);
      expect(r.events('election')).toHaveLength(0);
      expect(r.events('cant-failover', 'B1').some((e) => e.detail === 'data-age')).toBe(true);
      expect(r.outcome.nodes.B1.role).toBe('replica');
      expect(r.outcome.nodes.A.clusterState).toBe('fail'); // full coverage: B's slots have a FAIL owner
    });
  }
  it('3A-B with cluster-replica-validity-factor 0: B1 is promoted after all', () => {
    const r = runScenario('3A-B-master-and-replica-die.json', { replicaValidityFactor: 0 });
    expect(r.events('promoted', 'B1')).toHaveLength(1);
  });
  it('3A-C: B reloads its AOF and B1 syncs from it; nothing acked is lost', () => {
    const r = runScenario('3A-C-master-and-replica-die.json');
    expect(r.outcome.writes.lost).toBe(0);
    expect(r.outcome.nodes.B1).toMatchObject({ role: 'replica', replicaOf: 'B' });
  });
  for (const file of ['3B-A-master-and-replica-die.json', '3B-C-master-and-replica-die.json']) {
    it(`${file}: B restarts empty and serves its slots: all of B's acked writes are lost`, () => {
      const r = runScenario(file);
      const restart = r.events('restart', 'B')[0].at;
      const lost = new Set(r.outcome.writes.lostIds);
      for (const w of ackedTo(r, 'B', restart)) expect(lost.has(w.id)).toBe(true);
      expect(r.outcome.nodes.B.role).toBe('master');
    });
  }
});

describe('split brain (runbook 003, in Cluster terms)', () => {
  it('the minority master acks writes until its own PFAIL detection; they are lost after the heal', () => {
    const r = runScenario('split-brain-minority-master.json');
    const cut = r.state.timeline.find((e) => e.event === 'partition')!.at;
    const stop = r.events('cluster-state', 'B').find((e) => e.detail === 'fail')!.at;
    expect(stop - cut).toBeGreaterThan(NT);
    expect(stop - cut).toBeLessThanOrEqual(1.5 * NT + 100);
    const promoted = r.events('promoted', 'B1')[0].at;
    expect(promoted).toBeGreaterThan(cut + NT);
    const after = ackedTo(r, 'B').filter((w) => w.appliedAt > cut);
    expect(after.length).toBeGreaterThan(0);
    for (const w of after) expect(w.appliedAt).toBeLessThan(stop);
    const lost = new Set(r.outcome.writes.lostIds);
    for (const w of after) expect(lost.has(w.id)).toBe(true);
    expect(r.events('full-sync', 'B')).toHaveLength(1); // B had produced bytes B1 never saw: no +CONTINUE
  });
  it('min-replicas-to-write 1 stops B after max-lag seconds of silence from B1, yet what it acked before is lost', () => {
    const plain = runScenario('split-brain-minority-master.json');
    const r = runScenario('split-brain-min-replicas.json');
    const cut = r.state.timeline.find((e) => e.event === 'partition')!.at;
    const firstRefusal = r.state.writes.find((w) => w.error === 'NOREPLICAS')!;
    expect(firstRefusal.sentAt - cut).toBeGreaterThanOrEqual(10_000 - 1000);
    expect(firstRefusal.sentAt - cut).toBeLessThanOrEqual(12_000);
    expect(r.outcome.writes.lost).toBeGreaterThan(0);
    expect(r.outcome.writes.lost).toBeLessThan(plain.outcome.writes.lost);
  });
});

describe('manual failover under load', () => {
  it('a default CLUSTER FAILOVER loses no acked write and the old master continues with +CONTINUE', () => {
    const r = runScenario('manual-failover-under-load.json');
    expect(r.events('promoted', 'B1')).toHaveLength(1);
    expect(r.outcome.writes.lost).toBe(0);
    expect(r.events('psync-continue', 'B')).toHaveLength(1);
    expect(r.events('full-sync', 'B')).toHaveLength(0);
  });
});

describe('a master restarting from its own AOF (everysec, no replica)', () => {
  it('kill -9 loses no acked write: the page cache survives', () => {
    const r = runScenario('own-aof-kill-everysec.json');
    expect(r.outcome.writes.lost).toBe(0);
  });
  it('a power loss loses the writes after the last completed fsync, about a second at most', () => {
    const r = runScenario('own-aof-power-everysec.json');
    const crash = r.events('crash', 'B')[0].at;
    expect(r.outcome.writes.lost).toBeGreaterThan(0);
    for (const l of r.outcome.lost) {
      expect(l.appliedBy).toBe('B');
      expect(crash - l.ackedAt).toBeLessThanOrEqual(2000); // everysec: ≤ 1 s, ≤ 2 s with a slow fsync
    }
  });
  it('with appendfsync always even a power loss loses nothing', () => {
    const r = runScenario('own-aof-power-everysec.json', { appendfsync: 'always' });
    expect(r.outcome.writes.lost).toBe(0);
  });
  it('with appendfsync no a power loss loses what the kernel had not written back (up to ~30 s)', () => {
    const r = runScenario('own-aof-power-everysec.json', { appendfsync: 'no' });
    const everysec = runScenario('own-aof-power-everysec.json');
    expect(r.outcome.writes.lost).toBeGreaterThan(everysec.outcome.writes.lost);
  });
});

describe('keys spread over every slot range', () => {
  it('CRC16 routes the writers keys to every master', () => {
    const owners = new Set(Array.from({ length: 30 }, (_, i) => slotOwnerAtStart(keySlot(`key:w${i + 1}`))));
    expect(owners).toEqual(new Set(['A', 'B', 'C']));
  });
});

describe('replication links come back after faults a partition hid (issue 15)', () => {
  it('603090: A1 connects to A through a SYN retransmission after the heal and full-syncs from the restarted A', () => {
    const r = runScenario('replica-reconnects-after-partitioned-restart.json');
    const restart = r.events('restart', 'A')[0].at;
    const [start] = r.events('full-sync-start', 'A1');
    const [done] = r.events('full-sync', 'A1');
    expect(start.at).toBeGreaterThan(restart);
    expect(start.at - restart).toBeLessThan(7000); // the connect at +1 s and the 5 s diskless-sync delay
    expect(done.at).toBeGreaterThanOrEqual(start.at);
    expect(r.outcome.nodes.A1).toMatchObject({ role: 'replica', replicaOf: 'A', linkStatus: 'up', keys: r.outcome.nodes.A.keys, offset: r.outcome.nodes.A.offset });
  });
  it('515281: D1 notices the restarted D on its next ACK (RST) and full-syncs instead of staying ahead of it', () => {
    const r = runScenario('replica-resyncs-after-hidden-master-restart.json');
    const crash = r.events('crash', 'D')[0].at;
    const [down] = r.events('master-link-down', 'D1');
    expect(down.at).toBeGreaterThan(crash);
    expect(down.at - crash).toBeLessThanOrEqual(1100); // the next replicationCron's REPLCONF ACK
    expect(r.events('full-sync', 'D1')).toHaveLength(1);
    expect(r.outcome.nodes.D1).toMatchObject({ linkStatus: 'up', offset: r.outcome.nodes.D.offset, replid: r.outcome.nodes.D.replid });
    expect(r.outcome.failures[0]).toMatchObject({ fault: { event: 'crash', node: 'D' } });
    expect(r.outcome.failures[0].fullSyncStartMs).toBe(r.events('full-sync-start', 'D1')[0].at - crash);
  });
});
