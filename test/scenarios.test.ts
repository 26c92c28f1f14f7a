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

// ---- Sentinel and standalone replication (issue 12) ----
// Expectations from sentinel.md (§3 timings, §4 hazards, §5 lab runs) and protocol.md.
type SentinelView = { up: boolean; master: string | null; currentEpoch: number; failoverState: string; tilt: boolean };
const sentinels = (r: Run) => (r.outcome as unknown as { sentinels: Record<string, SentinelView> }).sentinels;
const agreed = (r: Run) => [...new Set(Object.values(sentinels(r)).filter((s) => s.up).map((s) => s.master))];
const firstAt = (r: Run, event: string, node?: string) => r.events(event, node)[0]?.at;
const lostSet = (r: Run) => new Set(r.outcome.writes.lostIds);
const ackedAfter = (r: Run, node: string, t: number) => r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === node && w.appliedAt > t);

describe('Sentinel scenarios of the runbooks', () => {
  it('sentinel-master-dies: one failover about 30–33 s after the kill, every Sentinel names the new master, never an empty answer', () => {
    const r = runScenario('sentinel-master-dies.json');
    const promoted = r.events('promoted-slave');
    expect(promoted).toHaveLength(1);
    expect(promoted[0].at - 10000).toBeGreaterThan(30000);
    expect(promoted[0].at - 10000).toBeLessThan(34000);
    const [m] = agreed(r);
    expect(agreed(r)).toHaveLength(1);
    expect(['R1', 'R2']).toContain(m);
    for (const s of Object.values(sentinels(r))) expect(s.master).not.toBeNull();
    const other = m === 'R1' ? 'R2' : 'R1';
    expect(r.outcome.nodes[other]).toMatchObject({ role: 'replica', replicaOf: m, linkStatus: 'up' });
    expect(r.events('partial-sync', other)).toHaveLength(1); // same replication ID: +CONTINUE
  });
  it('sentinel-split-brain: M acks its clients until it is demoted about 10 s after the heal; those writes are lost', () => {
    const r = runScenario('sentinel-split-brain.json');
    const heal = 70000;
    const convert = r.events('convert-to-slave').find((e) => e.about === 'M')!;
    expect(convert.at - heal).toBeGreaterThan(8000);
    expect(convert.at - heal).toBeLessThan(13000);
    const after = ackedAfter(r, 'M', 10000);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.max(...after.map((w) => w.appliedAt))).toBeGreaterThan(heal);
    const lost = lostSet(r);
    expect(after.filter((w) => lost.has(w.id)).length / after.length).toBeGreaterThanOrEqual(0.95);
    expect(r.events('full-sync', 'M').length).toBeGreaterThanOrEqual(1);
  });
  it('sentinel-split-brain-min-replicas: M stops acking 10–12 s after the cut, what it acked before is still lost', () => {
    const r = runScenario('sentinel-split-brain-min-replicas.json');
    const last = Math.max(...ackedAfter(r, 'M', 10000).map((w) => w.appliedAt));
    expect(last - 10000).toBeGreaterThan(9000);
    expect(last - 10000).toBeLessThanOrEqual(12000);
    expect(r.state.writes.some((w) => w.error?.startsWith('NOREPLICAS'))).toBe(true);
    expect(r.outcome.writes.lost).toBeGreaterThan(0);
  });
  it('sentinel-isolated-master-no-clients: the demoted master still full-syncs (its offset moved on)', () => {
    const r = runScenario('sentinel-isolated-master-no-clients.json');
    expect(r.events('full-sync', 'M').length).toBeGreaterThanOrEqual(1);
    expect(r.events('partial-sync', 'M')).toHaveLength(0);
  });
  it('sentinel-lab-e3a: the empty master restarted in 0.2 s wipes both replicas, no failover', () => {
    const r = runScenario('sentinel-lab-e3a.json');
    expect(r.events('promoted-slave')).toHaveLength(0);
    for (const n of ['R1', 'R2']) {
      expect(r.events('wiped', n)).toHaveLength(1);
      expect(r.outcome.nodes[n].keys).toBe(0);
    }
  });
  it('sentinel-lab-e4a: promotion about 2–3.5 s after the cut, nearly every write acked by M after it lost', () => {
    const r = runScenario('sentinel-lab-e4a.json');
    const p = firstAt(r, 'promoted-slave')! - 10000;
    expect(p).toBeGreaterThan(1900);
    expect(p).toBeLessThan(3500);
    const after = ackedAfter(r, 'M', 10000);
    const lost = lostSet(r);
    expect(after.filter((w) => lost.has(w.id)).length / after.length).toBeGreaterThanOrEqual(0.95);
  });
  it('sentinel-lab-e5: an empty restarted replica is promoted, and the old master is wiped on its return', () => {
    const r = runScenario('sentinel-lab-e5.json');
    expect(r.events('promoted-slave')).toHaveLength(1);
    expect(r.events('wiped', 'M')).toHaveLength(1);
    const early = r.state.writes.filter((w) => w.result === 'acked' && w.appliedAt < 12000);
    const lost = lostSet(r);
    expect(early.every((w) => lost.has(w.id))).toBe(true);
  });
  it('sentinel-lab-e6a / e6b: quorum 1 fails over a healthy master, quorum 2 does not', () => {
    const a = runScenario('sentinel-lab-e6a.json');
    expect(a.events('promoted-slave')).toHaveLength(1);
    expect(a.outcome.writes.lost).toBeGreaterThan(0);
    const b = runScenario('sentinel-lab-e6b.json');
    expect(b.events('odown')).toHaveLength(0);
    expect(b.events('promoted-slave')).toHaveLength(0);
    expect(b.outcome.writes.lost).toBe(0);
  });
  it('sentinel-lab-e7: SENTINEL FAILOVER loses the writes the old master acks until its demotion', () => {
    const r = runScenario('sentinel-lab-e7.json');
    expect(r.events('promoted-slave')).toHaveLength(1);
    expect(r.outcome.writes.lost).toBeGreaterThan(0);
  });
  it('sentinel-lab-e8: the second failover (epoch 2) is not delayed by 2·failover-timeout', () => {
    const r = runScenario('sentinel-lab-e8.json');
    const second = r.events('promoted-slave').find((e) => e.epoch === 2)!;
    expect(second.at - 12500).toBeLessThan(5000);
    expect(agreed(r)).toEqual(['R2']);
  });
  it('sentinel-lab-e10: the paused Sentinel enters TILT on waking and leaves it 30 s later', () => {
    const r = runScenario('sentinel-lab-e10.json');
    const tilt = firstAt(r, 'tilt', 'S1')!;
    expect(tilt).toBeGreaterThanOrEqual(16000);
    expect(firstAt(r, 'tilt-cleared', 'S1')! - tilt).toBeGreaterThanOrEqual(30000);
    expect(r.events('promoted-slave')).toHaveLength(1);
  });
  it('sentinel-lab-e11a: the Jepsen 2013 partition still loses nearly every write M acked after the cut', () => {
    const r = runScenario('sentinel-lab-e11a.json');
    const after = ackedAfter(r, 'M', 10000);
    const lost = lostSet(r);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((w) => lost.has(w.id)).length / after.length).toBeGreaterThanOrEqual(0.95);
  });
});

