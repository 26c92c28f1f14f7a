// protocol.md §5.8: an old master that rejoins with +CONTINUE was a prefix of the new master's
// history, so none of the writes it acked before its demotion is lost.
import { families, traces } from './generators.ts';
import { rejoins } from './restarted-old-master-takes-full-sync.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `partialOnly: false` lifts the restriction to partial rejoins (used to show the claim can fail). */
export function partialRejoinKeepsWrites(r: RunResult, partialOnly = true): string | null {
  for (const j of rejoins(r)) {
    if (!j.sync || (partialOnly && j.sync.event === 'full-sync')) continue;
    const l = r.outcome.lost.find((x) => x.appliedBy === j.node && r.state.writes[Number(x.id.slice(1)) - 1].appliedAt <= j.at);
    if (l) return at(r, j.sync.at, `${j.node} rejoined with a ${j.sync.event} from ${j.sync.from}, yet its acked write ${l.id} (acked at ${l.ackedAt}) is lost`);
  }
  return null;
}

export const property: Property = {
  name: 'partial-rejoin-keeps-old-master-writes',
  claim: 'An old master that rejoins its shard with a partial sync (+CONTINUE) loses none of the writes it acknowledged before its demotion.',
  expectation: 'always',
  scope: 'all configs; a master partitioned into a minority and healed (no restart)',
  source: 'protocol.md §5.8, §2.11 (replication.c masterTryPartialResynchronization, second_replid_offset)',
  arbitrary: traces(families.minorityPartition()),
  check: (r) => crashed(r) ?? partialRejoinKeepsWrites(r),
  needs: ['old-master-partial-resync'],
};
