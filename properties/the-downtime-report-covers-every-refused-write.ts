// The outcome's downtime per shard (what reports/ print as "how long was the shard down") is read
// from the writes: a window opens at a refused or unanswered write and closes at the next accepted
// one of the same shard. So every refused or unanswered write lies in a window of its shard, no
// accepted write lies strictly inside one, and the total is the windows' sum.
import fc from 'fast-check';
import { hasSlot } from '../model/cluster/slots.ts';
import { families, traces } from './generators.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `ends`: an acknowledged write at a window's end counts as inside it too (it should not: that write closes it). */
export function downtimeCoversRefusals(r: RunResult, ends = false): string | null {
  const shards = r.outcome.downtime;
  const shardOf = (slot: number) => shards.findIndex((d) => d.slots.length === 0 || hasSlot(d.slots, slot));
  const last = r.state.writes.reduce((m, w) => Math.max(m, w.sentAt), 0);
  for (const w of r.state.writes) {
    const d = shards[shardOf(w.slot)];
    if (!d) return at(r, w.sentAt, `${w.id} (slot ${w.slot}) belongs to no shard of the downtime report`);
    const inside = d.windows.some((x) => w.sentAt >= x.from && (x.to === null || w.sentAt <= x.to));
    if ((w.result === 'refused' || w.result === 'unknown') && !inside) return at(r, w.sentAt, `${w.id}, ${w.result} at ${w.sentAt}, lies in no downtime window of shard ${d.shard}`);
    if (w.result === 'acked' && d.windows.some((x) => w.sentAt > x.from && (x.to === null || w.sentAt < x.to || (ends && w.sentAt === x.to)))) return at(r, w.sentAt, `${w.id}, acked at ${w.sentAt}, lies inside a downtime window of shard ${d.shard}`);
  }
  for (const d of shards) {
    const sum = d.windows.reduce((a, x) => a + ((x.to ?? last) - x.from), 0);
    if (sum !== d.totalMs) return at(r, last, `shard ${d.shard}: downtime ${d.totalMs} ms, its windows sum to ${sum} ms`);
  }
  return null;
}

export const property: Property = {
  name: 'the-downtime-report-covers-every-refused-write',
  claim: 'In the outcome\'s downtime per shard, every refused or unanswered write lies in a window of its shard, no acknowledged write lies inside one, and the total is the windows\' sum.',
  expectation: 'always',
  scope: 'cluster (master crashes, minority partitions) and sentinel (master crashes): the report\'s downtime against the writes it is read from',
  source: 'reports/ (outcome.downtime: first refused write to the first accepted one after it, per shard of the starting layout)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.minorityPartition()), standaloneTraces(sentinelFamilies.masterCrash())),
  check: (r) => crashed(r) ?? downtimeCoversRefusals(r),
};
