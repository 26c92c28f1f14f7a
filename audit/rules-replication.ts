// Rule checks for runbook 003's advice on standalone replication (issue 12): how stale a replica is
// when its master acknowledges a write, what INFO replication shows of that, what a master does
// while a full sync runs, and whether a lag under 1 MB still resumes with a partial sync. Each runs
// small REPLICAOF traces and samples the model's state while they run.
import type { TraceInput } from '../model/kernel/trace.ts';
import type { State } from '../model/kernel/state.ts';
import { infoReplication } from '../model/replication/info.ts';
import { runTrace, type RunResult } from '../properties/property.ts';
import { measure } from './measures.ts';
import type { Rule } from './rules.ts';

/** A master M with one replica R1 (plain REPLICAOF), a write every `every` ms (one loop per value) from 0 to `until`. */
export const replTrace = (name: string, events: unknown[], until: number, every: number | number[] = 10): TraceInput =>
  ({ name, seed: 1, config: { topology: 'replication', replicas: 1 }, events: [...[every].flat().map((e) => ({ at: 0, type: 'writes', every: e, until })), ...events], until: until + 5000 } as unknown as TraceInput);

const cut = (from: number, to: number) => [{ at: from, type: 'partition', groups: [['R1'], ['M', 'client']] }, { at: to, type: 'heal' }];

export const REPL_RULE_TRACES = {
  healthy: replTrace('rule: M and R1 on a 1 ms link', [], 20000),
  farLink: replTrace('rule: M → R1 link 20 ms slower (another data centre)', [{ at: 0, type: 'delay', from: 'M', to: 'R1', ms: 20 }], 20000),
  cut: replTrace('rule: R1 cut off for 20 s (less than repl-timeout: the link survives)', cut(10000, 30000), 40000),
  // R1 leaves and rejoins M by REPLICAOF: a full sync of the dataset written so far (a write, a key, per ms).
  syncSmall: replTrace('rule: R1 full-syncs from M holding ~5,000 keys', [{ at: 500, type: 'replicaof', node: 'R1', master: null }, { at: 1000, type: 'replicaof', node: 'R1', master: 'M' }], 9000, 1),
  syncLarge: replTrace('rule: R1 full-syncs from M holding ~55,000 keys', [{ at: 500, type: 'replicaof', node: 'R1', master: null }, { at: 50000, type: 'replicaof', node: 'R1', master: 'M' }], 58000, 1),
  // R1 cut off at 5 s, the link dropped by repl-timeout (60 s), the cut healed 4 s later; writes at two rates.
  lagModest: replTrace('rule: a write every 3 ms; R1 cut off from 5 s to 70 s', cut(5000, 70000), 80000, 3),
  lagNear1MB: replTrace('rule: writes every 3 ms and every 20 ms; R1 cut off from 5 s to 70 s', cut(5000, 70000), 80000, [3, 20]),
} satisfies Record<string, TraceInput>;

export interface Staleness {
  run: RunResult;
  /** For each write M acked: ms from M applying (and acknowledging) it to R1 applying it (Infinity: never). */
  lagMs: number[];
  /** Samples every 100 ms: M's INFO lag for R1 (master_repl_offset − slave0 offset), the runbook's lag read on R1's own INFO, and the true lag. */
  samples: Array<{ at: number; masterInfoLag: number; replicaInfoLag: number; trueLag: number }>;
}

/** When R1 applied each write M acked (from R1's applied offset over time), and INFO sampled as the run goes. */
export function staleness(t: TraceInput): Staleness {
  const applied: Array<[number, number]> = [];
  const samples: Staleness['samples'] = [];
  let next = 1000;
  const sample = (s: State, at: number) => {
    const m = infoReplication(s.nodes.M);
    const r = infoReplication(s.nodes.R1);
    const slave = r.slaveReplOffset ?? 0;
    samples.push({ at, masterInfoLag: m.masterReplOffset - (m.slaves.find((x) => x.name === 'R1')?.offset ?? 0), replicaInfoLag: r.masterReplOffset - slave, trueLag: m.masterReplOffset - slave });
  };
  const run = runTrace(t, (s, _a, at) => {
    const off = s.nodes.R1.repl.reploff;
    if (applied.length === 0 || applied[applied.length - 1][1] !== off) applied.push([at, off]);
    if (at >= next) { next = at - (at % 100) + 100; sample(s, at); }
  });
  const lagMs = run.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === 'M').map((w) => {
    const o = run.writeOffset.get(w.id)!;
    const e = applied.find(([, off]) => off >= o);
    return e ? e[0] - w.appliedAt : Infinity;
  });
  return { run, lagMs, samples };
}

