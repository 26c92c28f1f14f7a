// protocol.md §5.14 (hazard): WAIT 1 returning 1 does not make a write durable.
import { families, traces, trimmable } from './generators.ts';
import { at, type Property, type RunResult } from './property.ts';

export function waitAckedLost(r: RunResult): string | null {
  if (r.error || r.outcome.writes.waitAckedLost === 0) return null;
  const ids = new Set(r.outcome.lost.map((l) => l.id));
  const w = r.state.writes.find((x) => x.wait && (x.wait.acked ?? 0) >= x.wait.replicas && ids.has(x.id))!;
  return at(r, w.repliedAt, `${w.id} was acked with WAIT ${w.wait!.replicas} → ${w.wait!.acked} by ${w.appliedBy}, and is lost`);
}

export const property: Property = {
  name: 'wait-is-not-durability',
  claim: 'A write whose WAIT 1 returned 1 can still be lost.',
  expectation: 'sometimes',
  scope: 'any persistence; WAIT 1 writes, then the master and its replicas crash (replicas by power loss) and restart',
  source: 'protocol.md §5.14, §2.18 (replication.c waitCommand, processClientsWaitingReplicas)',
  arbitrary: trimmable(traces(families.waitAndCrash({ space: { persistence: ['none', 'aof-everysec'] } }))),
  check: waitAckedLost,
  needs: ['wait-acked'],
};
