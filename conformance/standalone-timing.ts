// Timing fields of a sentinel or replication trace, derived the same way from the model's outcome and a
// real run. The Cluster's fields that mean the same thing here (full-sync start/end per node, downtime,
// loss windows: timing.ts) are reused on an observation holding only full-sync events; Sentinel's own
// reactions are added: the first `sdown`, `odown`, `elected-leader`, `promoted-slave` and the first and
// last `switch-master` after a failure, and `convert-to-slave` / `reboot` after a recovery, each in ms
// from the fault and named after it as timing.ts names fields.
import type { Outcome } from '../model/kernel/outcome.ts';
import type { WriteRecord } from '../model/kernel/state.ts';
import type { Trace } from '../model/kernel/trace.ts';
import type { RealOutcome } from './observe.ts';
import { faultLabel, fromModel, fromReal, timings, writerOf, type Observation, type TimingFault } from './timing.ts';

/** A Sentinel or data node event on either side's timeline. */
export interface StandaloneEvent { at: number; node: string; event: string; about?: string }

const FAILURES = new Set(['crash', 'pause', 'partition', 'sentinel-failover', 'replicaof']);
const RECOVERIES = new Set(['restart', 'resume', 'heal']);

/** Sentinel reactions to a failure: the first Sentinel showing each, per instance it is about. */
const AFTER_FAILURE = ['sdown', 'odown', 'elected-leader', 'promoted-slave'];
const AFTER_RECOVERY = ['convert-to-slave', 'reboot'];

/**
 * Sentinel fields of one run. A failure's window lasts until the next failure planned later (a
 * failover may follow a heal), a recovery's until the next fault planned later. `sdown` and `odown` are
 * counted only about the failed data node (crash/pause) or any data node (partition, failover), so a
 * Sentinel crashed by the trace and seen down by its peers does not stand for the master.
 */
export function sentinelTimings(faults: TimingFault[], events: StandaloneEvent[], dataNodes: string[]): Map<string, number> {
  const out = new Map<string, number>();
  const put = (kind: string, what: string, f: TimingFault, v: number) => { const k = `${kind}: ${what} after ${faultLabel(f, faults)}`; if (!out.has(k)) out.set(k, v); };
  const end = (f: TimingFault, kinds?: Set<string>) => faults.find((g) => g.planned > f.planned && (!kinds || kinds.has(g.type)))?.at ?? Infinity;
  for (const f of faults) {
    if (FAILURES.has(f.type)) {
      const win = events.filter((e) => e.at >= f.at && e.at < end(f, FAILURES));
      // sdown / odown about the failed node itself (crash, pause); promotion is about whichever replica.
      const aboutOk = (e: StandaloneEvent) => !!e.about && dataNodes.includes(e.about)
        && (e.event === 'promoted-slave' || !(f.type === 'crash' || f.type === 'pause') || e.about === f.node);
      // The promoted replica is not named: replicas tied for selection are chosen by random run IDs.
      for (const kind of AFTER_FAILURE) {
        for (const e of win) if (e.event === kind && aboutOk(e)) put(`time to ${kind}`, kind === 'promoted-slave' ? 'a replica' : e.about!, f, e.at - f.at);
      }
      const switches = win.filter((e) => e.event === 'switch-master');
      if (switches.length) {
        put('time to switch-master', 'first Sentinel', f, switches[0].at - f.at);
        const last = new Map<string, number>();
        for (const e of switches) if (!last.has(e.node)) last.set(e.node, e.at);
        put('time to switch-master', `last of ${last.size} Sentinel(s)`, f, Math.max(...last.values()) - f.at);
      }
    }
    if (RECOVERIES.has(f.type)) {
      const win = events.filter((e) => e.at >= f.at && e.at < end(f));
      for (const kind of AFTER_RECOVERY) {
        for (const e of win) if (e.event === kind && e.about) put(`time to ${kind}`, e.about, f, e.at - f.at);
      }
    }
  }
  return out;
}

/** The Cluster fields that apply to one master: full syncs, downtime and loss windows (every write is "shard M"). */
function sharedTimings(obs: Observation, t: Trace): Map<string, number> {
  const syncs = obs.events.filter((e) => e.event === 'full-sync-start' || e.event === 'full-sync-end');
  return timings({ ...obs, events: syncs }, () => 'M', writerOf(t));
}

const dataNodesOf = (names: string[]) => names.filter((n) => !/^S\d+$/.test(n));

/** Every timing field of the model's run of `t`. */
export function standaloneModelTimings(t: Trace, o: Outcome, writes: WriteRecord[]): Map<string, number> {
  const obs = fromModel(t, o, writes);
  const events = o.timeline.map((e) => ({ at: e.at, node: e.node, event: e.event, ...(typeof e.about === 'string' ? { about: e.about } : {}) }));
  return new Map([...sharedTimings(obs, t), ...sentinelTimings(obs.faults, events, dataNodesOf(Object.keys(o.nodes)))]);
}

/** Every timing field of a real run of `t`. */
export function standaloneRealTimings(t: Trace, r: RealOutcome): Map<string, number> {
  const obs = fromReal(t, r);
  return new Map([...sharedTimings(obs, t), ...sentinelTimings(obs.faults, r.events, dataNodesOf(Object.keys(r.nodes)))]);
}
