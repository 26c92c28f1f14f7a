// In 7.0 PUBLISH is propagated to replicas (publishCommand, forceCommandPropagation), which publish
// it to their own subscribers. So a Sentinel cut off from a replica is still heard there: the hello it
// publishes on the master every two seconds reaches the replica's subscribers through the
// replication stream, while the copy it sends the replica directly is stuck on the cut link.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { traceEventsOf } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import type { ActionOf } from '../model/kernel/actions.ts';

/** sentinel.c SENTINEL_PUBLISH_PERIOD, plus a timer tick, the replication hop and jitter. */
const HEARD_WITHIN_MS = 2000 + 500;

interface Heard { at: number; from: string; to: string; sender: string }

/** Notes every hello a data node delivers to a subscribed Sentinel (scratch.heard). */
export const watchHellos: Watch = (_s, a, t, scratch) => {
  if (a.type !== 'SentinelDelivered') return;
  const m = (a as ActionOf<'SentinelDelivered'>).msg;
  if (m.body.type !== 'hello-message') return;
  ((scratch.heard ??= []) as Heard[]).push({ at: t, from: m.from, to: m.to, sender: m.body.hello.sentinel });
};

export function heardThroughReplicas(r: RunResult): string | null {
  const heard = (r.scratch.heard ?? []) as Heard[];
  const delays = traceEventsOf(r, 'delay');
  const sentinels = Object.keys(r.state.sentinels);
  for (const c of delays) {
    const [replica, x] = [c.from!, c.to!];
    if (!r.state.sentinels[x] || r.state.nodes[replica] === undefined || !(c.ms! >= 10_000)) continue;
    const lifted = delays.find((d) => d.at > c.at && ((d.from === replica && d.to === x) || (d.from === x && d.to === replica)))?.at ?? Infinity;
    const cutOff = (y: string) => delays.some((d) => d.at === c.at && d.from === replica && d.to === y && d.ms! >= 10_000);
    const by = c.at + HEARD_WITHIN_MS;
    if (lifted <= by) continue;
    for (const y of sentinels) {
      if (y === x || cutOff(y)) continue;
      const ok = heard.some((h) => h.from === replica && h.to === y && h.sender === x && h.at > c.at && h.at <= by);
      if (!ok) return at(r, by, `${y} has not heard ${x} on ${replica} by ${by}, though ${x}, cut from ${replica} at ${c.at}, publishes its hellos on the master`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'a-sentinel-cut-from-a-replica-is-still-heard-on-it',
  claim: 'While a Sentinel is cut off from a replica, every other Sentinel subscribed to that replica hears its hello there within 2.5 s, through the master\'s replication stream.',
  expectation: 'always',
  scope: 'sentinel: one to all but one of the Sentinels lose their links to one replica (both ways) for 6 s or more; master, other links and replication healthy',
  source: 'pubsub.c publishCommand (forceCommandPropagation to replicas, 7.0); sentinel.c sentinelSendHello (every SENTINEL_PUBLISH_PERIOD to the master and each replica)',
  arbitrary: standaloneTraces(sentinelFamilies.sentinelCutFromReplica()),
  watch: watchHellos,
  check: (r) => crashed(r) ?? heardThroughReplicas(r),
};
