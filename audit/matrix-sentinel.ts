// The matrix's Sentinel deployments (issue 12): one master M with two replicas under three
// Sentinels, run under Sentinel's own fault families. Each configuration turns the options a team
// sets in sentinel.conf and redis.conf (quorum, down-after-milliseconds, min-replicas-to-write,
// persistence); each family is a trace builder, as for the Cluster families.
import type { TraceInput } from '../model/kernel/trace.ts';
import { persistenceConfig } from '../properties/generators.ts';
import { jitter, PERSISTENCES, PERSISTENCE_LABEL, WARMUP, WRITE_EVERY, type Built, type Family, type MatrixPersistence } from './matrix-families.ts';

export interface SentinelMatrixConfig {
  kind: 'sentinel';
  persistence: MatrixPersistence;
  quorum: 1 | 2 | 3;
  /** down-after-milliseconds */
  downAfter: 5000 | 30000;
  minReplicas: 0 | 1;
}

/** Three Sentinels (the smallest deployment that survives losing one), M and two replicas. */
export const SENTINELS = 3;
export const REPLICAS = 2;
/** When the operator brings crashed processes back (the runbooks' "later", shortened as for Cluster). */
export const SENTINEL_OPERATOR_AFTER = 60_000;
/** A link cut for good: a delay far past the end of any run (the model keeps each link's order, so it never heals). */
const CUT_MS = 86_400_000;

export const SENTINEL_BASE: SentinelMatrixConfig = { kind: 'sentinel', persistence: 'aof-everysec', quorum: 2, downAfter: 5000, minReplicas: 0 };

export function sentinelConfigId(c: SentinelMatrixConfig): string {
  return `sentinel-${c.persistence}-q${c.quorum}-dam${c.downAfter / 1000}s-mr${c.minReplicas}`;
}

export function sentinelConfigLabel(c: SentinelMatrixConfig): string {
  return `${PERSISTENCE_LABEL[c.persistence]}, M + ${REPLICAS} replicas, ${SENTINELS} Sentinels, quorum ${c.quorum}, down-after-milliseconds ${c.downAfter}, min-replicas ${c.minReplicas}`;
}

export function toSentinelConfig(c: SentinelMatrixConfig): TraceInput['config'] {
  return {
    topology: 'sentinel', replicas: REPLICAS, sentinels: SENTINELS, quorum: c.quorum, downAfterMilliseconds: c.downAfter,
    ...persistenceConfig(c.persistence), minReplicasToWrite: c.minReplicas,
  };
}

/** Main table: persistence × down-after-milliseconds (Sentinel's default 30 s and the common 5 s), quorum 2, no min-replicas. */
export function sentinelMainConfigs(): SentinelMatrixConfig[] {
  return PERSISTENCES.flatMap((persistence) => ([5000, 30000] as const).map((downAfter) => ({ ...SENTINEL_BASE, persistence, downAfter })));
}

/** Other axes, one turned at a time from quorum 2 / min-replicas 0 (down-after 5 s), for AOF everysec and for no persistence. */
export function sentinelOtherConfigs(): SentinelMatrixConfig[] {
  const out: SentinelMatrixConfig[] = [];
  for (const persistence of ['aof-everysec', 'none'] as const) {
    for (const turn of [{ quorum: 1 as const }, { quorum: 3 as const }, { minReplicas: 1 as const }]) out.push({ ...SENTINEL_BASE, persistence, ...turn });
  }
  return out;
}

const faultTime = (seed: number) => WARMUP + Math.floor(jitter(seed * 7919 + 1)() * 1000);

function trace(c: SentinelMatrixConfig, seed: number, name: string, events: TraceInput['events'], until: number): TraceInput {
  // Writes run until 3 s before the end, so every write has its reply (client timeout 2 s) in the run.
  const all = [{ at: 0, type: 'writes' as const, every: WRITE_EVERY, until: until - 3000 }, ...events].sort((a, b) => a.at - b.at);
  return { name, config: toSentinelConfig(c), seed, events: all, until };
}

/** Long enough for SDOWN, ODOWN, an election (with its jitter), the promotion and the switch. */
const failoverSpan = (c: SentinelMatrixConfig) => c.downAfter + 25_000;

const name = (id: string, c: SentinelMatrixConfig, seed: number) => `${id} ${sentinelConfigId(c)} seed ${seed}`;

