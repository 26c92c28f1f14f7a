// A Sentinel is one process too: SIGSTOP stops its timer and its reading of sockets, so from the
// pause to the resume it starts nothing, votes for no one and answers no command (SENTINEL FAILOVER
// included): what reaches it waits in its sockets and is handled after SIGCONT.
import fc from 'fast-check';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { isSentinelName } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `upTo`: ms after the resume still counted as paused (the claim: 0; the breaker stretches it). */
export function pausedSentinelsSilent(r: RunResult, upTo = 0): string | null {
  const tl = r.state.timeline;
  for (const p of r.trace.events.filter((e) => e.type === 'pause' && isSentinelName((e as { node: string }).node))) {
    const node = (p as { node: string }).node;
    const resume = r.trace.events.find((e) => e.type === 'resume' && (e as { node: string }).node === node && e.at >= p.at)?.at ?? Infinity;
    const acted = tl.find((e) => e.node === node && e.at > p.at && e.at < resume + upTo && e.event !== 'pause' && e.event !== 'resume');
    if (acted) return at(r, acted.at, `${node}, paused from ${p.at} to ${resume}, recorded ${acted.event}${acted.about ? ` (${acted.about})` : ''} at ${acted.at}`);
  }
  return null;
}

export const property: Property = {
  name: 'a-paused-sentinel-acts-on-nothing',
  claim: 'From SIGSTOP to SIGCONT a Sentinel does nothing: no state change, no vote, no failover, and a SENTINEL FAILOVER sent to it waits until it resumes.',
  expectation: 'always',
  scope: 'sentinel: a Sentinel paused and sent SENTINEL FAILOVER while it sleeps; the master and a Sentinel paused together',
  source: 'design.md §3 (a paused process runs nothing until it resumes); sentinel.c (sentinelTimer and the command handlers run in the event loop)',
  arbitrary: fc.oneof(standaloneTraces(sentinelFamilies.pausedSentinelFailover()), standaloneTraces(sentinelFamilies.pauseMasterAndSentinel())),
  check: (r) => crashed(r) ?? pausedSentinelsSilent(r),
};
