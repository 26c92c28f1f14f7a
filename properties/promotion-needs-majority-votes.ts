// protocol.md §2.7–2.8: a replica is promoted only with votes from a majority of slot-owning masters.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { events, promotions } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function promotionHasMajority(r: RunResult): string | null {
  const quorum = Math.floor(r.trace.config.masters / 2) + 1;
  for (const p of promotions(r)) {
    if (p.takeover) continue;
    const el = events(r, 'election').filter((e) => e.node === p.node && e.at <= p.at).pop();
    if (!el) return at(r, p.at, `${p.node} was promoted without ever requesting votes`);
    const voters = new Set(events(r, 'vote').filter((v) => v.about === p.node && v.epoch === el.epoch && v.at >= el.at && v.at <= p.at && !v.detail).map((v) => v.node));
    if (voters.size < quorum) return at(r, p.at, `${p.node} was promoted in epoch ${el.epoch} with ${voters.size} votes (${[...voters].join(', ') || 'none'}), quorum ${quorum}`);
    // Votes granted are not votes received: the replica's own count at promotion must reach the quorum too.
    if (p.votes < quorum) return at(r, p.at, `${p.node} was promoted in epoch ${el.epoch} having counted ${p.votes} votes, quorum ${quorum}`);
  }
  return null;
}

export const property: Property = {
  name: 'promotion-needs-majority-votes',
  claim: 'A replica is promoted by an election only after a majority of slot-owning masters voted for it in that epoch.',
  expectation: 'always',
  scope: 'all configs; master crash, two masters, mixed (TAKEOVER excluded)',
  source: 'protocol.md §2.7, §2.8 (cluster.c clusterHandleSlaveFailover: failover_auth_count >= needed_quorum)',
  arbitrary: traces(fc.oneof(families.masterCrash(), families.twoMasters(), families.mixed())),
  check: (r) => crashed(r) ?? promotionHasMajority(r),
};
