// --topology: masters × replicas per master, written `3x1`, or with the trace's own keys
// (`masters=5,replicasPerMaster=2`, or the JSON object `{"masters":5,"replicasPerMaster":2}`).
import { MAX_MASTERS, MAX_SENTINELS, MAX_STANDALONE_REPLICAS } from '../model/kernel/trace.ts';

export interface Topology { masters: number; replicasPerMaster: number }

/** The runbooks' cluster: three masters with one replica each. */
export const DEFAULT_TOPOLOGY: Topology = { masters: 3, replicasPerMaster: 1 };

/** Bounds: a failover needs a majority of at least 3 masters and a replica to promote; the model's own maximum above. */
const LIMITS = { masters: [3, MAX_MASTERS], replicasPerMaster: [1, 5] } as const;

export class TopologyError extends Error {}

const expected = 'expected <masters>x<replicas per master> such as 3x1, or masters=3,replicasPerMaster=1';

export function parseTopology(spec: string): Topology {
  const s = spec.trim();
  let raw: Record<string, unknown>;
  const short = /^(\d+)\s*[x×*]\s*(\d+)$/i.exec(s);
  if (short) raw = { masters: Number(short[1]), replicasPerMaster: Number(short[2]) };
  else if (s.startsWith('{')) {
    try {
      raw = JSON.parse(s) as Record<string, unknown>;
    } catch {
      throw new TopologyError(`--topology: "${spec}" is not valid JSON; ${expected}`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new TopologyError(`--topology: ${expected}`);
  } else if (/=/.test(s)) {
    raw = {};
    for (const part of s.split(',')) {
      const [k, v, ...rest] = part.split('=').map((x) => x.trim());
      if (v === undefined || rest.length) throw new TopologyError(`--topology: "${part}" is not key=value; ${expected}`);
      raw[k] = /^\d+$/.test(v) ? Number(v) : v;
    }
  } else throw new TopologyError(`--topology: "${spec}": ${expected}`);
  const extra = Object.keys(raw).filter((k) => k !== 'masters' && k !== 'replicasPerMaster');
  if (extra.length) throw new TopologyError(`--topology: unknown key ${extra.join(', ')}; only masters and replicasPerMaster`);
  const out = { ...DEFAULT_TOPOLOGY };
  for (const k of ['masters', 'replicasPerMaster'] as const) {
    if (raw[k] === undefined) continue;
    const v = raw[k];
    const [lo, hi] = LIMITS[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      throw new TopologyError(`--topology: ${k} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}${k === 'replicasPerMaster' && v === 0 ? ' (without replicas there is no failover to check)' : ''}`);
    }
    out[k] = v;
  }
  return out;
}

export const topologyLabel = (t: Topology): string => `${t.masters}×${t.replicasPerMaster}`;

// ---------- standalone deployments (cluster-enabled no) ----------

/** One master M with `replicas` replicas, and `sentinels` Sentinels (0 for plain replication). */
export interface StandaloneTopology { replicas: number; sentinels: number }

/** Sentinel: the runbooks' one master, two replicas, three Sentinels; replication: one master, two replicas. */
export const defaultStandalone = (sentinel: boolean): StandaloneTopology => ({ replicas: 2, sentinels: sentinel ? 3 : 0 });

/** At least two Sentinels: the Sentinel generators cut some but not all Sentinels from the master, which one Sentinel cannot give. */
const STANDALONE_LIMITS = { replicas: [1, MAX_STANDALONE_REPLICAS], sentinels: [2, MAX_SENTINELS] } as const;

const standaloneExpected = (sentinel: boolean) => (sentinel
  ? 'expected 1x<replicas>[+<sentinels>] such as 1x2+3, or replicas=2,sentinels=3'
  : 'expected 1x<replicas> such as 1x2, or replicas=2');

/** --topology for a standalone redis.conf: `1x2` (M and two replicas), `1x2+3` (and three Sentinels), or `replicas=2,sentinels=3`. */
export function parseStandaloneTopology(spec: string, sentinel: boolean): StandaloneTopology {
  const s = spec.trim();
  const expected = standaloneExpected(sentinel);
  const raw: Record<string, unknown> = {};
  const short = /^(\d+)\s*[x×*]\s*(\d+)(?:\s*\+\s*(\d+))?$/i.exec(s);
  if (short) {
    if (Number(short[1]) !== 1) throw new TopologyError(`--topology: "${spec}": a standalone deployment has one master (cluster-enabled is no); ${expected}`);
    raw.replicas = Number(short[2]);
    if (short[3] !== undefined) raw.sentinels = Number(short[3]);
  } else if (/=/.test(s)) {
    for (const part of s.split(',')) {
      const [k, v, ...more] = part.split('=').map((x) => x.trim());
      if (v === undefined || more.length) throw new TopologyError(`--topology: "${part}" is not key=value; ${expected}`);
      raw[k] = /^\d+$/.test(v) ? Number(v) : v;
    }
  } else throw new TopologyError(`--topology: "${spec}": ${expected}`);
  const keys = sentinel ? ['replicas', 'sentinels'] : ['replicas'];
  const extra = Object.keys(raw).filter((k) => !keys.includes(k));
  if (extra.length) throw new TopologyError(`--topology: unknown key ${extra.join(', ')}; ${sentinel ? 'only replicas and sentinels' : 'only replicas (Sentinels need --sentinel)'}`);
  const out = defaultStandalone(sentinel);
  for (const k of keys as Array<keyof StandaloneTopology>) {
    if (raw[k] === undefined) continue;
    const v = raw[k];
    const [lo, hi] = STANDALONE_LIMITS[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new TopologyError(`--topology: ${k} must be an integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

export const standaloneLabel = (t: StandaloneTopology): string => `1×${t.replicas}${t.sentinels ? `+${t.sentinels}` : ''}`;
