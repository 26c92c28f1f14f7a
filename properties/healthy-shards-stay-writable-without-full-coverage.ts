// protocol.md §2.6: with cluster-require-full-coverage no, an uncovered slot range does not take the
// cluster down; as long as a majority of masters is reachable, every shard whose master did not
// fail keeps serving writes, through the other shard's failure, its failover and its return.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { shardOfSlot } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** Every write to a shard none of whose nodes had a fault event was acknowledged. */
export function healthyShardsWritable(r: RunResult): string | null {
  const faulted = new Set(r.trace.events.flatMap((e) => ('node' in e && e.type !== 'write' && e.type !== 'writes' ? [e.node![0]] : [])));
  const w = r.state.writes.find((x) => x.result !== 'acked' && !faulted.has(shardOfSlot(r, x.slot)) && x.sentAt < r.trace.until - 1000);
  if (!w) return null;
  return at(r, w.sentAt, `${w.id} to the healthy shard ${shardOfSlot(r, w.slot)} (slot ${w.slot}) was ${w.result}${w.error ? ` (${w.error})` : ''} while ${[...faulted].join(', ')} failed`);
}

/** One shard down (its master, or its master and replicas) among 3–5 masters, without full coverage. */
const space = { fullCoverage: [false], masters: [3, 4, 5] };

export const property: Property = {
  name: 'healthy-shards-stay-writable-without-full-coverage',
  claim: 'With cluster-require-full-coverage no, when one shard fails (its master, or its master and all its replicas), every write sent to another shard is acknowledged, throughout the failure, the failover and the return.',
  expectation: 'always',
  scope: 'full coverage no, 3–5 masters, any persistence; one master crash (kill -9 or power loss), or a master and its replicas crash; no partition',
  source: 'protocol.md §2.6 (cluster.c clusterUpdateState: slots of a FAIL master make cluster_state fail only with require-full-coverage yes)',
  arbitrary: fc.oneof(traces(families.masterCrash({ space })), traces(families.masterCrash({ space, power: true })), traces(families.masterAndReplica({ space }))),
  check: (r) => crashed(r) ?? healthyShardsWritable(r),
};
