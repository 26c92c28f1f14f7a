// protocol.md §2.5: clusterHandleSlaveFailover measures the replica's data age in whole seconds of
// its cached clock: since the last interaction with its master while the link is up, since the link
// went down otherwise (repl_down_since 0 after a restart: since ever), less NT when it exceeds NT. It
// refuses to start an election exactly when that age exceeds repl-ping-replica-period + NT·factor.
// The two edges are checked where the decision is taken: a refusal, a scheduled election, a vote request.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { Node } from '../model/kernel/state.ts';
import { UNIX_EPOCH_AT_T0 } from '../model/kernel/config.ts';

const unixSec = (ms: number): number => Math.floor(ms / 1000);

/** clusterHandleSlaveFailover's data_age, in ms, at `now`. */
export function dataAge(n: Node, now: number): number {
  const since = n.repl.state === 'connected' ? unixSec(n.repl.lastInteraction) : n.repl.downSince === 0 ? -UNIX_EPOCH_AT_T0 : unixSec(n.repl.downSince);
  const age = (unixSec(now) - since) * 1000;
  return age > n.config.nodeTimeout ? age - n.config.nodeTimeout : age;
}

/** The validity window: repl-ping-replica-period + NT · cluster-replica-validity-factor (0: no limit). */
const windowOf = (n: Node): number => (n.config.replicaValidityFactor === 0 ? Infinity : n.config.replPingReplicaPeriod * 1000 + n.config.nodeTimeout * n.config.replicaValidityFactor);

interface Decision { at: number; node: string; kind: 'refused' | 'election-scheduled' | 'election'; age: number; limit: number }
interface Scratch { seen?: number; decisions?: Decision[] }

/** Each decision of a replica about its data age (a refusal, a scheduled election, a vote request), with the age it had then. */
const watch: Watch = (s, _a, _t, raw) => {
  const scratch = raw as Scratch;
  const out = (scratch.decisions ??= []);
  for (let i = scratch.seen ?? 0; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    const n = s.nodes[e.node];
    const refused = e.event === 'cant-failover' && e.detail === 'data-age';
    const tried = (e.event === 'election-scheduled' && Number(e.delay) > 0) || e.event === 'election';
    if ((!refused && !tried) || n.role !== 'replica' || n.cluster.mf.end !== 0) continue;
    out.push({ at: e.at, node: e.node, kind: refused ? 'refused' : (e.event as Decision['kind']), age: dataAge(n, e.at), limit: windowOf(n) });
  }
  scratch.seen = s.timeline.length;
};

/** `shift`: the breaker's misplaced edge (ms added to the window). */
export function refusesOnlyWhenTooOld(r: RunResult, shift = 0): string | null {
  for (const d of (r.scratch as Scratch).decisions ?? []) {
    const limit = d.limit + shift;
    if (d.kind === 'refused' && d.age <= limit) return at(r, d.at, `${d.node} refused an election for data age at ${d.age} ms, within its validity window of ${limit} ms`);
    if (d.kind !== 'refused' && d.age > limit) return at(r, d.at, `${d.node} went on with an election (${d.kind}) at data age ${d.age} ms, past its validity window of ${limit} ms`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-refuses-an-election-only-when-its-data-is-too-old',
  claim: 'A replica of a failed master refuses to start or pursue an election for its data age exactly when that age (whole seconds since it last heard from its master, less NT) exceeds repl-ping-replica-period + NT·cluster-replica-validity-factor.',
  expectation: 'always',
  scope: 'all configs with validity factor 1–3; one master\'s messages to its replicas held back for about as long as the validity window, then the master killed; or two of three masters killed and one back about a validity window later',
  source: 'protocol.md §2.5 (cluster.c clusterHandleSlaveFailover: data_age, cluster_slave_validity_factor)',
  // The silence before the crash puts the replicas' data age within ±3 s of their window when FAIL
  // arrives (about 1.5·NT after the crash; the age is counted less NT).
  arbitrary: fc.oneof(
    traces(families.staleReplicas({
      space: { validityFactor: [1, 2, 3] },
      silence: (c) => { const edge = 10_000 + c.nodeTimeout * c.replicaValidityFactor - Math.floor(c.nodeTimeout / 2); return [edge - 3000, edge + 3000]; },
      healGap: [10_000, 15_000],
    })),
    // Two of three masters killed (no FAIL without a majority), one back about a validity window later:
    // the other's replicas decide with their link down since the crash (age from repl_down_since).
    traces(families.twoMasters({
      space: { masters: [3], validityFactor: [1, 2, 3] },
      restartFirstAfter: (c) => { const edge = 10_000 + c.nodeTimeout * c.replicaValidityFactor; return [edge - 4000, edge + 4000]; },
      healGap: [15_000, 20_000],
    })),
  ),
  check: (r) => crashed(r) ?? refusesOnlyWhenTooOld(r),
  watch,
};
