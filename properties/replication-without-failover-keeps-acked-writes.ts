// REPL §"How Redis replication works", protocol.md §2.9, §2.16 (guarantee): replication only ever
// copies a master's data to its replicas; without a failover manager nothing makes a replica a master
// or the master a replica, so partitions, pauses, replica restarts and REPLICAOF between replicas
// cannot take an acknowledged write away from M. (Only M's own crash, an edit of M, or REPLICAOF NO ONE
// on a replica — a second master — can.)
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The trace keeps M the only master: M only paused, no replica told REPLICAOF NO ONE or edited to drop its replicaof line. */
export function keepsMaster(r: RunResult): boolean {
  return r.trace.events.every((e) => {
    if ('node' in e && e.node === 'M' && e.type !== 'pause' && e.type !== 'resume' && e.type !== 'writes' && e.type !== 'write') return false;
    if (e.type === 'replicaof' && e.master === null) return false;
    if (e.type === 'edit-config' && e.set.replicaof === null) return false;
    return true;
  });
}

export function noAckedWriteLost(r: RunResult): string | null {
  if (!keepsMaster(r)) return null;
  const lost = r.outcome.lost[0];
  if (lost) return at(r, r.trace.until, `${lost.id}, acked by ${lost.appliedBy} at T+${lost.ackedAt}, is not in the final master's data (${r.outcome.writes.lost} lost in all)`);
  if (r.outcome.writes.unavailable > 0) return at(r, r.trace.until, `${r.outcome.writes.unavailable} acked writes have no running master to live on at the end`);
  return null;
}

export const property: Property = {
  name: 'replication-without-failover-keeps-acked-writes',
  claim: 'In a REPLICAOF deployment with no failover manager, while M is never killed, restarted or reconfigured and no replica is made a master, no acknowledged write is lost, whatever partitions, pauses, replica restarts and REPLICAOF between replicas happen.',
  expectation: 'always',
  scope: 'replication, 2–3 replicas in chains, any persistence; partitions, pauses of any node, replica kill -9 and restart, REPLICAOF to another node',
  source: 'protocol.md §2.9, §2.16; REPL §How Redis replication works (replication.c replicationSetMaster, syncCommand: data flows master → replica only)',
  arbitrary: standaloneTraces(replicationFamilies.mastersKept()),
  check: (r) => crashed(r) ?? noAckedWriteLost(r),
};
