// Generated sentinel and replication conformance traces: one small fast-check arbitrary per fault family
// (sentinel.md §4's hazards and the runbooks' operator actions), each sampled with a fixed seed, at
// down-after-milliseconds 1000–2000 ms so nothing is scaled. Only events the harness can play (no clock
// jumps, slow links or slow disks). The property suite's own generators for these topologies may replace
// these once they exist.
import fc from 'fast-check';
import { parseTrace, type Trace, type TraceInput } from '../model/kernel/trace.ts';

type Events = TraceInput['events'];
type Family = fc.Arbitrary<{ config: NonNullable<TraceInput['config']>; events: Events; tail?: number }>;

/** Sentinel options the families draw from: loopback-fast, as sentinel.md's lab runs. */
const sentinelConfig = fc.record({
  topology: fc.constant('sentinel' as const),
  replicas: fc.integer({ min: 1, max: 3 }),
  downAfterMilliseconds: fc.constantFrom(1000, 1500, 2000),
  failoverTimeout: fc.constantFrom(10000, 20000),
  replDisklessSyncDelay: fc.constantFrom(1, 2),
});

const persistence = fc.constantFrom(
  { appendonly: false, save: [] as Array<[number, number]> },
  { appendonly: true, appendfsync: 'everysec' as const },
  { appendonly: false },
);

/** A writer from 0 to `until`, every 40–100 ms. */
const writer = (until: number) => fc.integer({ min: 40, max: 100 }).map((every) => ({ at: 0, type: 'writes' as const, every, until }));

