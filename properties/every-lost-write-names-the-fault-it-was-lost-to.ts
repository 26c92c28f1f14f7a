// The acknowledged-but-lost ledger (reports/, outcome.lost) says, for each lost write, which fault it
// was lost to and how long a master went on acking after a fault ("the window after"). Both are read
// from the timeline: the fault blamed is the first one from when the write was applied on (else the
// last one before), and the fault the window runs from is the last one at or before the ack that could
// have cut the write off: a partition, or a fault of a node of the write's shard.
import fc from 'fast-check';
import { shardOfName } from '../model/cluster/names.ts';
import type { LostWrite } from '../model/kernel/outcome.ts';
import type { TimelineEntry } from '../model/kernel/state.ts';
import { families, traces } from './generators.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** What the ledger counts as a fault: the trace's fault events as the timeline records them. */
const FAULT_EVENTS = ['crash', 'partition', 'pause', 'manual-failover', 'restart', 'replicaof'];

type Fault = { at: number; event: string; node: string };
const same = (a: Fault | null, e: TimelineEntry | undefined) => (a === null ? e === undefined : e !== undefined && a.at === e.at && a.event === e.event && a.node === e.node);

/** `lastInShard`: the window runs from the last fault of the shard, partitions left out (it should not). */
export function lostWritesNameTheirFaults(r: RunResult, lastInShard = false): string | null {
  const faults = r.state.timeline.filter((e) => FAULT_EVENTS.includes(e.event));
  const standalone = r.trace.config.topology !== 'cluster';
  const shard = (node: string) => (standalone ? '' : shardOfName(node));
  const written = new Map(r.state.writes.map((w) => [w.id, w]));
  const bad = (l: LostWrite, msg: string) => at(r, l.ackedAt, `lost ${l.id} (acked at ${l.ackedAt}): ${msg}`);
  for (const l of r.outcome.lost) {
    const w = written.get(l.id)!;
    const blamed = faults.find((f) => f.at >= w.appliedAt!) ?? faults.filter((f) => f.at < w.appliedAt!).pop();
    if (!same(l.fault, blamed)) return bad(l, `blames ${JSON.stringify(l.fault)}, the timeline's first fault from its apply at ${w.appliedAt} on is ${JSON.stringify(blamed ?? null)}`);
    if (l.fault !== null && l.windowMs !== l.fault.at - l.ackedAt) return bad(l, `window ${l.windowMs} ms, its fault at ${l.fault.at} is ${l.fault.at - l.ackedAt} ms after the ack`);
    const cut = faults.filter((f) => f.at <= l.ackedAt && ((!lastInShard && f.event === 'partition') || shard(f.node) === shard(l.appliedBy))).pop();
    if (!same(l.afterFault, cut)) return bad(l, `window after ${JSON.stringify(l.afterFault)}, the last fault by its ack that could cut it off is ${JSON.stringify(cut ?? null)}`);
    if (l.afterMs !== (cut ? l.ackedAt - cut.at : 0)) return bad(l, `afterMs ${l.afterMs}, the ack came ${cut ? l.ackedAt - cut.at : 0} ms after that fault`);
  }
  return null;
}

export const property: Property = {
  name: 'every-lost-write-names-the-fault-it-was-lost-to',
  claim: 'Each acknowledged write the ledger counts as lost names the fault it was lost to (the first fault from when it was applied on) and the window after the last fault, by its acknowledgement, that could have cut it off (a partition, or a fault in its shard), with the times between them.',
  expectation: 'always',
  scope: 'cluster (master crashes, minority partitions, forced failovers) and sentinel (old master partitioned with its clients): the ledger against the timeline it is read from',
  source: 'reports/ (outcome.lost: fault, windowMs, afterFault, afterMs)',
  arbitrary: fc.oneof(
    traces(families.masterCrash()), traces(families.minorityPartition()), traces(families.manualFailover('force')),
    standaloneTraces(sentinelFamilies.oldMasterPartitioned()),
  ),
  check: (r) => crashed(r) ?? lostWritesNameTheirFaults(r),
};
