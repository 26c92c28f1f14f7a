// sentinelCheckSubjectivelyDown: a Sentinel flags another SDOWN when it has had no valid PING reply
// from it for down-after-milliseconds. Sentinels link to each other through their command
// connections (sentinelReconnectInstance: a peer Sentinel needs no pub/sub connection) and accept
// any peer's connection as a client; so with the network whole, a Sentinel back for 2 s answers its
// peers' PINGs, and one that has run for down-after + 2 s has had every peer's answer by then.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** Since when `node` has been running at `t` (its last restart, or 0), or null when it is down at `t`. */
function upSince(r: RunResult, node: string, t: number): number | null {
  let since: number | null = 0;
  for (const e of [...traceEvents(r, 'crash'), ...traceEvents(r, 'restart')].filter((x) => x.node === node && x.at <= t).sort((a, b) => a.at - b.at)) {
    since = e.type === 'restart' ? e.at : null;
  }
  return since;
}

/**
 * No SDOWN of a Sentinel running for `margin` ms (its peers reconnect and get a PING answered within
 * that), seen by one running for down-after + `margin` ms (a fresh link is judged after down-after).
 */
export function noFalseSentinelSdown(r: RunResult, margin = 2000): string | null {
  const dam = r.trace.config.downAfterMilliseconds;
  const sentinels = new Set(Object.keys(r.state.sentinels));
  for (const e of r.state.timeline) {
    if (e.event !== 'sdown' || !sentinels.has(e.node) || !e.about || !sentinels.has(e.about)) continue;
    const seen = upSince(r, e.about, e.at);
    const seer = upSince(r, e.node, e.at);
    if (seen === null || seer === null || e.at - seen <= margin || e.at - seer <= dam + margin) continue;
    return at(r, e.at, `${e.node} (running since ${seer}) flagged ${e.about} (running since ${seen}) SDOWN at ${e.at} (down-after ${dam} ms)`);
  }
  return null;
}

export const property: Property = {
  name: 'sentinels-see-each-other-after-a-restart',
  claim: 'With the network whole, a Sentinel running for down-after-milliseconds + 2 s flags no Sentinel SDOWN that has been running for 2 s: Sentinels that restarted get their links to each other back.',
  expectation: 'always',
  scope: 'sentinel, 3 or 5 Sentinels, any quorum; one or two Sentinels killed and restarted from their sentinel.conf, at any point of a master failover or alone',
  source: 'sentinel.md 2.2, 2.4 (sentinel.c sentinelReconnectInstance, sentinelCheckSubjectivelyDown; a Sentinel accepts peers as clients)',
  arbitrary: standaloneTraces(sentinelFamilies.sentinelCrash()),
  check: (r) => crashed(r) ?? noFalseSentinelSdown(r),
};
