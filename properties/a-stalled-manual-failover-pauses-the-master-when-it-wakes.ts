// protocol.md §2.9, the hazard beside the timeout: the MFSTART a stalled master finds on waking is
// obeyed even though its replica gave the failover up seconds ago (clusterProcessPacket checks only
// that the sender is its replica). The master pauses writes (pauseClients) until its own mf_end, and
// the replica ignores its PAUSED pings: every write to that shard waits about 5 s for nothing, past
// a 2 s client timeout, and is applied when the pause ends.
import { families, traces } from './generators.ts';
import { events, traceEvents } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

/** A write sent after the master woke and paused for a failover its replica had abandoned, applied ≥ 4 s later. */
export function pausedForNothing(r: RunResult): string | null {
  const f = traceEvents(r, 'failover')[0];
  if (!f) return null;
  const gaveUp = events(r, 'manual-failover-timeout').find((e) => e.node === f.node && e.at > f.at);
  const master = r.trace.events.find((e) => e.type === 'pause')?.node;
  const pause = events(r, 'manual-failover-pause').find((e) => e.node === master && gaveUp && e.at > gaveUp.at);
  if (!gaveUp || !pause) return null;
  const held = r.state.writes.find((w) => w.appliedBy === master && w.sentAt >= pause.at && w.appliedAt - w.sentAt >= 4000);
  return held ? at(r, held.appliedAt, `${f.node} gave up CLUSTER FAILOVER at ${gaveUp.at}; ${master} woke, paused writes for it at ${pause.at} and applied ${held.id} (sent at ${held.sentAt}, ${held.result} for its client) only at ${held.appliedAt}`) : null;
}

export const property: Property = {
  name: 'a-stalled-manual-failover-pauses-the-master-when-it-wakes',
  claim: 'CLUSTER FAILOVER to a replica of a stalled master can hold that master\'s writes for about 5 s after it wakes, though the replica gave the failover up already: clients time out, and their writes are applied afterwards.',
  expectation: 'sometimes',
  scope: 'all configs, node timeout 8–12 s; a master paused (SIGSTOP) for 5.5 s to NT − 1.5 s, CLUSTER FAILOVER to one of its replicas within a second of the pause',
  source: 'protocol.md §2.9 (cluster.c clusterProcessPacket MFSTART: resetManualFailover, pauseClients; manualFailoverCheckTimeout)',
  arbitrary: traces(families.stalledManualFailover({ space: { nodeTimeout: [8000, 12000] } })),
  check: pausedForNothing,
};
