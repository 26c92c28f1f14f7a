// clusterUpdateState: a master about to turn ok stays fail while `mstime() - among_minority_time <
// rejoin_delay` (node timeout, clamped to 500–5000 ms), so the delay is over at exactly that many
// milliseconds after it last saw itself in the minority. Random schedules almost never run the
// update at that millisecond, so each master held fail after a minority is probed there on a copy
// of the state: the update at the end of the delay must decide what it decides with the delay long
// past, and the update a millisecond before must keep fail.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe } from './lib.ts';
import { rejoinDelay } from './a-master-back-from-a-minority-waits-before-writes.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { CLUSTER_WRITABLE_DELAY } from '../model/kernel/config.ts';
import { updateState } from '../model/cluster/clusterState.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; node: string; minority: number; delay: number; before: string; atEnd: string; delayPast: string }

/** n's cluster_state after one clusterUpdateState at `when` (writable delay over), last in the minority at `minority`. */
const stateAt = (s: State, n: string, when: number, minority: number) =>
  probe(s, (d) => {
    const v = d.nodes[n].cluster;
    d.now = when;
    v.firstCallTime = 1 - CLUSTER_WRITABLE_DELAY;
    v.amongMinorityTime = minority;
    updateState(d, d.nodes[n]);
    return v.state;
  });

/** Each master held fail within its rejoin delay is probed once per among_minority_time. */
export const watchRejoinDelay: Watch = (s, a, t, scratch) => {
  if (a.type !== 'ServerCron') return;
  const n = s.nodes[(a as unknown as { node: string }).node];
  const v = n.cluster;
  const delay = rejoinDelay(n.config.nodeTimeout);
  if (n.proc !== 'up' || n.role !== 'master' || v.state !== 'fail' || v.amongMinorityTime === 0 || t - v.amongMinorityTime >= delay) return;
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  const key = `${n.name}@${v.amongMinorityTime}`;
  if (done.has(key)) return;
  done.add(key);
  const end = v.amongMinorityTime + delay;
  ((scratch.probes ??= []) as Probe[]).push({
    at: t, node: n.name, minority: v.amongMinorityTime, delay,
    before: stateAt(s, n.name, end - 1, v.amongMinorityTime),
    atEnd: stateAt(s, n.name, end, v.amongMinorityTime),
    delayPast: stateAt(s, n.name, end, v.amongMinorityTime - delay),
  });
};

/** `endsLater`: the claim misread for the breaker (the delay still holds at its last millisecond). */
export function rejoinDelayEndsOnTime(r: RunResult, endsLater = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    // A view that is still in the minority refreshes among_minority_time and stays fail at any time: nothing to tell.
    if (p.delayPast !== 'ok') continue;
    if (p.before !== 'fail') return at(r, p.at, `${p.node} (in the minority until ${p.minority}) turned ${p.before} ${p.delay - 1} ms after, inside the rejoin delay of ${p.delay} ms`);
    const expected = endsLater ? 'fail' : 'ok';
    if (p.atEnd !== expected) return at(r, p.at, `${p.node} (in the minority until ${p.minority}) decided ${p.atEnd} exactly ${p.delay} ms after, where its view decides ok once the rejoin delay is over`);
  }
  return null;
}

export const property: Property = {
  name: 'the-rejoin-delay-ends-exactly-on-time',
  claim: 'A master back from a minority is still held in cluster_state fail one millisecond before the rejoin delay (node timeout, 500–5000 ms) after it last saw the minority, and turns ok at exactly that delay when it sees a majority.',
  expectation: 'always',
  scope: 'cluster: a minority partition, with the client on either side, node timeouts inside and outside the clamp',
  source: 'cluster.c clusterUpdateState (`mstime() - among_minority_time < rejoin_delay`, CLUSTER_MIN_REJOIN_DELAY, CLUSTER_MAX_REJOIN_DELAY)',
  arbitrary: fc.oneof({ arbitrary: traces(families.minorityPartition()), weight: 3 }, { arbitrary: traces(families.minorityPartition({ space: { nodeTimeout: [200, 400] }, withReplicas: true, clientSide: 'majority' })), weight: 1 },
    { arbitrary: traces(families.minorityPartition({ space: { nodeTimeout: [5500, 9000] }, minNT: 1.5, maxNT: 3, withReplicas: true })), weight: 1 }),
  check: (r) => crashed(r) ?? rejoinDelayEndsOnTime(r),
  watch: watchRejoinDelay,
};
