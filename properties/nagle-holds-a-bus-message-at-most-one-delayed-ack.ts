// The connecting side of a bus link has no TCP_NODELAY in 7.0: while data it sent is unacknowledged,
// Nagle holds what it sends next until the ACK comes, and then everything held leaves together. The
// peer delays that ACK by at most its delayed-ACK timer (40 ms), so no bus message waits longer than
// one delayed ACK: it arrives within delayedAck plus two hops of being sent.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type RunResult, type Watch } from './property.ts';

/** Notes a bus message scheduled to arrive later than the bound (scratch.bad) and the longest wait seen (scratch.longest). */
export const watchBusWaits: Watch = (s, _a, t, scratch) => {
  if (scratch.bad) return;
  const last = (scratch.lastSeq as number | undefined) ?? 0;
  if (s.seq === last) return;
  scratch.lastSeq = s.seq;
  const bound = s.config.delayedAck + 2 * s.config.latency + 2;
  for (const it of s.agenda) {
    if (it.seq < last || it.action.type !== 'BusDelivered') continue;
    const wait = it.at - t;
    if (wait > ((scratch.longest as number | undefined) ?? 0)) scratch.longest = wait;
    const m = it.action.msg;
    if (wait > bound) { scratch.bad = { at: t, msg: `a ${m.body.type} from ${m.from} to ${m.to} sent at ${t} arrives at ${it.at}: ${wait} ms, over one delayed ACK (${bound} ms)` } as Noted; return; }
  }
};

/** Links or disks slowed by the trace make messages wait for other reasons: outside the claim. */
const slowed = (r: RunResult) => r.trace.events.some((e) => e.type === 'delay' || e.type === 'disk');

export const property: Property = {
  name: 'nagle-holds-a-bus-message-at-most-one-delayed-ack',
  claim: 'No cluster bus message waits more than one delayed ACK to leave: each arrives within delayedAck plus two latencies of being sent.',
  expectation: 'always',
  scope: 'cluster, links and disks at their normal speed: master crashes and default manual failovers (bursts of FAIL, votes and PONG broadcasts)',
  source: 'cluster.c clusterCron (connConnect without TCP_NODELAY on the connecting side); Linux tcp_nagle_check, delayed ACK (TCP_DELACK_MAX 40 ms on loopback)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.manualFailover('default'))),
  watch: watchBusWaits,
  check: (r) => crashed(r) ?? (slowed(r) ? null : noted(r)),
};
