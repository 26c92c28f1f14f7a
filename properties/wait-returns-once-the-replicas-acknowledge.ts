// WAIT numreplicas timeout (replication.c waitCommand): the master sends REPLCONF GETACK to its
// replicas in the same event-loop pass, and each answers at once with REPLCONF ACK <offset>
// (replconfCommand), so a WAIT that enough online replicas can satisfy returns within round trips,
// not at the replicas' once-a-second ACK or at its timeout — unless a fault intervenes.
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';

/** At the step that executes each WAIT write: how many replicas its master had online. */
export const watchWaits: Watch = (s, _a, t, scratch) => {
  const online = (scratch.online ??= {}) as Record<string, number>;
  const from = (scratch.from as number | undefined) ?? 0;
  let lo = from;
  for (let i = from; i < s.writes.length; i++) {
    const w = s.writes[i];
    if (i === lo && (w.appliedBy !== null || w.result !== 'pending')) lo++;
    if (!w.wait || w.appliedBy === null || w.appliedAt !== t || w.id in online) continue;
    online[w.id] = Object.values(s.nodes[w.appliedBy].ms.replicas).filter((c) => c.state === 'online').length;
  }
  scratch.from = lo;
};

/**
 * Each WAIT with enough online replicas and no fault from its write to its timeout returned with the
 * replicas it asked for (`more`: with that many more, which WAIT does not wait for).
 */
export function waitsReturnAtOnce(r: RunResult, more = 0): string | null {
  const online = (r.scratch.online ?? {}) as Record<string, number>;
  const faults = r.trace.events.filter((e) => e.type !== 'writes' && e.type !== 'write').map((e) => e.at);
  for (const w of r.state.writes) {
    if (!w.wait || w.appliedBy === null || !(w.id in online)) continue;
    const want = w.wait.replicas + more;
    if (online[w.id] < want) continue;
    const { timeout, acked, replicas } = w.wait;
    if (faults.some((f) => f >= w.sentAt - 100 && f <= w.appliedAt + timeout)) continue;
    if ((acked ?? 0) < want) {
      return at(r, w.appliedAt + timeout, `WAIT ${replicas} ${timeout} after ${w.id} on ${w.appliedBy} (${online[w.id]} replicas online, no fault) returned ${acked ?? 'nothing'}`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'wait-returns-once-the-replicas-acknowledge',
  claim: 'A WAIT for k replicas, issued while its master has at least k online replicas and nothing fails until it returns, returns with at least k acknowledgements, not at its timeout with fewer: replicas answer REPLCONF GETACK at once.',
  expectation: 'always',
  scope: 'cluster, any persistence; WAIT 1 500 after writes, then the master and its replicas killed (the WAITs before the crash are the ones judged)',
  source: 'replication.c waitCommand, replicationRequestAckFromSlaves (REPLCONF GETACK in beforeSleep), replconfCommand (GETACK answered with REPLCONF ACK)',
  arbitrary: traces(families.waitAndCrash()),
  watch: watchWaits,
  check: (r) => crashed(r) ?? waitsReturnAtOnce(r),
};