const cache = new Map<string, Staleness>();
const S = (k: keyof typeof REPL_RULE_TRACES): Staleness => {
  if (!cache.has(k)) cache.set(k, staleness(REPL_RULE_TRACES[k]));
  return cache.get(k)!;
};
const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : 0);
const sec = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const kb = (b: number) => `${Math.round(b / 102.4) / 10} KB`;

/** The sync phase of R1's last full sync: M's fork (+FULLRESYNC) to R1 loading the payload, and what M did meanwhile. */
export function fullSyncWindow(r: RunResult): { ms: number; keys: number; sent: number; acked: number } | null {
  const start = r.state.timeline.filter((e) => e.node === 'R1' && e.event === 'full-sync-start').at(-1);
  const end = r.state.timeline.filter((e) => e.node === 'R1' && e.event === 'full-sync').at(-1);
  if (!start || !end || end.at < start.at) return null;
  const inside = (t: number) => t >= start.at && t <= end.at;
  return {
    ms: end.at - start.at,
    keys: Number(end.keysAfter),
    sent: r.state.writes.filter((w) => inside(w.sentAt)).length,
    acked: r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === 'M' && inside(w.appliedAt)).length,
  };
}

/**
 * The lag M's INFO showed for R1 (master_repl_offset − slave0 offset) the last time it listed R1
 * online before dropping the link, and how R1 came back (its first PSYNC answer after T0 = 5 s).
 */
export function lagThenResync(t: TraceInput): { shown: number | null; droppedAt: number | null; resync: 'partial' | 'full' | null; resyncAt: number | null } {
  let shown: number | null = null;
  let droppedAt: number | null = null;
  let listed = true;
  const run = runTrace(t, (s, _a, at) => {
    if (!listed || at < 5000) return;
    const m = infoReplication(s.nodes.M);
    const r1 = m.slaves.find((x) => x.name === 'R1' && x.state === 'online');
    if (r1) shown = m.masterReplOffset - r1.offset;
    else { listed = false; droppedAt = at; }
  });
  const e = run.state.timeline.find((x) => x.at > 5000 && x.node === 'R1' && (x.event === 'partial-sync' || x.event === 'full-sync-start'));
  return { shown, droppedAt, resync: e === undefined ? null : e.event === 'partial-sync' ? 'partial' : 'full', resyncAt: e?.at ?? null };
}

