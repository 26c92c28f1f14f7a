// sentinel.md §4 H2, 2.22 (guarantee): with min-replicas-to-write 1, an old master partitioned with its
// clients away from every replica stops acknowledging writes once no replica has ACKed for
// min-replicas-max-lag seconds (refreshGoodSlavesCount, once a second; REPLCONF ACK once a second), and
// refuses (NOREPLICAS) until it is demoted or a replica syncs with it again: its loss is bounded by
// that window (LAB E4b: last ack 10.9 s after P with max-lag 10; E4c: 2.8 s with max-lag 2).
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { traceEventsOf } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function oldMasterWindowBounded(r: RunResult): string | null {
  const p = traceEventsOf(r, 'partition').find((e) => e.groups!.some((g) => g.includes('M') && !g.some((x) => /^R\d+$/.test(x))));
  if (!p || r.trace.config.minReplicasToWrite === 0) return null;
  const heal = traceEventsOf(r, 'heal').find((e) => e.at >= p.at)?.at ?? r.trace.until;
  const bound = p.at + (r.trace.config.minReplicasMaxLag + 2) * 1000;
  const late = r.state.writes.find((w) => w.result === 'acked' && w.appliedBy === 'M' && w.appliedAt > bound && w.appliedAt < heal);
  return late ? at(r, late.appliedAt, `M, cut from every replica at T+${p.at}, acked ${late.id} ${late.appliedAt - p.at} ms later (bound ${bound - p.at} ms)`) : null;
}

export const property: Property = {
  name: 'sentinel-min-replicas-bounds-the-old-masters-window',
  claim: 'With min-replicas-to-write 1, an old master partitioned with its clients away from all its replicas acks no write applied later than min-replicas-max-lag + 2 s after the partition, until the heal.',
  expectation: 'always',
  scope: 'sentinel, min-replicas-to-write 1 (max-lag 2 or 10 s), any persistence; M and the clients (maybe a minority of Sentinels) cut from every replica',
  source: 'sentinel.md §4 H2, 2.22, LAB E4b/c (replication.c refreshGoodSlavesCount, replicationCron REPLCONF ACK; server.c processCommand -NOREPLICAS)',
  arbitrary: standaloneTraces(sentinelFamilies.oldMasterPartitioned({ withReplica: false, space: { minReplicas: [1] } })),
  check: (r) => crashed(r) ?? oldMasterWindowBounded(r),
};
