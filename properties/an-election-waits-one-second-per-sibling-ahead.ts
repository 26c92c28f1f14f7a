// protocol.md §2.7: a replica's vote request waits 500 ms + random 0–499 ms + rank × 1000 ms, where
// the rank (clusterGetSlaveRank) counts the siblings its own view shows at a strictly greater offset:
// a sibling at an equal offset never delays it. Until the request is sent the rank is re-checked
// (clusterHandleSlaveFailover: "Replica rank updated"), and each sibling newly seen ahead adds a second;
// a rank that falls (a sibling restarted empty) takes none away.
// A manual failover's election (mf_end set) has no delay and no rank.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { Node, State } from '../model/kernel/state.ts';
import { advertisedOffset } from '../model/kernel/nodes.ts';
import { failed } from '../model/cluster/view.ts';

/** clusterGetSlaveRank, recomputed from the replica's own view: siblings seen strictly ahead of it. */
export function siblingsAhead(n: Node): number {
  const mine = advertisedOffset(n);
  let ahead = 0;
  for (const p of Object.values(n.cluster.peers)) {
    if (p.role === 'replica' && p.master === n.repl.master && !p.nofailover && p.replOffset > mine) ahead++;
  }
  return ahead;
}

interface Pending { at: number; base: number; rank: number; maxAhead: number; raisedAt: number }
interface Scratch { seen?: number; pending?: Map<string, Pending>; violation?: string; violationAt?: number }

/** The cron re-checks the rank and the start time on its ticks (100 ms, re-armed after it runs) and in beforeSleep. */
const TICK_SLACK_MS = 150;

/** One election step of replica `e.node`, checked against the rank rule; a violation message or null. */
function onRecord(s: State, e: State['timeline'][number], pending: Map<string, Pending>): string | null {
  if (e.event === 'restart') pending.delete(e.node);
  if (e.event === 'election-scheduled') {
    const delay = Number(e.delay);
    const rank = Number(e.rank);
    if (s.nodes[e.node].cluster.mf.end !== 0) { // a manual failover's election: at once, rank 0
      pending.delete(e.node);
      return delay === 0 && rank === 0 ? null : `${e.node} scheduled a manual failover's election ${delay} ms ahead at rank ${rank}, not at once`;
    }
    const ahead = siblingsAhead(s.nodes[e.node]);
    if (rank !== ahead) return `${e.node} scheduled its election at rank ${rank}, but its view shows ${ahead} sibling(s) strictly ahead of its offset`;
    const base = delay - 1000 * rank;
    if (base < 500 || base > 999) return `${e.node} scheduled its election ${delay} ms ahead at rank ${rank}: ${base} ms beyond the rank, not 500–999`;
    pending.set(e.node, { at: e.at, base, rank, maxAhead: ahead, raisedAt: e.at });
  }
  if (e.event === 'election') {
    const p = pending.get(e.node);
    if (!p) return null;
    pending.delete(e.node);
    const rankNow = Math.max(p.rank, siblingsAhead(s.nodes[e.node]));
    const earliest = p.at + p.base + 1000 * rankNow;
    const latest = p.at + p.base + 1000 * Math.max(p.rank, p.maxAhead) + TICK_SLACK_MS;
    if (e.at < earliest) return `${e.node} asked for votes ${e.at - p.at} ms after scheduling (rank ${p.rank} then, ${rankNow} when sent): sooner than ${earliest - p.at} ms`;
    if (e.at > latest) return `${e.node} asked for votes ${e.at - p.at} ms after scheduling (rank ${p.rank}, at most ${p.maxAhead} seen ahead): later than ${latest - p.at} ms`;
  }
  return null;
}

