// protocol.md §2.6, the other side of the rejoin delay: a master held in cluster_state fail only by
// the delay turns ok once it has passed. clusterUpdateState runs on every clusterCron tick while the
// state is fail; when the node sees a majority of the masters with slots again (and, with full
// coverage, every slot on a master it does not hold FAIL), among_minority_time is at most one tick
// old, so the state is ok within the rejoin delay and two ticks of that moment.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { rejoinDelay, seesMajority } from './a-master-back-from-a-minority-waits-before-writes.ts';
import { crashed, type Property, type RunResult, type Watch } from './property.ts';
import { noted, type Noted } from './lib.ts';
import { CLUSTER_WRITABLE_DELAY } from '../model/kernel/config.ts';
import type { Node } from '../model/kernel/state.ts';
import { numSlots } from '../model/cluster/view.ts';

/** Two clusterCron periods (100.26–100.64 ms each, kernel/initNode.ts cronDrift): the tick that sees the majority, the tick after the delay. */
export const TICKS = 250;

/**
 * clusterUpdateState's conditions for ok, but the rejoin delay, as this node sees the cluster: a
 * master with slots past the writable delay, or (`role` replica) a replica, for which neither delay holds.
 */
function readyForOk(n: Node, t: number, role: Node['role']): boolean {
  const v = n.cluster;
  if (n.proc !== 'up' || n.role !== role) return false;
  if (role === 'master' && (numSlots(n, n.name) === 0 || v.firstCallTime === 0 || t - v.firstCallTime < CLUSTER_WRITABLE_DELAY)) return false;
  if (n.config.requireFullCoverage && v.slots.some((r) => r.owner === null || (r.owner !== n.name && v.peers[r.owner].fail))) return false;
  return seesMajority(n);
}

/** Per master (or replica): since when it has been ready for ok (null: not now); the first one still fail too long after. */
export function watchRejoin(extra = 0, role: Node['role'] = 'master'): Watch {
  return (s, _a, t, scratch) => {
    if (scratch.late || s.config.topology !== 'cluster') return;
    const since = (scratch.readySince ??= {}) as Record<string, number | null>;
    for (const n of Object.values(s.nodes)) {
      if (!readyForOk(n, t, role)) { since[n.name] = null; continue; }
      since[n.name] ??= t;
      const delay = role === 'master' ? rejoinDelay(n.config.nodeTimeout) : 0;
      const allowed = delay + TICKS + extra;
      if (n.cluster.state === 'fail' && t - since[n.name]! > allowed) {
        scratch.late = { at: t, msg: `${n.name} has seen a majority of masters since ${since[n.name]} and is still cluster_state fail ${t - since[n.name]!} ms later (${role}: rejoin delay ${delay} ms)` } as Noted;
        return;
      }
    }
  };
}

export function writableAfterRejoinDelay(r: RunResult): string | null {
  return noted(r, 'late');
}

export const property: Property = {
  name: 'a-master-back-from-a-minority-is-writable-after-the-rejoin-delay',
  claim: 'A master that sees a majority of the masters again (and, with full coverage, every slot served) is cluster_state ok within the rejoin delay (node timeout, clamped to 0.5–5 s) and two clusterCron ticks.',
  expectation: 'always',
  scope: 'all configs, node timeout 1–3 s and (a quarter of the runs, the master cut off with its replicas) 5.5–9 s; one master cut off with a minority (alone or with its replicas), the client on either side or pinned to it, then healed',
  source: 'protocol.md §2.6 (cluster.c clusterUpdateState: rejoin_delay, among_minority_time; clusterCron updates the state every tick while it is fail)',
  // Node timeouts above 5 s too, where CLUSTER_MAX_REJOIN_DELAY caps the delay: the master cut off
  // with its replicas for longer than NT (no failover), so it is the one that rejoins.
  arbitrary: fc.oneof({ arbitrary: traces(families.minorityPartition()), weight: 3 }, { arbitrary: traces(families.minorityPartition({ space: { nodeTimeout: [5500, 9000] }, minNT: 1.5, maxNT: 3, withReplicas: true })), weight: 1 }),
  watch: watchRejoin(),
  check: (r) => crashed(r) ?? writableAfterRejoinDelay(r),
};
