// protocol.md §5.13: with min-replicas-to-write 1, a master cut off from all its replicas stops
// accepting writes once no replica has ACKed for min-replicas-max-lag s (checked once a second).
import { families, traces } from './generators.ts';
import { shardOfNode, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function isolatedWritesBounded(r: RunResult): string | null {
  const p = traceEvents(r, 'partition')[0];
  if (!p) return null;
  const m = shardOfNode(p.groups![0][0]);
  const heal = traceEvents(r, 'heal').find((e) => e.at >= p.at)?.at ?? r.trace.until;
  const bound = p.at + (r.trace.config.minReplicasMaxLag + 2) * 1000;
  // Replica migration (§2.15) can give the orphaned master a new replica from another shard; from its
  // first sync on, the master is no longer cut off from all its replicas. The master counts it as good
  // when its snapshot is sent (updateSlavesWaitingBgsave: ONLINE, repl_ack_time = now), before the
  // replica has loaded it: so from the sync's start (+FULLRESYNC, as the fork starts), or a +CONTINUE.
  const cut = new Set(p.groups![0]);
  const regained = r.state.timeline.find((e) => e.at > p.at && (e.event === 'full-sync-start' || e.event === 'full-sync' || e.event === 'psync-continue') && e.from === m && !cut.has(e.node))?.at ?? Infinity;
  const late = r.state.writes.find((w) => w.result === 'acked' && w.appliedBy === m && w.appliedAt > bound && w.appliedAt < Math.min(heal, regained));
  return late ? at(r, late.appliedAt, `${m}, cut from its replicas at ${p.at}, acked ${late.id} ${late.appliedAt - p.at} ms later (bound ${bound - p.at} ms)`) : null;
}

export const property: Property = {
  name: 'min-replicas-bounds-isolated-master-writes',
  claim: 'With min-replicas-to-write 1, a master cut off from all its replicas acks no write applied later than min-replicas-max-lag + 2 s after the cut, until a replica (e.g. one migrated from another shard) syncs with it again.',
  expectation: 'always',
  scope: 'min-replicas-to-write 1 (max-lag 10 s); a master keeps the majority and the client but loses its replicas',
  source: 'protocol.md §5.13, §2.17 (replication.c refreshGoodSlavesCount, server.c processCommand NOREPLICAS); §2.15 replica migration',
  arbitrary: traces(families.replicasCutOff({ space: { minReplicas: [1] } })),
  check: (r) => crashed(r) ?? isolatedWritesBounded(r),
};
