// sentinelCheckSubjectivelyDown: a Sentinel flags another SDOWN when it has had no valid PING reply
// from it for down-after-milliseconds. Sentinels link to each other through their command
// connections (sentinelReconnectInstance: a peer Sentinel needs no pub/sub connection) and accept
// any peer's connection as a client; so with the network whole, a Sentinel that was up — and whose
// observer was up — for the whole last down-after + 2 s is never flagged SDOWN, whether either of
// them restarted before (a restarted Sentinel gets its links back at its first timer ticks).
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** The instants at which `node` went down or came back (crash, restart), in trace order. */
function upDown(r: RunResult, node: string): Array<{ at: number; up: boolean }> {
  return [...traceEvents(r, 'crash'), ...traceEvents(r, 'restart')].filter((e) => e.node === node).map((e) => ({ at: e.at, up: e.type === 'restart' })).sort((a, b) => a.at - b.at);
}

/** Up for the whole of [from, to]. */
function upThroughout(r: RunResult, node: string, from: number, to: number): boolean {
  let up = true;
  for (const e of upDown(r, node)) {
    if (e.at > to) break;
    if (e.at >= from && !e.up) return false;
    up = e.up;
  }
  return up;
}

/** No SDOWN of a Sentinel that was up, seen by one that was up, for the last down-after + 2 s (`margin`). */
export function noFalseSentinelSdown(r: RunResult, margin = 2000): string | null {
  const dam = r.trace.config.downAfterMilliseconds;
  const sentinels = new Set(Object.keys(r.state.sentinels));
  for (const e of r.state.timeline) {
    if (e.event !== 'sdown' || !sentinels.has(e.node) || !e.about || !sentinels.has(e.about)) continue;
    const from = e.at - dam - margin;
    if (from < 0) continue;
    if (upThroughout(r, e.about, from, e.at) && upThroughout(r, e.node, from, e.at)) {
      return at(r, e.at, `${e.node} flagged ${e.about} SDOWN at ${e.at}, though both had been running since ${from} at least (down-after ${dam} ms)`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'sentinels-see-each-other-after-a-restart',
  claim: 'With the network whole, a Sentinel flags another SDOWN only if one of the two was down within the last down-after-milliseconds + 2 s: Sentinels that restarted get their links to each other back.',
  expectation: 'always',
  scope: 'sentinel, 3 or 5 Sentinels, any quorum; one or two Sentinels killed and restarted from their sentinel.conf, at any point of a master failover or alone',
  source: 'sentinel.md 2.2, 2.4 (sentinel.c sentinelReconnectInstance, sentinelCheckSubjectivelyDown; a Sentinel accepts peers as clients)',
  arbitrary: standaloneTraces(sentinelFamilies.sentinelCrash()),
  check: (r) => crashed(r) ?? noFalseSentinelSdown(r),
};