describe('standalone replication scenarios of runbook 003', () => {
  it('replication-replicaof-command: R1 full-syncs and ends with M\'s replication ID, offset and keys', () => {
    const r = runScenario('replication-replicaof-command.json');
    expect(r.events('full-sync', 'R1')).toHaveLength(1);
    expect(r.outcome.nodes.R1).toMatchObject({ role: 'replica', replicaOf: 'M', replid: r.outcome.nodes.M.replid, offset: r.outcome.nodes.M.offset, keys: r.outcome.nodes.M.keys });
  });
  it('replication-replicaof-config-file: the replicaof line takes effect at the restart', () => {
    const r = runScenario('replication-replicaof-config-file.json');
    expect(r.outcome.nodes.R1).toMatchObject({ role: 'replica', replicaOf: 'M', keys: r.outcome.nodes.M.keys });
  });
  it('replication-replicaof-no-one: R1 keeps its data and stops following M', () => {
    const r = runScenario('replication-replicaof-no-one.json');
    expect(r.outcome.nodes.R1.role).toBe('master');
    expect(r.events('wiped', 'R1')).toHaveLength(0);
    expect(r.outcome.nodes.R1.keys).toBeGreaterThan(900);
    expect(r.outcome.nodes.R1.keys).toBeLessThan(r.outcome.nodes.M.keys);
  });
  it('replication-link-break: +CONTINUE within the 1 MB backlog; the 16 KB one forces a full sync', () => {
    const r = runScenario('replication-link-break.json');
    expect(r.events('partial-sync', 'R1')).toHaveLength(1);
    expect(r.events('full-sync', 'R1')).toHaveLength(0);
    const s = runScenario('replication-link-break-small-backlog.json');
    expect(s.events('full-sync', 'R1').length).toBeGreaterThanOrEqual(1);
  });
  it('replication-chained-replicas: R2 full-syncs from R1 after R1\'s own full sync from M', () => {
    const r = runScenario('replication-chained-replicas.json');
    expect(r.events('full-sync', 'R1').at(-1)).toMatchObject({ from: 'M' });
    expect(r.events('full-sync', 'R2').at(-1)).toMatchObject({ from: 'R1' });
    expect(r.outcome.nodes.R2).toMatchObject({ replicaOf: 'R1', keys: r.outcome.nodes.M.keys });
  });
  it('replication-master-dies-no-failover: nothing is promoted and nothing is written after the kill', () => {
    const r = runScenario('replication-master-dies-no-failover.json');
    for (const n of ['R1', 'R2']) expect(r.outcome.nodes[n]).toMatchObject({ role: 'replica', replicaOf: 'M' });
    expect(r.state.writes.filter((w) => w.sentAt > 10000 && w.result === 'acked')).toHaveLength(0);
  });
  it('replication-manual-promotion: R1 serves writes, R2 continues from it with +CONTINUE', () => {
    const r = runScenario('replication-manual-promotion.json');
    expect(r.outcome.nodes.R1.role).toBe('master');
    expect(r.events('partial-sync', 'R2')).toHaveLength(1);
    expect(ackedAfter(r, 'R1', 22000).length).toBeGreaterThan(0);
  });
  it('replication-empty-master-restart: R1 is wiped by the empty master and every acked write is lost', () => {
    const r = runScenario('replication-empty-master-restart.json');
    expect(r.events('wiped', 'R1')).toHaveLength(1);
    expect(r.outcome.writes.lost).toBe(r.outcome.writes.acked);
  });
  it('replication-min-replicas: NOREPLICAS from 10–12 s after the cut, nothing lost', () => {
    const r = runScenario('replication-min-replicas.json');
    const first = r.state.writes.find((w) => w.error?.startsWith('NOREPLICAS'))!;
    expect(first.sentAt - 10000).toBeGreaterThanOrEqual(10000);
    expect(first.sentAt - 10000).toBeLessThanOrEqual(12000);
    expect(r.outcome.writes.lost).toBe(0);
  });
});