/** Each new timeline record, and the siblings seen ahead by every replica waiting to send its request. */
const watch: Watch = (s, _a, _t, raw) => {
  const scratch = raw as Scratch;
  if (scratch.violation) return;
  const pending = (scratch.pending ??= new Map());
  for (let i = scratch.seen ?? 0; i < s.timeline.length && !scratch.violation; i++) {
    scratch.violation = onRecord(s, s.timeline[i], pending) ?? undefined;
    scratch.violationAt = s.timeline[i].at;
  }
  scratch.seen = s.timeline.length;
  for (const [name, p] of pending) {
    const v = rankNotRechecked(s, s.nodes[name], p);
    if (v && !scratch.violation) { scratch.violation = v; scratch.violationAt = s.now; }
  }
};

/**
 * A sibling newly seen ahead moves the planned start (failover_auth_time) a second later at the
 * replica's next clusterHandleSlaveFailover, while its master stays FAIL and no request was sent;
 * nothing else moves it later.
 */
function rankNotRechecked(s: State, n: Node, p: Pending): string | null {
  const ahead = siblingsAhead(n);
  if (ahead > p.maxAhead) { p.maxAhead = ahead; p.raisedAt = s.now; }
  const e = n.cluster.election;
  if (n.proc !== 'up' || n.role !== 'replica' || e.authSent || !failed(n, n.repl.master!)) return null;
  const latest = p.at + p.base + 1000 * Math.max(p.rank, p.maxAhead);
  if (e.authTime > latest) return `${n.name} plans its vote request ${e.authTime - p.at} ms after scheduling it, though it never saw more than ${Math.max(p.rank, p.maxAhead)} sibling(s) ahead: not after ${latest - p.at} ms`;
  if (p.maxAhead <= p.rank || ahead < p.maxAhead || s.now - p.raisedAt <= TICK_SLACK_MS) return null;
  const planned = p.at + p.base + 1000 * p.maxAhead;
  if (e.authTime >= planned) return null;
  return `${n.name} still plans its vote request ${e.authTime - p.at} ms after scheduling it, ${s.now - p.raisedAt} ms after it saw ${p.maxAhead} sibling(s) ahead (rank ${p.rank} at scheduling): not ${planned - p.at} ms`;
}

export function electionWaitsByRank(r: RunResult): string | null {
  const { violation, violationAt } = r.scratch as Scratch;
  return violation ? at(r, violationAt!, violation) : null;
}

export const property: Property = {
  name: 'an-election-waits-one-second-per-sibling-ahead',
  claim: 'A replica asks for votes 500–999 ms after scheduling its election plus one second per sibling its view shows at a strictly greater offset, re-checked until the request is sent: a sibling at an equal offset never delays it; a manual failover\'s election starts at once.',
  expectation: 'always',
  scope: '2 or 3 replicas per master, any persistence and masters; some replicas are killed and restarted behind the others, or one lags and hears of a sibling late (slow links), then their master is killed; or a sibling ahead is killed and restarted empty during the election delay; or CLUSTER FAILOVER (default or FORCE) to a replica with a sibling; no partition, no pause',
  source: 'protocol.md §2.7 (cluster.c clusterGetSlaveRank; clusterHandleSlaveFailover: failover_auth_time = now + 500 + random() % 500 + rank × 1000, and the rank re-check before the request)',
  arbitrary: fc.oneof(
    { arbitrary: traces(families.laggingReplicas({ space: { replicas: [2, 3], validityFactor: [0] } })), weight: 1 },
    // The rank re-check needs a sibling seen ahead inside the delay: about one run in five of this family.
    { arbitrary: traces(families.staleSiblingView({ space: { replicas: [2, 3], validityFactor: [0] } })), weight: 3 },
    // A rank that falls during the delay (a sibling restarted empty) must not move the start earlier.
    { arbitrary: traces(families.siblingRestartsInElection({ space: { replicas: [2, 3], validityFactor: [0], persistence: ['none'] } })), weight: 3 },
    { arbitrary: traces(families.manualFailover('default', { space: { replicas: [2] } })), weight: 1 },
    { arbitrary: traces(families.manualFailover('force', { space: { replicas: [2] } })), weight: 1 },
  ),
  check: (r) => crashed(r) ?? electionWaitsByRank(r),
  watch,
};