export const REPLICATION_RULES: Record<string, Rule> = {
  replicaReadsAreCurrent: {
    says: 'a replica serves the same data a read from the master would (so reads can move to replicas)',
    cases: () => {
      const h = S('healthy');
      const c = S('cut');
      return [
        { holds: measure(h.run, 'replicasInSync', {}) === true, detail: `R1 ends with M's ${h.run.outcome.nodes.M.keys} keys: a replica does hold the dataset to serve reads from` },
        // replicationFeedSlaves runs after the command, and the reply and the stream leave in the same pass: never before the ack.
        { holds: h.lagMs.every((x) => x <= 0), detail: `R1 held ${h.lagMs.filter((x) => x <= 0).length}/${h.lagMs.length} writes when M acknowledged them; it applied them ${max(h.lagMs)} ms later on a 1 ms link` },
        { holds: c.lagMs.every((x) => x <= 0), detail: `R1 cut off for 20 s (replica-serve-stale-data yes: it goes on answering reads): it applied M's acked writes up to ${(max(c.lagMs) / 1000).toFixed(1)} s late (mean ${mean(c.lagMs)} ms)` },
      ];
    },
  },
  colocationAndMonitoring: {
    says: 'a good, local master–replica link and a program watching replication progress keep replicas consistent with the master',
    cases: () => {
      const near = S('healthy');
      const far = S('farLink');
      const mon = (x: Staleness) => max(x.samples.map((s) => s.masterInfoLag));
      const trueMax = (x: Staleness) => max(x.samples.map((s) => s.trueLag));
      return [
        { holds: max(near.lagMs) < max(far.lagMs), detail: `a local link keeps the replica closer: R1 applied each acked write ${max(near.lagMs)} ms after M (1 ms link) vs ${max(far.lagMs)} ms (20 ms slower link)` },
        { holds: near.lagMs.every((x) => x <= 0), detail: `even on the local link R1 lacked ${near.lagMs.filter((x) => x > 0).length}/${near.lagMs.length} writes at the moment M acknowledged them: a link shortens the window, it cannot close it (replication is asynchronous)` },
        // replicationCron sends REPLCONF ACK once a second: slaveN's offset in M's INFO is up to a second old.
        { holds: mon(far) <= 2 * trueMax(far), detail: `a monitor reading M's INFO (master_repl_offset − slave0 offset) on the 20 ms link saw up to ${kb(mon(far))} of lag while, at the same sampled moments, R1 trailed by at most ${trueMax(far)} bytes (on the 1 ms link: ${kb(mon(near))} shown): the offset comes from REPLCONF ACK, once a second, so the figure cannot resolve a lag under a second; and watching it does not shorten the lag` },
      ];
    },
  },
  replicaInfoLag: {
    says: "master_repl_offset − slave_repl_offset read from the replica's own INFO measures how far it trails its master",
    cases: () => {
      const c = S('cut');
      // Moments the replica really trails (M's offset ahead of R1's applied one): 20 ms link, then 5, 10 and 15 s into the cut.
      const far = S('farLink').samples.find((s) => s.trueLag > 0);
      const during = [15000, 20000, 25000].map((t) => c.samples.find((s) => s.at >= t)!);
      return [...(far ? [far] : []), ...during].map((s) => ({
        holds: s.replicaInfoLag === s.trueLag,
        detail: `at ${(s.at / 1000).toFixed(1)} s R1's INFO gives master_repl_offset − slave_repl_offset = ${s.replicaInfoLag} bytes (on a replica both are its own offset: genRedisInfoString), while M's master_repl_offset is ${s.trueLag} bytes ahead`,
      }));
    },
  },
  fullSyncBlocksMaster: {
    says: 'a full sync of a large dataset blocks the master (so it belongs outside peak hours)',
    cases: () => {
      const small = fullSyncWindow(runTrace(REPL_RULE_TRACES.syncSmall));
      const large = fullSyncWindow(runTrace(REPL_RULE_TRACES.syncLarge));
      if (!small || !large) return [{ holds: false, detail: 'no full sync of R1 in the rule traces' }];
      return [
        // startBgsaveForReplication: the child's snapshot time grows with the dataset (the model: 10 ms + 1 ms per 100 keys).
        { holds: large.ms > small.ms, detail: `a larger dataset makes the sync phase longer: ${small.keys} keys took ${small.ms} ms from the fork to R1 loading the payload, ${large.keys} keys ${large.ms} ms` },
        { holds: large.acked < large.sent, detail: `during the ${large.ms} ms sync of ${large.keys} keys M acknowledged ${large.acked} of the ${large.sent} writes sent: the BGSAVE child serialises, the master goes on serving (the fork() call's own pause, which grows with memory size, is not modelled)` },
      ];
    },
  },
  normalLagPartialSyncs: {
    says: 'a replica lagging under 1 MB (master_repl_offset − its offset) is healthy: it resumes with a partial sync after a link break',
    cases: () => (['lagModest', 'lagNear1MB'] as const).map((k) => {
      const x = lagThenResync(REPL_RULE_TRACES[k]);
      // masterTryPartialResynchronization: +CONTINUE only while the backlog (repl-backlog-size, 1 MB) still holds the replica's offset.
      return {
        holds: x.shown !== null && x.shown < 1024 * 1024 && x.resync === 'partial',
        detail: `${String(REPL_RULE_TRACES[k].name).replace('rule: ', '')}: M's INFO last showed R1 ${x.shown === null ? '—' : kb(x.shown)} behind ("normal" under 1 MB) before dropping the link at ${sec(x.droppedAt)}; after the heal at 70 s R1 came back with ${x.resync ?? 'no'} sync (at ${sec(x.resyncAt)}): the default backlog is the same 1 MB, and the writes made while the link was down count too`,
      };
    }),
  },
};
