// sentinel.md §4 H2, 2.22 and the Jepsen 2013 shape with min-replicas-to-write (hazard): min-replicas
// bounds the partitioned old master's write window, but the promoted replica is subject to the same
// rule: it has no good replica until the old master, demoted about 10 s after the heal (2.15b), has
// full-synced from it, and the clients reach it only then (CLIENT KILL in the SLAVEOF transaction
// makes them ask the Sentinels again; NOREPLICAS does not), so it refuses their first writes.
import { majority, sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { trimmable } from './generators.ts';
import { splitBrain } from './sentinel-partitioned-old-master-loses-acked-writes.ts';
import { watchPromotions } from './sentinel-lib.ts';
import { at, type Property, type RunResult, type Watch } from './property.ts';

interface Refusal { at: number; node: string }

/** Promotions, and every NOREPLICAS reply a client received, with the node that sent it. */
const watchRefusals: Watch = (s, a, t, scratch) => {
  watchPromotions(s, a, t, scratch);
  const x = a as { type: string; node?: string; reply?: string };
  if (x.type === 'ClientReplyDelivered' && x.reply?.startsWith('NOREPLICAS')) ((scratch.refusals ??= []) as Refusal[]).push({ at: t, node: x.node! });
};

export function newMasterRefuses(r: RunResult): string | null {
  if (r.error || r.trace.config.minReplicasToWrite === 0) return null;
  const s = splitBrain(r);
  if (!s) return null;
  const refusals = ((r.scratch.refusals ?? []) as Refusal[]).filter((x) => x.node === s.promoted.node && x.at > s.promoted.at);
  if (refusals.length === 0) return null;
  const lastOld = Math.max(0, ...r.state.writes.filter((w) => w.result === 'acked' && w.appliedBy === 'M' && w.appliedAt >= s.p.at).map((w) => w.appliedAt - s.p.at));
  return at(r, refusals[0].at, `${s.promoted.node}, promoted at T+${s.promoted.at} while M was partitioned away with the clients, refused ${refusals.length} writes (NOREPLICAS); M's last ack came ${lastOld} ms after the partition (min-replicas-max-lag ${r.trace.config.minReplicasMaxLag} s)`);
}

export const property: Property = {
  name: 'sentinel-min-replicas-new-master-refuses-writes',
  claim: 'With min-replicas-to-write 1, a replica Sentinel promotes while the old master is partitioned away can refuse writes (NOREPLICAS): min-replicas bounds the old master\'s window at the cost of the new master\'s availability.',
  expectation: 'sometimes',
  scope: 'sentinel, one replica, quorum = majority, min-replicas-to-write 1 (max-lag 2 or 10 s); M and the client on one side',
  source: 'sentinel.md §4 H2, 2.22, LAB E4b/c (replication.c refreshGoodSlavesCount; server.c processCommand -NOREPLICAS)',
  arbitrary: trimmable(standaloneTraces(sentinelFamilies.oldMasterPartitioned({ withReplica: false, writeTail: 18_000, space: { minReplicas: [1], replicas: [1], quorum: (n) => [majority(n)] } }))),
  watch: watchRefusals,
  check: newMasterRefuses,
};
