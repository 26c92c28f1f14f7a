// The matrix's configurations and fault families (issue 4): each family is a trace builder
// parameterised by a configuration and a run index, so every cell is a handful of deterministic,
// replayable traces. Times are those of runbook 000 (cluster-node-timeout 15 s); "an hour later"
// is shortened to a minute, which is well after the failover and changes nothing the model measures.
import type { ConfigInput } from '../properties/generators.ts';
import { persistenceConfig, masterNames, allNames } from '../properties/generators.ts';
import type { TraceInput } from '../model/kernel/trace.ts';

export type MatrixPersistence = 'none' | 'aof-everysec' | 'aof-always' | 'rdb';
export const PERSISTENCES: MatrixPersistence[] = ['none', 'aof-everysec', 'aof-always', 'rdb'];

export interface MatrixConfig {
  persistence: MatrixPersistence;
  replicas: 1 | 2;
  masters: 3 | 5;
  fullCoverage: boolean;
  minReplicas: 0 | 1;
}

/** Runbook 000's timing: cluster-node-timeout 15000 (方案1/方案2). */
export const NODE_TIMEOUT = 15_000;
/** One write every WRITE_EVERY ms, to a fresh key, spread over every slot range. */
export const WRITE_EVERY = 10;
/** Writes before the first fault (plus a per-run jitter of up to 1 s). */
export const WARMUP = 5_000;
/** When the operator brings crashed nodes back (the runbook's "T0 + 1 hour", shortened). */
export const OPERATOR_AFTER = 60_000;

export const PERSISTENCE_LABEL: Record<MatrixPersistence, string> = {
  none: 'none',
  'aof-everysec': 'AOF everysec',
  'aof-always': 'AOF always',
  rdb: 'RDB only',
};

export function toConfigInput(c: MatrixConfig): ConfigInput {
  return {
    masters: c.masters,
    replicasPerMaster: c.replicas,
    nodeTimeout: NODE_TIMEOUT,
    ...persistenceConfig(c.persistence),
    requireFullCoverage: c.fullCoverage,
    minReplicasToWrite: c.minReplicas,
    replicaValidityFactor: 10,
  };
}

export function configId(c: MatrixConfig): string {
  return `${c.persistence}-r${c.replicas}-m${c.masters}-fc${c.fullCoverage ? 'yes' : 'no'}-mr${c.minReplicas}`;
}

export function configLabel(c: MatrixConfig): string {
  return `${PERSISTENCE_LABEL[c.persistence]}, ${c.masters}×${c.replicas}, full-coverage ${c.fullCoverage ? 'yes' : 'no'}, min-replicas ${c.minReplicas}`;
}

