// protocol.md §2.6: a master that saw itself in the minority (cluster_state fail) does not turn
// ok again until the rejoin delay — node timeout clamped to 500 ms..5 s — has passed since it last
// was in the minority, so a partition that heals does not let it take writes at once.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { Node } from '../model/kernel/state.ts';
import { numSlots, peerNames } from '../model/cluster/view.ts';

/** The rejoin delay of clusterUpdateState (CLUSTER_MAX_REJOIN_DELAY 5000, CLUSTER_MIN_REJOIN_DELAY 500). */
export const rejoinDelay = (nt: number): number => Math.min(5000, Math.max(500, nt));

/** `extra`: the breaker's stretched claim. The last minority check runs on a cron tick (100 ms) before the heal is seen. */
export function noWriteDuringRejoinDelay(r: RunResult, extra = 0): string | null {
  const cut = traceEvents(r, 'partition')[0];
  const heal = traceEvents(r, 'heal').find((e) => e.at >= (cut?.at ?? Infinity));
  if (!cut || !heal) return null;
  const m = cut.groups![0][0];
  const failed = r.state.timeline.some((e) => e.node === m && e.event === 'cluster-state' && e.detail === 'fail' && e.at >= cut.at && e.at <= heal.at);
  if (!failed) return null;
  const until = heal.at - 100 + rejoinDelay(r.trace.config.nodeTimeout) + extra;
  const w = r.state.writes.find((x) => x.result === 'acked' && x.appliedBy === m && x.appliedAt >= heal.at && x.appliedAt < until);
  return w ? at(r, w.appliedAt, `${m}, in the minority until the heal at ${heal.at}, acked ${w.id} ${w.appliedAt - heal.at} ms after it (rejoin delay ${rejoinDelay(r.trace.config.nodeTimeout)} ms)`) : null;
}

/** clusterUpdateState's minority rule (b) as `n` sees the cluster: masters with slots, those not PFAIL/FAIL reachable. */
export function seesMajority(n: Node): boolean {
  const v = n.cluster;
  let size = n.role === 'master' && numSlots(n, n.name) !== 0 ? 1 : 0;
  let reachable = size;
  for (const x of peerNames(n)) {
    const p = v.peers[x];
    if (p.role !== 'master' || numSlots(n, x) === 0) continue;
    size++;
    if (!p.pfail && !p.fail) reachable++;
  }
  return reachable >= Math.floor(size / 2) + 1;
}

/** clusterCron runs clusterUpdateState on every tick while the state is fail (100.26–100.64 ms apart). */
const TICK_MS = 110;

interface Early { at: number; msg: string }

/**
 * Per node: when it last saw itself in the minority (its incarnation's), and its last cluster_state;
 * a master whose state turns ok sooner than the rejoin delay after that (less a tick: the last
 * clusterUpdateState that saw the minority ran at most a tick before the view changed) is recorded.
 */
const watchMinority: Watch = (s, _a, t, scratch) => {
  if (scratch.early || s.config.topology !== 'cluster') return;
  const last = (scratch.lastMinority ??= {}) as Record<string, { boot: number; at: number | null; state: string }>;
  for (const n of Object.values(s.nodes)) {
    if (n.proc !== 'up') continue;
    let k = last[n.name];
    if (!k || k.boot !== n.bootedAt) k = last[n.name] = { boot: n.bootedAt, at: null, state: n.cluster.state };
    if (!seesMajority(n)) k.at = t;
    const turnedOk = k.state === 'fail' && n.cluster.state === 'ok';
    k.state = n.cluster.state;
    if (!turnedOk || n.role !== 'master' || k.at === null) continue;
    const rejoin = rejoinDelay(n.config.nodeTimeout);
    if (t < k.at + rejoin - TICK_MS) {
      scratch.early = { at: t, msg: `${n.name} turned cluster_state ok ${t - k.at} ms after it last saw itself in the minority (rejoin delay ${rejoin} ms)` } as Early;
      return;
    }
  }
};

export function okNotBeforeRejoinDelay(r: RunResult): string | null {
  const early = r.scratch.early as Early | undefined;
  return early ? at(r, early.at, early.msg) : null;
}

export const property: Property = {
  name: 'a-master-back-from-a-minority-waits-before-writes',
  claim: 'A master that went cluster_state fail in a minority turns ok no sooner than the rejoin delay (node timeout, clamped to 0.5–5 s) after it last saw itself in the minority, less one cron tick, and acks no write applied within the rejoin delay after the partition heals.',
  expectation: 'always',
  scope: 'all configs, node timeout 1–3 s and (a quarter of the runs) 200–400 ms, where the 500 ms floor binds; one master cut off with a minority (alone or with its replicas), the client on either side or pinned to it, then healed',
  source: 'protocol.md §2.6 (cluster.c clusterUpdateState: rejoin_delay, among_minority_time, CLUSTER_MIN_REJOIN_DELAY)',
  arbitrary: fc.oneof({ arbitrary: traces(families.minorityPartition()), weight: 3 }, { arbitrary: traces(families.minorityPartition({ space: { nodeTimeout: [200, 400] }, withReplicas: true, clientSide: 'majority' })), weight: 1 }),
  watch: watchMinority,
  check: (r) => crashed(r) ?? noWriteDuringRejoinDelay(r) ?? okNotBeforeRejoinDelay(r),
};
