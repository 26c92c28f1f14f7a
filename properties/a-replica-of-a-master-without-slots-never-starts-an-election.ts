// clusterHandleSlaveFailover returns at once when `myself->slaveof->numslots == 0`: a replica whose
// master serves no slot (in its own view) has nothing to take over, failed master or not. Random
// schedules rarely leave a replica following a master whose slots are gone (a master turned replica
// while a replica of it still follows it), so each election a replica schedules is probed on a copy
// of the state: the same moment, with its master's slots gone from its view, must schedule nothing.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe, newEntries } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { handleSlaveFailover } from '../model/cluster/election.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; node: string; master: string; withSlots: boolean; without: boolean }

/** Whether n schedules an election now (its last one long past), its master's slots removed from its view or not. */
const schedules = (s: State, n: string, dropSlots: boolean) =>
  probe(s, (d) => {
    const x = d.nodes[n];
    x.cluster.election.authTime = -1e12;
    // Slot tables are replaced whole, never edited in place (model/cluster/slots.ts).
    if (dropSlots) x.cluster.slots = x.cluster.slots.map((r) => (r.owner === x.repl.master ? { ...r, owner: null } : r));
    const before = d.timeline.length;
    handleSlaveFailover(d, x);
    return d.timeline.slice(before).some((e) => e.event === 'election-scheduled');
  });

/** Each election a replica schedules is probed with and without its master's slots. */
export const watchSlotlessElections: Watch = (s, _a, t, scratch) => {
  for (const e of newEntries(s, scratch)) {
    if (e.event !== 'election-scheduled') continue;
    const n = s.nodes[e.node];
    if (n.repl.master === null) continue;
    ((scratch.probes ??= []) as Probe[]).push({ at: t, node: n.name, master: n.repl.master, withSlots: schedules(s, n.name, false), without: schedules(s, n.name, true) });
  }
};

/** `ignoreSlots`: the claim misread for the breaker (a slot-less master's replica elects as any other). */
export function slotlessMasterNoElection(r: RunResult, ignoreSlots = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    if (!p.withSlots) continue; // the election would not be rescheduled at this moment anyway: nothing to tell
    if (p.without === ignoreSlots) continue;
    return at(r, p.at, `${p.node}, a replica of ${p.master}, ${p.without ? 'scheduled' : 'did not schedule'} an election with ${p.master}'s slots gone from its view`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-of-a-master-without-slots-never-starts-an-election',
  claim: 'A replica whose master serves no slot in its view schedules no election, even when that master is failed.',
  expectation: 'always',
  scope: 'cluster: a master crash, and a master and replica crash; every election a replica schedules probed with its master\'s slots removed from its view',
  source: 'cluster.c clusterHandleSlaveFailover (`myself->slaveof->numslots == 0` returns before anything else)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.masterAndReplica())),
  check: (r) => crashed(r) ?? slotlessMasterNoElection(r),
  watch: watchSlotlessElections,
};
