// replicationCron's "MASTER timeout: no data nor PING received" applies to an established link
// (REPL_STATE_CONNECTED) only; a link still connecting or in its handshake has its own timeout, which
// is silent. So a replica logs MASTER timeout once for a silent master, then reconnects, and logs it
// again only after a new link to the master has been established (a sync completed).
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { firstSyncAfter } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `kinds`: the link-ending events counted (the claim: MASTER timeout only). */
export function oneTimeoutPerLink(r: RunResult, kinds = ['master-timeout']): string | null {
  const drops = r.state.timeline.filter((e) => kinds.includes(e.event));
  for (let i = 1; i < drops.length; i++) {
    const prev = [...drops.slice(0, i)].reverse().find((d) => d.node === drops[i].node);
    if (!prev) continue;
    const synced = firstSyncAfter(r, prev.node, prev.at);
    if (!synced || synced.at > drops[i].at) return at(r, drops[i].at, `${drops[i].node} logged ${drops[i].event} at ${drops[i].at} and ${prev.event} at ${prev.at} with no link established in between`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-times-out-its-master-once-per-link',
  claim: 'A replica logs MASTER timeout only on an established link: after one, it logs another only once a new link to its master has synced.',
  expectation: 'always',
  scope: 'replication (no Sentinel), 1–3 replicas, repl-timeout 2–5 s; the master paused for repl-timeout + 1.5–6 s',
  source: 'replication.c replicationCron (the MASTER timeout branch requires server.repl_state == REPL_STATE_CONNECTED)',
  arbitrary: standaloneTraces(replicationFamilies.masterSilent()),
  check: (r) => crashed(r) ?? oneTimeoutPerLink(r),
};
