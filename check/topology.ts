// --topology: masters × replicas per master, written `3x1`, or with the trace's own keys
// (`masters=5,replicasPerMaster=2`, or the JSON object `{"masters":5,"replicasPerMaster":2}`).
import { MAX_MASTERS } from '../model/kernel/trace.ts';

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
