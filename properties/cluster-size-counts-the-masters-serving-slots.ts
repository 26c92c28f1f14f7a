// CLUSTER INFO's cluster_size is "the number of master nodes serving at least one hash slot". It is
// what both quorums are taken of: the majority a master needs to reach to stay writable and the votes
// a replica needs to win. clusterUpdateState recomputes it from the node's own view whenever a slot or
// a role changes (clusterDoBeforeSleep(CLUSTER_TODO_UPDATE_STATE)), so a node reporting cluster_state ok
// never counts a master its view has left without slots: an old master between its replica's claim
// and its own announcement that it turned replica (a manual failover, a partition healing).
import fc from 'fast-check';
import type { State } from '../model/index.ts';
import { numSlots, peerIndex } from '../model/cluster/view.ts';
import { families, traces } from './generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** The size a node's view gives: masters with slots, itself included (or every master, for the breaker). */
function viewSize(n: State['nodes'][string], slotless: boolean): number {
  let size = n.role === 'master' && (slotless || numSlots(n, n.name) !== 0) ? 1 : 0;
  const { names, views } = peerIndex(n);
  for (let k = 0; k < names.length; k++) {
    if (views[k].role === 'master' && (slotless || numSlots(n, names[k]) !== 0)) size++;
  }
  return size;
}

/**
 * Notes the first running node in state ok whose cluster_size is not its view's (scratch.bad), and
 * the first whose size would be wrong if masters without slots counted too (scratch.slotless: the breaker).
 */
export const watchSize: Watch = (s, _a, t, scratch) => {
  if (scratch.bad) return;
  for (const n of Object.values(s.nodes)) {
    if (!n.clusterEnabled || n.proc !== 'up' || n.cluster.state !== 'ok') continue;
    const want = viewSize(n, false);
    if (n.cluster.size !== want) {
      scratch.bad = { at: t, msg: `${n.name} reports cluster_state ok with cluster_size ${n.cluster.size}, but its view has ${want} masters serving slots` } as Noted;
      return;
    }
    if (!scratch.slotless && viewSize(n, true) !== want) {
      scratch.slotless = { at: t, msg: `${n.name} reports cluster_size ${want}, not counting a master its view has left without slots` } as Noted;
    }
  }
};

export const property: Property = {
  name: 'cluster-size-counts-the-masters-serving-slots',
  claim: 'A node reporting cluster_state ok reports as cluster_size the masters of its view that serve at least one slot, itself included, and no other node.',
  expectation: 'always',
  scope: 'cluster: default and TAKEOVER manual failovers, minority partitions, a master killed and restarted soon',
  source: 'cluster.c clusterUpdateState (size: masters with numslots), clusterProcessPacket ("Master turned into a slave"), clusterUpdateSlotsConfigWith',
  arbitrary: fc.oneof(traces(families.manualFailover('default')), traces(families.manualFailover('takeover')), traces(families.minorityPartition()), traces(families.restartSoon())),
  watch: watchSize,
  check: (r) => crashed(r) ?? noted(r),
};
