// protocol.md §5.5: once faults stop and partitions heal, every node maps each slot to the claimant
// with the highest configEpoch (PING/PONG and UPDATE messages carry the newer claim).
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { shards } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';
import { ownerOf } from '../model/cluster/slots.ts';

export function ownershipConverged(r: RunResult): string | null {
  const up = Object.values(r.state.nodes).filter((n) => n.proc === 'up');
  for (const { slots } of shards(r)) {
    const slot = slots[0][0];
    const claimants = up.filter((n) => n.role === 'master' && ownerOf(n.cluster.slots, slot) === n.name);
    if (claimants.length === 0) return at(r, r.trace.until, `no running master claims slot ${slot}`);
    const best = claimants.reduce((a, b) => (b.cluster.configEpoch > a.cluster.configEpoch ? b : a));
    const wrong = up.find((n) => ownerOf(n.cluster.slots, slot) !== best.name);
    if (wrong) return at(r, r.trace.until, `${wrong.name} maps slot ${slot} to ${ownerOf(wrong.cluster.slots, slot)}, but ${best.name} claims it with configEpoch ${best.cluster.configEpoch}`);
  }
  return null;
}

export const property: Property = {
  name: 'slot-ownership-converges-to-highest-config-epoch',
  claim: 'After faults stop and the cluster settles, every running node maps each slot to the running claimant with the highest configEpoch.',
  expectation: 'eventually',
  scope: 'all configs; mixed faults, partitions, manual failovers, then heal and settle (8·NT + 12 s)',
  source: 'protocol.md §5.5, §2.10 (cluster.c clusterUpdateSlotsConfigWith, clusterSendUpdate)',
  arbitrary: traces(fc.oneof(families.mixed(), families.minorityPartition(), families.manualFailover('takeover'))),
  check: (r) => crashed(r) ?? ownershipConverged(r),
};
