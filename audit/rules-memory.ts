// Rule check for runbook 003's memory advice (a master should use 50–70% of host memory, leaving
// 30–50% for BGSAVE and the replication buffer): the two things that headroom is for, measured on
// small REPLICAOF traces while a full sync runs: the stream the master holds for the replica
// between the fork and the replica's end of loading, and the keys written while the fork's child runs.
import type { TraceInput } from '../model/kernel/trace.ts';
import { runTrace } from '../properties/property.ts';
import type { Rule } from './rules.ts';

/**
 * M holding `keys` keys (one written per ms, R1 detached meanwhile); R1 rejoins by REPLICAOF at
 * `keys` ms, and `rate` loops write a fresh key each every `every` ms for `burst` ms from then.
 * repl-diskless-sync-delay 0: M forks as the PSYNC arrives, with the dataset still `keys` keys.
 */
export function syncTrace(name: string, keys: number, rate: { loops: number; every: number }, burst: number): TraceInput {
  const at = keys;
  const loops = Array.from({ length: rate.loops }, () => ({ at, type: 'writes', every: rate.every, until: at + burst }));
  return {
    name, seed: 1, config: { topology: 'replication', replicas: 1, replDisklessSyncDelay: 0 },
    events: [{ at: 0, type: 'writes', every: 1, until: at - 1 }, { at: 100, type: 'replicaof', node: 'R1', master: null }, { at, type: 'replicaof', node: 'R1', master: 'M' }, ...loops],
    until: at + burst + 2000,
  } as unknown as TraceInput;
}

export interface SyncMemory {
  /** Keys in the snapshot the child writes, and the stream bytes M had produced by the fork (the dataset as SET commands). */
  keys: number;
  datasetBytes: number;
  /** The fork's child: ms it ran; writes M applied meanwhile (distinct keys: the most pages copy-on-write can duplicate). */
  childMs: number;
  keysWritten: number;
  /** The most stream bytes M held for R1 (written after the fork, not yet sent): fork → R1 loaded the payload and ACKed. */
  heldBytes: number;
  /** ms from the fork to the buffered stream leaving for R1. */
  heldMs: number;
}

/** Run `t` and measure R1's (first) full sync from M; null when there is none. */
export function syncMemory(t: TraceInput): SyncMemory | null {
  let fork: { at: number; until: number; keys: number; offset: number } | null = null;
  let held = 0;
  let heldUntil: number | null = null;
  const run = runTrace(t, (s, _a, at) => {
    const m = s.nodes.M;
    const child = m.ms.rdbChild;
    if (fork === null && child !== null && child.replicas.includes('R1')) fork = { at, until: child.until, keys: s.store.keyCount(child.data), offset: child.offset };
    const c = m.ms.replicas.R1;
    if (fork === null || heldUntil !== null || c === undefined) return;
    // replicationSetupSlaveForFullResync … replicaStartCommandStream: the replica's share of the
    // replication buffer (getClientOutputBufferMemoryUsage) runs from the fork's offset to M's.
    if (c.state === 'wait_bgsave_end' || (c.state === 'online' && c.startOnAck === true)) held = Math.max(held, m.masterReplOffset - c.sentOff);
    else if (c.state === 'online') heldUntil = at;
  });
  if (run.error) throw new Error(`syncMemory: ${t.name ?? 'trace'}: ${run.error}`);
  const f = fork as { at: number; until: number; keys: number; offset: number } | null;
  if (f === null || heldUntil === null) return null;
  const written = new Set(run.state.writes.filter((w) => w.appliedBy === 'M' && w.appliedAt >= f.at && w.appliedAt < f.until).map((w) => w.key));
  return { keys: f.keys, datasetBytes: f.offset, childMs: f.until - f.at, keysWritten: written.size, heldBytes: held, heldMs: (heldUntil as number) - f.at };
}

/** The rule's traces: the same ~5,000 keys at three write rates during the sync, and ~50,000 keys at the middle one. */
export const MEMORY_RULE_TRACES = {
  low: syncTrace('rule: R1 full-syncs from M holding 5,000 keys; a write every 10 ms meanwhile', 5000, { loops: 1, every: 10 }, 250),
  mid: syncTrace('rule: R1 full-syncs from M holding 5,000 keys; 25 writes per ms meanwhile', 5000, { loops: 25, every: 1 }, 250),
  midLarge: syncTrace('rule: R1 full-syncs from M holding 50,000 keys; 25 writes per ms meanwhile', 50000, { loops: 25, every: 1 }, 700),
  high: syncTrace('rule: R1 full-syncs from M holding 5,000 keys; 200 writes per ms meanwhile', 5000, { loops: 200, every: 1 }, 250),
} satisfies Record<string, TraceInput>;

