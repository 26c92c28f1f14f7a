// protocol.md §2.7: replicas of a FAIL master delay their vote request by 500 ms + random 0–499 ms
// + rank × 1000 ms, the rank being how many sibling replicas advertise a greater replication offset.
// Rank × 1000 exceeds the random spread, so a replica with the greatest offset asks first (equal
// offsets share rank 0 and may ask together, and split the votes; then a lagging replica can win a
// later round: that outcome is not claimed here).
import { families, masterNames, traces } from './generators.ts';
import { traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { Node, State } from '../model/kernel/state.ts';

/** The replication offset a replica has applied (its master link's, or its cached master's). */
const applied = (n: Node): number => (n.role === 'master' ? n.masterReplOffset : n.repl.state === 'connected' ? n.repl.reploff : n.repl.cached?.reploff ?? 0);

interface Seen { at: number; node: string; about: string; offset: number; rivals: Array<[string, number]> }

/** At each vote request: the requester's offset and that of every other running replica of the same master. */
const watch: Watch = (s: State, _a, _t, scratch) => {
  const from = (scratch.seen as number | undefined) ?? 0;
  scratch.seen = s.timeline.length;
  for (let i = from; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    if (e.event !== 'election') continue;
    const rivals = Object.values(s.nodes).filter((x) => x.name !== e.node && x.role === 'replica' && x.repl.master === e.about && x.proc === 'up');
    const all = (scratch.elections ??= []) as Seen[];
    all.push({ at: e.at, node: e.node, about: String(e.about), offset: applied(s.nodes[e.node]), rivals: rivals.map((x) => [x.name, applied(x)]) });
  }
};

/**
 * The first vote request for the dead master comes from a replica with the greatest offset (several
 * at once only if they tie at rank 0). Who is promoted in the end is not the claim: if that round
 * splits the votes, every master refuses this master's replicas for 2·NT, and a lagging replica whose
 * rank delay ends after that can win (clusterSendFailoverAuthIfNeeded checks no offset).
 */
export function greatestOffsetWins(r: RunResult): string | null {
  const masters = masterNames(r.trace.config);
  const crash = traceEvents(r, 'crash').find((e) => masters.includes(e.node!));
  if (!crash) return null;
  const elections = ((r.scratch.elections ?? []) as Seen[]).filter((x) => x.at >= crash.at && x.about === crash.node);
  const firstAt = elections[0]?.at;
  for (const x of elections.filter((e) => e.at === firstAt)) {
    const ahead = x.rivals.find(([, off]) => off > x.offset);
    if (ahead) return at(r, x.at, `${x.node} (offset ${x.offset}) asked for votes first for ${crash.node}, but ${ahead[0]} had offset ${ahead[1]}`);
  }
  return null;
}

export const property: Property = {
  name: 'the-replica-with-the-greatest-offset-wins-the-election',
  claim: 'When a master with several replicas dies, the first replica to ask for votes has a replication offset at least as great as every other running replica of that master.',
  expectation: 'always',
  scope: '2 or 3 replicas per master, any persistence and masters; the replicas lag by different amounts (0–400 ms slow links), then their master is killed (kill -9 or power loss); no partition, every master reachable',
  source: 'protocol.md §2.7 (cluster.c clusterGetSlaveRank, clusterHandleSlaveFailover: delay 500 + random() % 500 + rank × 1000 ms)',
  arbitrary: traces(families.laggingReplicas({ space: { replicas: [2, 3], validityFactor: [0] } })),
  check: (r) => crashed(r) ?? greatestOffsetWins(r),
  watch,
};
