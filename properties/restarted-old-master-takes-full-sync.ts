// protocol.md §5.8: an old master that was restarted always rejoins through a full sync (its replid
// changed at boot, so PSYNC cannot continue).
import { families, traces } from './generators.ts';
import { events, firstSyncAfter } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** Each demotion with whether the node restarted since its last demotion, and its first sync after. */
export function rejoins(r: RunResult) {
  return events(r, 'demoted').map((d) => {
    const restarted = r.state.timeline.some((e) => e.node === d.node && e.event === 'restart' && e.at <= d.at
      && !r.state.timeline.some((x) => x.node === d.node && x.event === 'demoted' && x.at > e.at && x.at < d.at));
    return { node: d.node, at: d.at, restarted, sync: firstSyncAfter(r, d.node, d.at) };
  });
}

/** `restartedOnly: false` lifts the claim's restriction (used to show the claim can fail). */
export function restartedRejoinIsFull(r: RunResult, restartedOnly = true): string | null {
  for (const j of rejoins(r)) {
    if (restartedOnly && !j.restarted) continue;
    if (j.sync && j.sync.event !== 'full-sync') return at(r, j.sync.at, `${j.node}${j.restarted ? ' (restarted)' : ''} was demoted at ${j.at} and rejoined with a partial sync from ${j.sync.from}`);
  }
  return null;
}

export const property: Property = {
  name: 'restarted-old-master-takes-full-sync',
  claim: 'An old master that restarted after losing its slots rejoins with a full sync, never a partial one.',
  expectation: 'always',
  scope: 'all configs; a master crashes and restarts after its replica was promoted',
  source: 'protocol.md §5.8, §2.11 (replication.c masterTryPartialResynchronization, server.c initServer replid)',
  arbitrary: traces(families.restartLate()),
  check: (r) => crashed(r) ?? restartedRejoinIsFull(r),
  needs: ['restart-after-failover'],
};
