// kill -9 or a power loss ends the process: until it restarts it reads no socket and writes no file.
// So from its crash to its restart a node's dataset, its replication offset and what it had written
// (the AOF up to its last write(), its dump.rdb, its nodes.conf) stay as they were; only durability
// may still change (the kernel flushes a killed process's page cache; a power loss drops it).
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted, noteFirstChange } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';
import type { Node } from '../model/kernel/state.ts';

/** What a running process alone changes. */
function footprint(n: Node): string {
  const d = n.disk;
  return JSON.stringify([n.data.hist, n.data.pos, n.masterReplOffset, n.repl.reploff, d.aofWritten, d.rdb?.data ?? null, d.rdb?.offset ?? null, d.nodesConf?.currentEpoch ?? null, d.nodesConf?.configEpoch ?? null]);
}

/** The first change to a down node, noted in scratch.bad. */
export const watchTheDead: Watch = (s, _a, t, scratch) => noteFirstChange(s, t, scratch, 'bad', 'down', (n) => n.proc === 'down', footprint);

export const property: Property = {
  name: 'a-dead-process-changes-nothing',
  claim: 'From its crash (kill -9 or power loss) to its restart, a node\'s dataset, replication offset and written files (AOF, dump.rdb, nodes.conf) do not change: messages in flight to it are lost.',
  expectation: 'always',
  scope: 'cluster (replicas killed under writes, on fast or 20–150 ms links; masters and replicas killed together; mixed faults) and sentinel (the master killed, replication links maybe slowed)',
  source: 'design.md §3 (a crashed process is gone until it restarts); networking.c (reads happen only in the running event loop)',
  // Slow links too (20–150 ms): more of the stream is in flight when a replica dies.
  arbitrary: fc.oneof(traces(families.replicaCrash()), traces(families.replicaCrash({ space: { latency: [20, 80, 150] } })), traces(families.masterAndReplica()), traces(families.mixed()), standaloneTraces(sentinelFamilies.masterCrash({ lag: true }))),
  watch: watchTheDead,
  check: (r) => crashed(r) ?? noted(r),
};
