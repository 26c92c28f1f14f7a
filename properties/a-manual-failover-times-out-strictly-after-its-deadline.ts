// manualFailoverCheckTimeout aborts a manual failover when `mf_end < mstime()`: at exactly mf_end
// (five seconds after CLUSTER FAILOVER, or after MFSTART on the master) it still runs, and a
// millisecond later it is abandoned. Random schedules almost never run clusterCron at that
// millisecond, so each manual failover is probed there, on both nodes, on a copy of the state.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { manualFailoverCheckTimeout } from '../model/cluster/election.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; node: string; end: number; atEnd: boolean; after: boolean }

/** Whether n's manual failover is still on after manualFailoverCheckTimeout at `when`, on a copy of the state. */
const stillOnAt = (s: State, n: string, when: number) =>
  probe(s, (d) => { d.now = when; manualFailoverCheckTimeout(d, d.nodes[n]); return d.nodes[n].cluster.mf.end !== 0; });

/** Each node with a manual failover under way is probed once per mf_end. */
export const watchManualFailoverDeadline: Watch = (s, a, t, scratch) => {
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  for (const n of Object.values(s.nodes)) {
    const end = n.cluster?.mf.end ?? 0;
    if (end === 0 || n.proc !== 'up') continue;
    const key = `${n.name}@${end}`;
    if (done.has(key)) continue;
    done.add(key);
    ((scratch.probes ??= []) as Probe[]).push({ at: t, node: n.name, end, atEnd: stillOnAt(s, n.name, end), after: stillOnAt(s, n.name, end + 1) });
  }
};

/** `inclusive`: the claim misread for the breaker (abandoned at mf_end itself). */
export function abandonedStrictlyAfterDeadline(r: RunResult, inclusive = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    if (p.atEnd === !inclusive && !p.after) continue;
    return at(r, p.at, `${p.node}'s manual failover (mf_end ${p.end}) was ${p.atEnd ? 'still on' : 'abandoned'} at mf_end and ${p.after ? 'still on' : 'abandoned'} a millisecond later`);
  }
  return null;
}

export const property: Property = {
  name: 'a-manual-failover-times-out-strictly-after-its-deadline',
  claim: 'A manual failover still runs at the millisecond of its deadline (mf_end), on the replica and on the master, and is abandoned at the next one.',
  expectation: 'always',
  scope: 'cluster: CLUSTER FAILOVER (default and FORCE) on a healthy cluster, and one stalled by a paused master; every manual failover probed on every node that holds it',
  source: 'cluster.c manualFailoverCheckTimeout (`server.cluster->mf_end && server.cluster->mf_end < mstime()`)',
  arbitrary: fc.oneof(traces(families.manualFailover('default')), traces(families.manualFailover('force')), traces(families.stalledManualFailover({ space: { nodeTimeout: [8000, 12000] } }))),
  check: (r) => crashed(r) ?? abandonedStrictlyAfterDeadline(r),
  watch: watchManualFailoverDeadline,
};
