// protocol.md §2.6: with cluster-require-full-coverage yes (the default), a node that holds the
// master of some slots FAIL has cluster_state fail: from the moment a healthy master flags the dead
// master FAIL until it clears the flag (or its cluster_state changes again), it acks no write.
import { families, traces } from './generators.ts';
import { shardOfNode, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function noWriteWhileUncovered(r: RunResult): string | null {
  const dead = traceEvents(r, 'crash').map((e) => e.node!).filter((x) => x.length === 1);
  for (const x of dead) {
    for (const f of r.state.timeline.filter((e) => e.event === 'fail' && e.about === x && e.node.length === 1 && shardOfNode(e.node) !== x)) {
      const m = f.node;
      const end = r.state.timeline.find((e) => e.node === m && e.at > f.at && ((e.event === 'fail-cleared' && e.about === x) || e.event === 'cluster-state'));
      // Writable again only after the flag is cleared or cluster_state changes (a promotion covering the slots).
      const until = end ? end.at : r.trace.until;
      const w = r.state.writes.find((y) => y.result === 'acked' && y.appliedBy === m && y.appliedAt > f.at && y.appliedAt < until);
      if (w) return at(r, w.appliedAt, `${m} flagged ${x} FAIL at ${f.at} (its slots uncovered), yet acked ${w.id} at ${w.appliedAt}`);
    }
  }
  return null;
}

const space = { fullCoverage: [true], masters: [3, 4, 5] };

export const property: Property = {
  name: 'full-coverage-stops-writes-while-a-shard-is-down',
  claim: 'With cluster-require-full-coverage yes, a healthy master that flags another master FAIL acks no write until it clears that flag or its cluster_state changes again (its replica took the slots over).',
  expectation: 'always',
  scope: 'full coverage yes, 3–5 masters, any persistence; one master crash, or a master and all its replicas',
  source: 'protocol.md §2.6 (cluster.c clusterUpdateState: a slot unassigned or served by a FAIL node makes cluster_state fail)',
  arbitrary: traces(families.masterAndReplica({ space })),
  check: (r) => crashed(r) ?? noWriteWhileUncovered(r),
};
