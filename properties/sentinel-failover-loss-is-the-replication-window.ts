// sentinel.md §4 H1 ("Lost = every write acked by M with offset > the promoted replica's reploff at
// promotion"), 2.10 and 2.16: SLAVEOF NO ONE (replicationUnsetMaster) keeps exactly the data the
// replica had applied, and the old master, back from its crash, is turned into a replica (2.15b) and
// full-syncs (its offset moved on), so its extra writes go. With AOF on, kill -9 itself loses nothing
// (P §3.2), so the failover is the only cause of loss.
//
// The window, precisely: the acked writes of M whose offset in M's replication stream is above the
// promoted replica's master_repl_offset at the step SLAVEOF NO ONE ran. In time: what M acknowledged
// after the last write the promoted replica applied. A master sends the stream with its reply, so a
// plain kill -9 leaves that window (almost) empty; a cut or a slow link before the crash opens it.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { promotionsOf, sentinelEntries, traceEventsOf, watchPromotions } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function sentinelLossIsTheWindow(r: RunResult): string | null {
  const crash = traceEventsOf(r, 'crash').find((e) => e.node === 'M');
  if (!crash) return null;
  // The first Sentinel promotion after the crash whose configuration spread (+switch-master to it).
  const p = promotionsOf(r).find((x) => x.by === 'sentinel' && x.at >= crash.at
    && sentinelEntries(r, 'switch-master').some((e) => e.about === x.node && e.at >= x.at));
  if (!p) return null; // no completed failover: nothing to compare
  const lostIds = new Set(r.outcome.lost.map((l) => l.id));
  for (const w of r.state.writes) {
    if (w.result !== 'acked' || w.appliedBy !== 'M' || w.appliedAt > crash.at) continue;
    const off = r.writeOffset.get(w.id)!;
    const expectLost = off > p.offset;
    if (expectLost !== lostIds.has(w.id)) {
      return at(r, p.at, `${w.id} (offset ${off}, acked by M at ${w.repliedAt}) is ${lostIds.has(w.id) ? 'lost' : 'kept'} but ${p.node} was promoted at offset ${p.offset}`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'sentinel-failover-loss-is-the-replication-window',
  claim: 'After kill -9 of a master with AOF on and a Sentinel failover, of the writes the master acknowledged before the crash the lost ones are exactly those with a replication offset above the promoted replica\'s offset when SLAVEOF NO ONE ran (the replication window at the crash); the others all survive.',
  expectation: 'always',
  scope: 'sentinel, AOF everysec or always, 1–3 replicas, 3 or 5 Sentinels, any quorum, dam 1–5 s; one master kill -9 (replication links maybe slowed by 20–400 ms, or M and the clients cut off from the rest for under dam, first), restarted after the failover',
  source: 'sentinel.md §4 H1, 2.10, 2.15b, 2.16 (sentinel.c sentinelFailoverSendSlaveOfNoOne; replication.c replicationUnsetMaster, replicationSetMaster; P §3.2)',
  arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'], lag: true, cut: true, space: { persistence: ['aof-everysec', 'aof-always'] } })),
  watch: watchPromotions,
  check: (r) => crashed(r) ?? sentinelLossIsTheWindow(r),
};
