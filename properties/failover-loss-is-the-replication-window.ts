// protocol.md §5.1: after a master crash and its replica's promotion, the acked writes lost are
// exactly those past the replica's offset at promotion, whatever the persistence config.
import { families, traces } from './generators.ts';
import { promotions, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function lossIsReplicationWindow(r: RunResult): string | null {
  const crash = traceEvents(r, 'crash')[0];
  if (!crash?.node) return null;
  const p = promotions(r).find((x) => x.about === crash.node && x.at >= crash.at);
  if (!p) return null; // no failover happened: nothing to compare
  const lostIds = new Set(r.outcome.lost.map((l) => l.id));
  for (const w of r.state.writes) {
    if (w.result !== 'acked' || w.appliedBy !== crash.node || w.appliedAt > crash.at) continue;
    const off = r.writeOffset.get(w.id)!;
    const expectLost = off > p.offset;
    if (expectLost !== lostIds.has(w.id)) {
      return at(r, p.at, `${w.id} (offset ${off}, acked by ${crash.node} at ${w.repliedAt}) is ${lostIds.has(w.id) ? 'lost' : 'kept'} but ${p.node} was promoted at offset ${p.offset}`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'failover-loss-is-the-replication-window',
  claim: 'When a crashed master\'s replica is promoted, the acked writes lost are exactly those with an offset beyond the replica\'s offset at promotion.',
  expectation: 'always',
  scope: 'every persistence config, 1–2 replicas, 3–5 masters; one master crash (kill -9), restarted only after the failover',
  source: 'protocol.md §5.1, §2.9, §2.11 (cluster.c clusterFailoverReplaceYourMaster, replication.c shiftReplicationId)',
  arbitrary: traces(families.masterCrash()),
  check: (r) => crashed(r) ?? lossIsReplicationWindow(r),
  needs: ['failover-with-lagging-replica', 'restart-after-failover'],
};