/** A page copied on write (4 KB on x86-64 Linux): one written key dirties at most about one page. */
const PAGE = 4096;
/** The headroom the advice leaves, as a share of the master's own memory: 30% beside 70%, 50% beside 50%. */
const LEAST = 30 / 70;
const MOST = 50 / 50;

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const kb = (b: number) => `${Math.round(b / 102.4) / 10} KB`;

const cache = new Map<string, SyncMemory>();
function M(k: keyof typeof MEMORY_RULE_TRACES): SyncMemory {
  if (!cache.has(k)) {
    const x = syncMemory(MEMORY_RULE_TRACES[k]);
    if (x === null) throw new Error(`rule trace ${k}: no full sync of R1`);
    cache.set(k, x);
  }
  return cache.get(k)!;
}

/** The buffer as a share of the dataset, both as SET commands (a key's memory is more than its command: the share is overstated). */
const bufShare = (x: SyncMemory) => x.heldBytes / x.datasetBytes;
/** The most copy-on-write could add: a page per written key, at most the whole dataset, as a share of it. */
const cowMost = (x: SyncMemory) => Math.min(1, (x.keysWritten * PAGE) / x.datasetBytes);

export const MEMORY_RULES: Record<string, Rule> = {
  syncMemoryShare: {
    says: 'a master needs a fixed 30–50% of host memory (beside its 50–70%) for BGSAVE and the replication buffer during a full sync',
    cases: () => {
      const [low, mid, large, high] = [M('low'), M('mid'), M('midLarge'), M('high')];
      const rateRatio = 2000; // 200 writes per ms against one per 10 ms
      return [
        // replicationFeedSlaves → feedReplicationBuffer: every write after the fork stays in the shared replication buffer until the replica takes it.
        {
          holds: high.heldBytes < 2 * low.heldBytes && high.keysWritten < 2 * low.keysWritten,
          detail: `the same ${low.keys} keys, the write rate ×${rateRatio} during the sync: M held ${kb(low.heldBytes)} vs ${kb(high.heldBytes)} of stream for R1 from the fork to R1's ACK after loading (${low.heldMs} ms), and the child's ${low.childMs} ms saw ${low.keysWritten} vs ${high.keysWritten} keys written: both grow with write rate × sync time, which a share of host memory does not name`,
        },
        // startBgsaveForReplication: the child's time grows with the dataset (model/replication/replication.ts startReplicationFork), so the held share is a fixed share only if the sync's fixed costs do not dominate.
        (() => {
          const holds = Math.abs(bufShare(large) - bufShare(mid)) <= 0.25 * bufShare(mid);
          return { holds, detail: `at one rate (25 writes per ms), ${mid.keys} and ${large.keys} keys: the held stream was ${pct(bufShare(mid))} and ${pct(bufShare(large))} of the dataset (as SET commands), as the sync took ${mid.heldMs} and ${large.heldMs} ms: ${holds ? 'at a given write rate the share stays about the same, since the sync\'s time grows with the dataset' : 'the share is not fixed even at one rate: it follows the sync\'s time, which does not grow in step with the dataset'}` };
        })(),
        (() => {
          const holds = bufShare(low) + cowMost(low) >= LEAST;
          return { holds, detail: `a write every 10 ms: the held stream (${pct(bufShare(low))} of the dataset) plus the most copy-on-write can duplicate (a 4 KB page for each of the ${low.keysWritten} keys written: ${pct(cowMost(low))}) ${holds ? 'reaches' : 'stays under'} the ${pct(LEAST)} of the master's memory that 30% beside 70% leaves${holds ? '' : ': the advice holds back memory the sync never uses'}` };
        })(),
        (() => {
          const holds = bufShare(high) / 2 <= MOST;
          return { holds, detail: `200 writes per ms: the held stream alone reached ${kb(high.heldBytes)}, ${pct(bufShare(high))} of the dataset as SET commands (${pct(bufShare(high) / 2)} if a key took twice its command's bytes in memory), before any copy-on-write of the ${high.keysWritten} keys written: ${holds ? 'within' : 'more than'} the 100% of the master's memory that 50% beside 50% leaves, and it grows with the write rate and the sync's time. At real sizes the buffer meets client-output-buffer-limit replica 256mb 64mb 60 first (checkClientOutputBufferLimits: past 256 MB, or over 64 MB for 60 s, the replica is disconnected and its full sync starts over, again and again at such a rate); the model has no such limit (its buffers here are KBs)` };
        })(),
      ];
    },
  },
};
