// protocol.md §5.4: a master grants one vote per epoch and a win needs a majority, so at most one
// replica wins an election in any epoch (TAKEOVER, which takes no votes, is outside the claim).
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { promotions } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function oneWinnerPerEpoch(r: RunResult): string | null {
  const byEpoch = new Map<number, string>();
  for (const p of promotions(r)) {
    if (p.takeover) continue;
    const prev = byEpoch.get(p.epoch);
    if (prev && prev !== p.node) return at(r, p.at, `${prev} and ${p.node} both won an election in epoch ${p.epoch}`);
    byEpoch.set(p.epoch, p.node);
  }
  return null;
}

export const property: Property = {
  name: 'one-winner-per-epoch',
  claim: 'For every epoch, at most one replica is promoted by an election in that epoch.',
  expectation: 'always',
  scope: 'all configs; mixed faults, two masters at once, master crash (TAKEOVER promotions excluded)',
  source: 'protocol.md §5.4, §2.8 (cluster.c clusterSendFailoverAuthIfNeeded: lastVoteEpoch)',
  arbitrary: traces(fc.oneof(families.mixed(), families.twoMasters({ space: { masters: [5] } }), families.masterAndReplica())),
  check: (r) => crashed(r) ?? oneWinnerPerEpoch(r),
};