/** A small deterministic generator (mulberry32) for the per-run jitter. */
export function jitter(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a family builds for one run. */
export interface Built {
  trace: TraceInput;
  /** Time of the first fault. */
  faultAt: number;
  /** Initial masters whose slot ranges the fault hits directly. */
  faulted: string[];
  /** When an operator acts (restarts crashed nodes); null when nothing is left to a human. */
  operatorAt: number | null;
}

export interface Family<C = MatrixConfig> {
  id: string;
  title: string;
  /** Where the runbooks describe it. */
  source: string;
  /** One paragraph: the schedule, in words. */
  schedule: string;
  build(c: C, seed: number): Built;
}

/** Rooms (machine rooms) as runbook 000's deployment drawing: room i holds master i and replica j of master i+j. */
export function rooms(c: MatrixConfig): string[][] {
  const ms = masterNames({ masters: c.masters });
  return ms.map((m, i) => [m, ...Array.from({ length: c.replicas }, (_, j) => `${ms[(i + j + 1) % ms.length]}${j + 1}`)]);
}

interface Sched {
  config: MatrixConfig;
  seed: number;
  name: string;
  faultAt: number;
  events: TraceInput['events'];
  until: number;
}

function trace(s: Sched): TraceInput {
  // Writes run until 3 s before the end, so every write has its reply (client timeout 2 s) in the run.
  const events = [{ at: 0, type: 'writes' as const, every: WRITE_EVERY, until: s.until - 3000 }, ...s.events].sort((a, b) => a.at - b.at);
  return { name: s.name, config: toConfigInput(s.config), seed: s.seed, events, until: s.until };
}

/** The fault time of a run: the warmup plus up to 1 s of jitter (fsync and write phases move). */
const faultTime = (seed: number) => WARMUP + Math.floor(jitter(seed * 7919 + 1)() * 1000);

/** Crash `nodes` at T0 and have the operator restart `back` OPERATOR_AFTER later. */
function crashThenOperator(id: string, what: (c: MatrixConfig) => { crash: string[]; back: string[]; faulted: string[] }, power: boolean) {
  return (c: MatrixConfig, seed: number): Built => {
    const t0 = faultTime(seed);
    const { crash, back, faulted } = what(c);
    const op = t0 + OPERATOR_AFTER;
    const events: TraceInput['events'] = [
      ...crash.map((n) => (power ? { at: t0, type: 'crash' as const, node: n, power: true } : { at: t0, type: 'crash' as const, node: n })),
      ...back.map((n) => ({ at: op, type: 'restart' as const, node: n })),
    ];
    return { trace: trace({ config: c, seed, name: `${id} ${configId(c)} seed ${seed}`, faultAt: t0, events, until: op + 30_000 }), faultAt: t0, faulted, operatorAt: back.length ? op : null };
  };
}

const B = 'B';
const firstReplica = (m: string) => `${m}1`;

function restartBeforeFailover(id: string, power: boolean) {
  return (c: MatrixConfig, seed: number): Built => {
    const t0 = faultTime(seed);
    // A supervisor (systemd Restart=always) brings the process back after 1 s … NT/2.
    const back = t0 + 1000 + Math.floor(jitter(seed * 104729 + 3)() * (NODE_TIMEOUT / 2 - 1000));
    const events: TraceInput['events'] = [
      power ? { at: t0, type: 'crash', node: B, power: true } : { at: t0, type: 'crash', node: B },
      { at: back, type: 'restart', node: B },
    ];
    return { trace: trace({ config: c, seed, name: `${id} ${configId(c)} seed ${seed}`, faultAt: t0, events, until: back + 60_000 }), faultAt: t0, faulted: [B], operatorAt: null };
  };
}

function partitionThenHeal(id: string, groupsOf: (c: MatrixConfig) => string[][], faulted: (c: MatrixConfig) => string[], lasts: number) {
  return (c: MatrixConfig, seed: number): Built => {
    const t0 = faultTime(seed);
    const heal = t0 + lasts;
    const events: TraceInput['events'] = [{ at: t0, type: 'partition', groups: groupsOf(c) }, { at: heal, type: 'heal' }];
    return { trace: trace({ config: c, seed, name: `${id} ${configId(c)} seed ${seed}`, faultAt: t0, events, until: heal + 45_000 }), faultAt: t0, faulted: faulted(c), operatorAt: null };
  };
}

const mc = (c: MatrixConfig) => ({ masters: c.masters, replicasPerMaster: c.replicas });

export const FAMILIES: Family[] = [
  {
    id: 's1-kill', title: 'Scenario 1 — one master dies (kill -9), restarted late', source: 'runbook 000 §2 (场景1), drill 1 (演练1)',
    schedule: 'kill -9 of master B at T0 ≈ 5 s; the operator restarts B at T0 + 60 s (the runbook says an hour later), after its replica was promoted.',
    build: crashThenOperator('s1-kill', () => ({ crash: [B], back: [B], faulted: [B] }), false),
  },
  {
    id: 's1-power', title: 'Scenario 1 — one master loses power, restarted late', source: 'runbook 000 §2 (场景1), as a machine failure',
    schedule: 'as s1-kill, but B\'s machine loses power (page cache dropped: the AOF back to its last fsync).',
    build: crashThenOperator('s1-power', () => ({ crash: [B], back: [B], faulted: [B] }), true),
  },
  {
    id: 's2-kill', title: 'Scenario 2 — two masters die (kill -9), restarted late', source: 'runbook 000 §3 (场景2)',
    schedule: 'kill -9 of masters A and B at T0; the operator restarts both at T0 + 60 s.',
    build: crashThenOperator('s2-kill', () => ({ crash: ['A', B], back: ['A', B], faulted: ['A', B] }), false),
  },
  {
    id: 's2-power', title: 'Scenario 2 — two masters lose power, restarted late', source: 'runbook 000 §3 (场景2), as a machine failure',
    schedule: 'as s2-kill, with a power loss on both machines.',
    build: crashThenOperator('s2-power', () => ({ crash: ['A', B], back: ['A', B], faulted: ['A', B] }), true),
  },
  {
    id: 's3-kill', title: 'Scenario 3 — a master and its replica die (kill -9), both restarted', source: 'runbook 000 §4 (场景3, recovery C), drill 3 (演练3)',
    schedule: 'kill -9 of master B and its replica B1 at T0 (with 2 replicas per master, B2 survives); the operator restarts B and B1 at T0 + 60 s.',
    build: crashThenOperator('s3-kill', () => ({ crash: [B, firstReplica(B)], back: [B, firstReplica(B)], faulted: [B] }), false),
  },
  {
    id: 's3-power', title: 'Scenario 3 — a master and its replica lose power, both restarted', source: 'runbook 000 §4 (场景3), as a machine failure',
    schedule: 'as s3-kill, with a power loss on both machines.',
    build: crashThenOperator('s3-power', () => ({ crash: [B, firstReplica(B)], back: [B, firstReplica(B)], faulted: [B] }), true),
  },
  {
    id: 's3a-kill', title: 'Scenario 3, recovery A — only the master is restarted', source: 'runbook 000 §4 (恢复子场景A)',
    schedule: 'kill -9 of B and B1 at T0; the operator restarts only B at T0 + 60 s.',
    build: crashThenOperator('s3a-kill', () => ({ crash: [B, firstReplica(B)], back: [B], faulted: [B] }), false),
  },
  {
    id: 's3b-kill', title: 'Scenario 3, recovery B — only the replica is restarted', source: 'runbook 000 §4 (恢复子场景B)',
    schedule: 'kill -9 of B and B1 at T0; the operator restarts only B1 at T0 + 60 s.',
    build: crashThenOperator('s3b-kill', () => ({ crash: [B, firstReplica(B)], back: [firstReplica(B)], faulted: [B] }), false),
  },
  {
    id: 'rb-kill', title: 'Restart before failover — kill -9, the master is back within NT/2', source: 'runbook 000 §3.2 (空主节点覆盖从节点); REPL "persistence turned off"',
    schedule: 'kill -9 of master B at T0; a supervisor restarts it 1 s … 7.5 s later, before any failover. No operator.',
    build: restartBeforeFailover('rb-kill', false),
  },
  {
    id: 'rb-power', title: 'Restart before failover — power loss, the machine is back within NT/2', source: 'runbook 000 §1.1 机制3 (AOF fsync), as a machine failure',
    schedule: 'as rb-kill, with a power loss of B\'s machine.',
    build: restartBeforeFailover('rb-power', true),
  },
  {
    id: 'd2-replica', title: 'Drill 2 — one replica dies (kill -9), restarted', source: 'runbook 000 故障演练 演练2',
    schedule: 'kill -9 of replica B1 at T0; the operator restarts it at T0 + 60 s.',
    build: crashThenOperator('d2-replica', () => ({ crash: [firstReplica(B)], back: [firstReplica(B)], faulted: [B] }), false),
  },
  {
    id: 'd4-room', title: 'Drill 4 — a machine room is cut off, then reconnected', source: 'runbook 000 故障演练 演练4, deployment drawing (跨机房)',
    schedule: 'at T0 room B (master B and replica j of the j-th next master, as the runbook\'s drawing) is cut off from the rest and the clients for 45 s (3·NT), then the network heals. No operator.',
    build: partitionThenHeal('d4-room', (c) => {
      const room = rooms(c)[1];
      return [room, allNames(mc(c)).filter((n) => !room.includes(n)).concat('client')];
    }, () => [B], 3 * NODE_TIMEOUT),
  },
  {
    id: 'sb-minority', title: 'Split brain — master B cut off with the clients, then healed', source: 'runbook 000 故障演练 演练5; runbook 003 split brain',
    schedule: 'at T0 master B and the clients are cut off from every other node (B\'s replicas on the majority side) for 30 s (2·NT), then the network heals. No operator.',
    build: partitionThenHeal('sb-minority', (c) => [[B, 'client'], allNames(mc(c)).filter((n) => n !== B)], () => [B], 2 * NODE_TIMEOUT),
  },
];

export const familyById = (id: string): Family => {
  const f = FAMILIES.find((x) => x.id === id);
  if (!f) throw new Error(`unknown matrix family ${id}`);
  return f;
};
