// protocol.md §2.7: replicas of a FAIL master delay their vote request by 500 ms + random 0–499 ms
// + rank × 1000 ms, the rank being how many sibling replicas advertise a greater replication offset.
// Rank × 1000 exceeds the random spread, so the replica with the greatest offset asks first and,
// with every master reachable, gets the votes: the others are refused (a vote for this master's
// replicas was given less than 2·NT ago). Equal offsets share rank 0: then either may win.
import { families, masterNames, traces } from './generators.ts';
import { promotions, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { Node, State } from '../model/kernel/state.ts';

/** The replication offset a replica has applied (its master link's, or its cached master's). */
const applied = (n: Node): number => (n.role === 'master' ? n.masterReplOffset : n.repl.state === 'connected' ? n.repl.reploff : n.repl.cached?.reploff ?? 0);

interface Seen { at: number; winner: string; rivals: Array<[string, number]> }

/** At each promotion: the offset of every other running replica of the same old master. */
const watch: Watch = (s: State, _a, _t, scratch) => {
  const from = (scratch.seen as number | undefined) ?? 0;
  scratch.seen = s.timeline.length;
  for (let i = from; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    if (e.event !== 'promoted') continue;
    const rivals = Object.values(s.nodes).filter((x) => x.name !== e.node && x.role === 'replica' && x.repl.master === e.about && x.proc === 'up');
    const all = (scratch.promotions ??= []) as Seen[];
    all.push({ at: e.at, winner: e.node, rivals: rivals.map((x) => [x.name, applied(x)]) });
  }
};

export function greatestOffsetWins(r: RunResult): string | null {
  const masters = masterNames(r.trace.config);
  const crash = traceEvents(r, 'crash').find((e) => masters.includes(e.node!));
  if (!crash) return null;
  const p = promotions(r).find((x) => x.at >= crash.at && x.about === crash.node);
  if (!p) return null;
  const seen = ((r.scratch.promotions ?? []) as Seen[]).find((x) => x.at === p.at && x.winner === p.node);
  const ahead = seen?.rivals.find(([, off]) => off > p.offset);
  if (!ahead) return null;
  return at(r, p.at, `${p.node} (offset ${p.offset}) won the election for ${crash.node}, but ${ahead[0]} had offset ${ahead[1]}`);
}

export const property: Property = {
  name: 'the-replica-with-the-greatest-offset-wins-the-election',
  claim: 'When a master with several replicas dies, the replica promoted has a replication offset at least as great as every other running replica of that master.',
  expectation: 'always',
  scope: '2 or 3 replicas per master, any persistence and masters; the replicas lag by different amounts (0–400 ms slow links), then their master is killed (kill -9 or power loss); no partition, every master reachable',
  source: 'protocol.md §2.7 (cluster.c clusterGetSlaveRank, clusterHandleSlaveFailover: delay 500 + random() % 500 + rank × 1000 ms)',
  arbitrary: traces(families.laggingReplicas({ space: { replicas: [2, 3], validityFactor: [0] } })),
  check: (r) => crashed(r) ?? greatestOffsetWins(r),
  watch,
};
