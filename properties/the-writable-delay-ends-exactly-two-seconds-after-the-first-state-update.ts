// clusterUpdateState: a master whose state is fail keeps it while `mstime() - first_call_time <
// CLUSTER_WRITABLE_DELAY`, so at exactly 2000 ms after its first call the delay is over and the state
// is decided by the cluster as it sees it. Random schedules almost never run the update at that
// millisecond, so each restarted master is probed there on a copy of the state: the update at +2000
// must decide what it decides with the delay long past, and the update at +1999 must keep fail.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { CLUSTER_WRITABLE_DELAY } from '../model/kernel/config.ts';
import { updateState } from '../model/cluster/clusterState.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; node: string; first: number; before: string; atDelay: string; delayPast: string }

/** n's cluster_state after one clusterUpdateState at `when`, its first call at `first`, on a copy of the state. */
const stateAt = (s: State, n: string, when: number, first: number) =>
  probe(s, (d) => { d.now = when; d.nodes[n].cluster.firstCallTime = first; updateState(d, d.nodes[n]); return d.nodes[n].cluster.state; });

/** Each master held fail inside its writable delay is probed once per first call. */
export const watchWritableDelay: Watch = (s, a, t, scratch) => {
  if (a.type !== 'ServerCron') return;
  const n = s.nodes[(a as unknown as { node: string }).node];
  const v = n.cluster;
  if (n.proc !== 'up' || n.role !== 'master' || v.state !== 'fail' || v.firstCallTime === 0 || t - v.firstCallTime >= CLUSTER_WRITABLE_DELAY) return;
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  const key = `${n.name}@${v.firstCallTime}`;
  if (done.has(key)) return;
  done.add(key);
  const end = v.firstCallTime + CLUSTER_WRITABLE_DELAY;
  ((scratch.probes ??= []) as Probe[]).push({
    at: t, node: n.name, first: v.firstCallTime,
    before: stateAt(s, n.name, end - 1, v.firstCallTime),
    atDelay: stateAt(s, n.name, end, v.firstCallTime),
    delayPast: stateAt(s, n.name, end, 1 - CLUSTER_WRITABLE_DELAY),
  });
};

/** `endsLater`: the claim misread for the breaker (the delay still holds at exactly 2000 ms). */
export function writableDelayEndsOnTime(r: RunResult, endsLater = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    if (p.before !== 'fail') return at(r, p.at, `${p.node} (first state update at ${p.first}) turned ${p.before} 1999 ms after it, inside the writable delay`);
    const expected = endsLater ? 'fail' : p.delayPast;
    if (p.atDelay !== expected) return at(r, p.at, `${p.node} (first state update at ${p.first}) decided ${p.atDelay} exactly 2000 ms after it, where the same view decides ${expected}${endsLater ? ' while the delay holds' : ' once the delay is over'}`);
  }
  return null;
}

export const property: Property = {
  name: 'the-writable-delay-ends-exactly-two-seconds-after-the-first-state-update',
  claim: 'A restarted master held in cluster_state fail by the writable delay is still held 1999 ms after its first state update, and at exactly 2000 ms decides as if the delay were long over.',
  expectation: 'always',
  scope: 'cluster: a master restarted soon or late (kill -9 or power loss), and rolling restarts; every restarted master probed at both instants',
  source: 'cluster.c clusterUpdateState (`mstime() - first_call_time < CLUSTER_WRITABLE_DELAY`)',
  arbitrary: fc.oneof(traces(families.restartSoon()), traces(families.restartSoon({ power: true })), traces(families.rollingRestarts())),
  check: (r) => crashed(r) ?? writableDelayEndsOnTime(r),
  watch: watchWritableDelay,
};
