// protocol.md §5.6 (hazard): during a partition the old master keeps accepting writes while the new
// master is already promoted: at one instant two nodes would accept a write for the same slot.
import type { State } from '../model/kernel/state.ts';
import { admission } from '../model/kernel/clients.ts';
import { initialSlots } from '../model/cluster/slots.ts';
import { families, traces, trimmable } from './generators.ts';
import { at, type Property, type RunResult, type Watch } from './property.ts';

interface Overlap { at: number; slot: number; nodes: string[] }

/** After every step: the running masters whose admission check would accept a write for each shard's first slot. */
export const watchWritable: Watch = (s: State, _a, t, scratch) => {
  if (scratch.overlap) return;
  const slots = (scratch.slots ??= initialSlots(s.config.masters).map((r) => r[0][0])) as number[];
  for (const slot of slots) {
    let first: string | null = null;
    for (const name in s.nodes) {
      const n = s.nodes[name];
      if (n.proc !== 'up' || n.role !== 'master' || admission(n, slot) !== null) continue;
      if (first === null) { first = name; continue; }
      scratch.overlap = { at: t, slot, nodes: [first, name] } satisfies Overlap;
      return;
    }
  }
};

export function twoWritableMasters(r: RunResult): string | null {
  const o = r.scratch.overlap as Overlap | undefined;
  if (r.error || !o) return null;
  const [x, y] = o.nodes;
  const lostBy = (n: string) => r.outcome.lost.filter((l) => l.appliedBy === n).length;
  return at(r, o.at, `${x} and ${y} both accept writes for slot ${o.slot}; acked-but-lost: ${lostBy(x)} by ${x}, ${lostBy(y)} by ${y}`);
}

export const property: Property = {
  name: 'two-writable-masters-can-coexist',
  claim: 'During a partition two nodes can, at the same instant, both accept writes for the same slot.',
  expectation: 'sometimes',
  scope: '3 masters, node timeout 6–15 s, any persistence; one master partitioned into a minority, client on either side',
  source: 'protocol.md §5.6, §2.14 (cluster.c clusterUpdateState: the minority master serves until it sees PFAIL; getNodeByQuery)',
  // The overlap needs 1.5·NT > NT + FAIL + election delay, i.e. node timeouts above ~3 s; the
  // witness is during the partition, so the run stops soon after the heal.
  arbitrary: trimmable(traces(families.minorityPartition({ space: { masters: [3], nodeTimeout: [6000, 15000] }, minNT: 2, maxNT: 3, withReplicas: false, healGap: [0, 100], settle: false }))),
  watch: watchWritable,
  check: twoWritableMasters,
  needs: ['partition-client-minority'],
};
