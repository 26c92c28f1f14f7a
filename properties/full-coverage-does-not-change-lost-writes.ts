// protocol.md §2.6 / §5.1: cluster-require-full-coverage only changes cluster_state (which writes are
// admitted); it does not change which acknowledged writes survive a failure.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, runTrace, type Property, type RunResult } from './property.ts';

/** Run the same trace with an option on and off (full coverage by default); compare the fate of writes acked under both. */
export function sameLossEitherWay(r: RunResult, option = 'requireFullCoverage'): string | null {
  const flip = (yes: boolean) => runTrace({ ...r.input, config: { ...r.input.config, [option]: yes } });
  const [yes, no] = [flip(true), flip(false)];
  if (yes.error || no.error) return at(r, 0, `model threw: ${yes.error ?? no.error}`);
  const ackedNo = new Set(no.state.writes.filter((w) => w.result === 'acked').map((w) => w.id));
  const lostYes = new Set(yes.outcome.lost.map((l) => l.id));
  const lostNo = new Set(no.outcome.lost.map((l) => l.id));
  for (const w of yes.state.writes) {
    if (w.result !== 'acked' || !ackedNo.has(w.id)) continue;
    if (lostYes.has(w.id) !== lostNo.has(w.id)) return at(r, w.repliedAt, `${w.id} is ${lostYes.has(w.id) ? 'lost' : 'kept'} with ${option} on but ${lostNo.has(w.id) ? 'lost' : 'kept'} with it off`);
  }
  return null;
}

export const property: Property = {
  name: 'full-coverage-does-not-change-lost-writes',
  claim: 'With the same faults, cluster-require-full-coverage yes and no lose exactly the same acknowledged writes (among writes acked under both).',
  expectation: 'always',
  scope: 'all configs; one master crash, a master and its replica, two masters, or a minority partition',
  source: 'protocol.md §2.6, §5.1 (cluster.c clusterUpdateState: the option only gates cluster_state)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.masterAndReplica()), traces(families.twoMasters()), traces(families.minorityPartition())),
  check: (r) => crashed(r) ?? sameLossEitherWay(r),
};