const families: Array<[string, Family]> = [
  ['sentinel: master crash, restart after the failover', fc.tuple(sentinelConfig, persistence, fc.integer({ min: 1500, max: 3000 }), fc.integer({ min: 5000, max: 8000 }))
    .chain(([c, p, at, back]) => writer(at + back + 2000).map((w) => ({ config: { ...c, ...p }, events: [w, { at, type: 'crash', node: 'M' }, { at: at + back, type: 'restart', node: 'M' }] })))],
  ['sentinel: master restarts within down-after-milliseconds', fc.tuple(sentinelConfig, persistence, fc.integer({ min: 1500, max: 3000 }), fc.integer({ min: 100, max: 600 }))
    .chain(([c, p, at, back]) => writer(at + 5000).map((w) => ({ config: { ...c, ...p }, events: [w, { at, type: 'crash', node: 'M' }, { at: at + back, type: 'restart', node: 'M' }] })))],
  ['sentinel: replica crash and restart', fc.tuple(sentinelConfig, persistence, fc.integer({ min: 1500, max: 3000 }), fc.integer({ min: 2000, max: 5000 }))
    .chain(([c, p, at, back]) => writer(at + back + 2000).map((w) => ({ config: { ...c, ...p }, events: [w, { at, type: 'crash', node: 'R1' }, { at: at + back, type: 'restart', node: 'R1' }] })))],
  ['sentinel: one Sentinel down, then the master crashes', fc.tuple(sentinelConfig, fc.integer({ min: 1000, max: 2000 }), fc.integer({ min: 1000, max: 2000 }))
    .chain(([c, at, gap]) => writer(at + gap + 5000).map((w) => ({ config: c, events: [w, { at, type: 'crash', node: 'S3' }, { at: at + gap, type: 'crash', node: 'M' }] })))],
  ['sentinel: master paused longer than down-after-milliseconds', fc.tuple(sentinelConfig, fc.integer({ min: 1500, max: 3000 }), fc.integer({ min: 4000, max: 6000 }))
    .chain(([c, at, len]) => writer(at + len + 2000).map((w) => ({ config: c, events: [w, { at, type: 'pause', node: 'M' }, { at: at + len, type: 'resume', node: 'M' }] })))],
  ['sentinel: old master partitioned with its clients and one Sentinel', fc.tuple(sentinelConfig, fc.integer({ min: 1500, max: 3000 }), fc.integer({ min: 5000, max: 8000 }), fc.constantFrom(0, 1))
    .chain(([c, at, len, minRep]) => writer(at + len + 3000).map((w) => ({ config: { ...c, minReplicasToWrite: minRep, minReplicasMaxLag: 2 },
      events: [w, { at, type: 'partition', groups: [['M', 'S1', 'client']] }, { at: at + len, type: 'heal' }] })))],
  ['sentinel: one Sentinel cut off from every other process', fc.tuple(sentinelConfig, fc.constantFrom(1, 2), fc.integer({ min: 1500, max: 3000 }), fc.integer({ min: 4000, max: 6000 }))
    .chain(([c, q, at, len]) => writer(at + len + 2000).map((w) => ({ config: { ...c, quorum: q },
      events: [w, { at, type: 'partition', groups: [['S2']] }, { at: at + len, type: 'heal' }] })))],
  ['sentinel: SENTINEL FAILOVER under load', fc.tuple(sentinelConfig, fc.integer({ min: 1500, max: 3000 }), fc.constantFrom('S1', 'S2'))
    .chain(([c, at, s]) => writer(at + 5000).map((w) => ({ config: c, events: [w, { at, type: 'sentinel-failover', node: s }] })))],
  ['replication: chain R2 → R1 → M, R1 crashes and restarts', fc.tuple(persistence, fc.integer({ min: 1000, max: 2000 }), fc.integer({ min: 2000, max: 4000 }))
    .chain(([p, at, back]) => writer(at + back + 2000).map((w) => ({ config: { topology: 'replication' as const, replicas: 2, replicaof: { R2: 'R1' }, replDisklessSyncDelay: 1, ...p },
      events: [w, { at, type: 'crash', node: 'R1' }, { at: at + back, type: 'restart', node: 'R1' }] })))],
  ['replication: REPLICAOF NO ONE on a replica, then back under M', fc.tuple(fc.integer({ min: 1000, max: 2000 }), fc.integer({ min: 1000, max: 3000 }))
    .chain(([at, len]) => writer(at + len + 2000).map((w) => ({ config: { topology: 'replication' as const, replicas: 2, replDisklessSyncDelay: 1 },
      events: [w, { at, type: 'replicaof', node: 'R1', master: null }, { at: at + len, type: 'replicaof', node: 'R1', master: 'M' }] })))],
  ['replication: appendonly turned on in the master\'s file, then a restart', fc.tuple(fc.integer({ min: 1000, max: 2000 }), fc.integer({ min: 200, max: 1000 }))
    .chain(([at, back]) => writer(at + back + 3000).map((w) => ({ config: { topology: 'replication' as const, replicas: 1, replDisklessSyncDelay: 1, save: [] as Array<[number, number]> },
      events: [w, { at, type: 'edit-config', node: 'M', set: { appendonly: true } }, { at: at + 100, type: 'crash', node: 'M' }, { at: at + 100 + back, type: 'restart', node: 'M' }] })))],
  ['replication: replica promoted by hand, old master pointed at it', fc.tuple(fc.integer({ min: 1000, max: 2000 }), fc.integer({ min: 200, max: 1000 }))
    .chain(([at, gap]) => writer(at + gap + 3000).map((w) => ({ config: { topology: 'replication' as const, replicas: 2, replDisklessSyncDelay: 1 },
      events: [w, { at, type: 'replicaof', node: 'R1', master: null }, { at: at + gap, type: 'replicaof', node: 'M', master: 'R1' }, { at: at + gap, type: 'replicaof', node: 'R2', master: 'R1' }] })))],
];

/** The settle time after the last event: a failover (3 × dam), a returning master's demotion (~10 s) and its full sync. */
function untilOf(config: NonNullable<TraceInput['config']>, events: Events): number {
  const last = Math.max(...events.map((e) => (e.type === 'writes' ? e.until : e.at)));
  return last + (config.topology === 'sentinel' ? 3 * (config.downAfterMilliseconds ?? 1000) + 14000 : 8000);
}

/** `count` traces; trace k comes from family k mod |families|, sampled with fast-check seed 2000 + k. */
export function generatedStandalone(count = families.length): Trace[] {
  return Array.from({ length: count }, (_, k) => {
    const [label, arb] = families[k % families.length];
    const seed = 2000 + k;
    const [{ config, events }] = fc.sample(arb, { numRuns: 1, seed });
    const name = `gen-s${String(k + 1).padStart(2, '0')}: ${label} (fast-check seed ${seed})`;
    return parseTrace({ name, config, seed, events, until: untilOf(config, events) });
  });
}
