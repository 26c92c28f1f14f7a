// protocol.md §2.9: a manual failover lives CLUSTER_MF_TIMEOUT (5 s) on each side
// (manualFailoverCheckTimeout, from clusterCron): a replica whose master is stalled cannot get the
// paused offset, gives up at mf_end and ignores the master's PAUSED pings afterwards; the master,
// when it wakes and reads the old MFSTART, pauses its writes (pauseClients for 2 × the timeout) but
// ends the pause at its own mf_end, 5 s later. So nothing of the abandoned failover outlives 5 s.
import { CLUSTER_MF_TIMEOUT } from '../model/kernel/config.ts';
import { families, traces } from './generators.ts';
import { events, promotions, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** manualFailoverCheckTimeout runs on clusterCron's ticks (100.26–100.64 ms apart), and the release on the next beforeSleep. */
const TICK_MS = 150;

export function abandonedAfterTimeout(r: RunResult, bound = CLUSTER_MF_TIMEOUT + TICK_MS): string | null {
  const f = traceEvents(r, 'failover')[0];
  if (!f) return null;
  const replica = f.node!;
  const master = r.trace.events.find((e) => e.type === 'pause')?.node;
  if (!master) return null;
  if (events(r, 'fail').some((e) => e.about === master)) return null; // a real failure: not the claim
  const late = promotions(r).find((p) => p.node === replica && p.at > f.at + bound);
  if (late) return at(r, late.at, `${replica} was promoted ${late.at - f.at} ms after CLUSTER FAILOVER, past the ${CLUSTER_MF_TIMEOUT} ms manual-failover timeout, with ${master} never FAIL`);
  const pause = events(r, 'manual-failover-pause').find((e) => e.node === master && e.at >= f.at);
  if (!pause) return null;
  const held = r.state.writes.find((w) => w.appliedBy === master && w.appliedAt > pause.at && w.appliedAt - Math.max(w.sentAt, pause.at) > bound);
  return held ? at(r, held.appliedAt, `${master} paused writes for the abandoned failover at ${pause.at} and applied ${held.id} only at ${held.appliedAt}: held ${held.appliedAt - Math.max(held.sentAt, pause.at)} ms, past the ${CLUSTER_MF_TIMEOUT} ms timeout`) : null;
}

export const property: Property = {
  name: 'a-stalled-manual-failover-is-abandoned-after-five-seconds',
  claim: 'CLUSTER FAILOVER to a replica whose master is stalled past the manual-failover timeout is abandoned after 5 s: the replica is not promoted for it later, and the master, when it wakes and pauses writes for it, resumes them within 5 s.',
  expectation: 'always',
  scope: 'all configs, node timeout 8–12 s; a master paused (SIGSTOP) for 5.5 s to NT − 1.5 s (never FAIL), CLUSTER FAILOVER to one of its replicas within a second of the pause',
  source: 'protocol.md §2.9 (cluster.c manualFailoverCheckTimeout, CLUSTER_MF_TIMEOUT; clusterProcessPacket MFSTART: pauseClients for CLUSTER_MF_TIMEOUT × CLUSTER_MF_PAUSE_MULT; the PAUSED flag is taken only while mf_end is set)',
  arbitrary: traces(families.stalledManualFailover({ space: { nodeTimeout: [8000, 12000] } })),
  check: (r) => crashed(r) ?? abandonedAfterTimeout(r),
};
