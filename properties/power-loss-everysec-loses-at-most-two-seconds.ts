// protocol.md §5.11: with everysec a power loss drops the writes after the last completed fsync,
// so every lost acked write was acknowledged at most ~2 s before the power went.
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export const BOUND_MS = 2000;

export function lossWindowWithin(r: RunResult, bound: number): string | null {
  const worst = r.outcome.lost.reduce<(typeof r.outcome.lost)[number] | null>((m, l) => (!m || l.windowMs > m.windowMs ? l : m), null);
  if (!worst || worst.windowMs <= bound) return null;
  return at(r, worst.fault?.at ?? worst.ackedAt, `${worst.id} acked ${worst.windowMs} ms before the ${worst.fault?.event} of ${worst.fault?.node} was lost (bound ${bound} ms); ${r.outcome.lost.length} lost`);
}

export const property: Property = {
  name: 'power-loss-everysec-loses-at-most-two-seconds',
  claim: 'With appendfsync everysec, a power loss before failover loses only writes acknowledged within 2 s before it.',
  expectation: 'always',
  scope: 'appendonly yes, appendfsync everysec; one master power loss, restart before node timeout',
  source: 'protocol.md §5.11, §3.2 (aof.c flushAppendOnlyFile, bioProcessBackgroundJobs fsync)',
  arbitrary: traces(families.restartSoon({ power: true, space: { persistence: ['aof-everysec'] } })),
  check: (r) => crashed(r) ?? lossWindowWithin(r, BOUND_MS),
  needs: ['power-loss'],
};