export const SENTINEL_FAMILIES: Array<Family<SentinelMatrixConfig>> = [
  {
    id: 'sn-kill', title: 'Sentinel — the master dies (kill -9), restarted late', source: 'runbook 003 (哨兵 automatic failover); sentinel.md §3, 2.4–2.12, 2.21',
    schedule: 'kill -9 of M at T0 ≈ 5 s; the operator restarts M at T0 + 60 s, after the Sentinels promoted a replica (they turn M into its replica).',
    build(c, seed): Built {
      const t0 = faultTime(seed);
      const op = t0 + SENTINEL_OPERATOR_AFTER;
      const events: TraceInput['events'] = [{ at: t0, type: 'crash', node: 'M' }, { at: op, type: 'restart', node: 'M' }];
      return { trace: trace(c, seed, name('sn-kill', c, seed), events, op + 30_000), faultAt: t0, faulted: ['M'], operatorAt: op };
    },
  },
  {
    id: 'sn-restart', title: 'Sentinel — the master restarts within down-after-milliseconds', source: 'sentinel.md H4 (an empty master restart wipes its replicas), LAB E3a/E3b; runbook 003 (persistence off)',
    schedule: 'kill -9 of M at T0; a supervisor restarts it 1 s … down-after-milliseconds / 2 later, before any Sentinel flags it down. No operator.',
    build(c, seed): Built {
      const t0 = faultTime(seed);
      const back = t0 + 1000 + Math.floor(jitter(seed * 104729 + 3)() * (c.downAfter / 2 - 1000));
      const events: TraceInput['events'] = [{ at: t0, type: 'crash', node: 'M' }, { at: back, type: 'restart', node: 'M' }];
      return { trace: trace(c, seed, name('sn-restart', c, seed), events, back + failoverSpan(c) + 20_000), faultAt: t0, faulted: ['M'], operatorAt: null };
    },
  },
  {
    id: 'sn-isolated', title: 'Sentinel — the old master is cut off with its clients, then healed', source: 'runbook 003 (脑裂, split brain); Jepsen 2013; sentinel.md H1, H2 (min-replicas), LAB E4a/E4b',
    schedule: 'at T0 M and the clients are cut off from both replicas and every Sentinel for down-after-milliseconds + 25 s (long enough for a failover on the other side), then the network heals. No operator.',
    build(c, seed): Built {
      const t0 = faultTime(seed);
      const heal = t0 + failoverSpan(c);
      const events: TraceInput['events'] = [{ at: t0, type: 'partition', groups: [['M', 'client'], ['R1', 'R2', 'S1', 'S2', 'S3']] }, { at: heal, type: 'heal' }];
      return { trace: trace(c, seed, name('sn-isolated', c, seed), events, heal + 30_000), faultAt: t0, faulted: ['M'], operatorAt: null };
    },
  },
  {
    id: 'sn-link', title: 'Sentinel — one Sentinel\'s link to the master is cut', source: 'sentinel.md H3 (quorum below the majority: a healthy master failed over), LAB E6a/E6b; runbook 001 §3.1 (Sentinel detection)',
    schedule: 'at T0 the link between S1 (the Sentinel the clients ask first) and M is cut in both directions for the rest of the run; M, its replicas, the other Sentinels and the clients see each other. No operator.',
    build(c, seed): Built {
      const t0 = faultTime(seed);
      const events: TraceInput['events'] = [{ at: t0, type: 'delay', from: 'S1', to: 'M', ms: CUT_MS }, { at: t0, type: 'delay', from: 'M', to: 'S1', ms: CUT_MS }];
      return { trace: trace(c, seed, name('sn-link', c, seed), events, t0 + failoverSpan(c) + 30_000), faultAt: t0, faulted: ['M'], operatorAt: null };
    },
  },
  {
    id: 'sn-sentinel-crash', title: 'Sentinel — a Sentinel dies, then the master', source: 'sentinel.md 2.10 (votes from max(majority, quorum)), H3 (quorum above the majority: no ODOWN); runbook 003 (哨兵集群)',
    schedule: 'kill -9 of S1 (the Sentinel the clients ask first) at T0 and of M 1 s later; the operator restarts both at T0 + 60 s.',
    build(c, seed): Built {
      const t0 = faultTime(seed);
      const op = t0 + SENTINEL_OPERATOR_AFTER;
      const events: TraceInput['events'] = [
        { at: t0, type: 'crash', node: 'S1' }, { at: t0 + 1000, type: 'crash', node: 'M' },
        { at: op, type: 'restart', node: 'S1' }, { at: op, type: 'restart', node: 'M' },
      ];
      return { trace: trace(c, seed, name('sn-sentinel-crash', c, seed), events, op + 30_000), faultAt: t0 + 1000, faulted: ['M'], operatorAt: op };
    },
  },
];

export interface SentinelFamilyLayout { family: Family<SentinelMatrixConfig>; main: SentinelMatrixConfig[]; other: SentinelMatrixConfig[] }

export function sentinelLayout(families = SENTINEL_FAMILIES): SentinelFamilyLayout[] {
  return families.map((family) => ({ family, main: sentinelMainConfigs(), other: sentinelOtherConfigs() }));
}

export const sentinelFamilyById = (id: string): Family<SentinelMatrixConfig> => {
  const f = SENTINEL_FAMILIES.find((x) => x.id === id);
  if (!f) throw new Error(`unknown Sentinel matrix family ${id}`);
  return f;
};
