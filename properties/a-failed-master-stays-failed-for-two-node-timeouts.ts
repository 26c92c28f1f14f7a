// protocol.md §2.5: clearNodeFailureIfNeeded. When a node flagged FAIL answers again, a replica's
// or a slot-less master's FAIL is cleared at once, but a master that still owns slots stays FAIL
// until CLUSTER_FAIL_UNDO_TIME_MULT × NT (2·NT) after the flag was set — long enough for its
// replica's election — and is cleared by the first PONG after that.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { noted, type Noted } from './lib.ts';
import { CLUSTER_FAIL_UNDO_TIME_MULT } from '../model/kernel/config.ts';
import { numSlots } from '../model/cluster/view.ts';
import type { State } from '../model/kernel/state.ts';

interface Clear { at: number; node: string; about: string; withSlots: boolean; age: number; undo: number }

/** When each node flagged each peer FAIL (its own decision, or told), from the timeline. */
const watch: Watch = (s: State, a, t, scratch) => {
  const failAt = (scratch.failAt ??= {}) as Record<string, number>;
  const from = (scratch.seen as number | undefined) ?? 0;
  scratch.seen = s.timeline.length;
  const undo = (n: string) => s.nodes[n].config.nodeTimeout * CLUSTER_FAIL_UNDO_TIME_MULT;
  for (let i = from; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    const key = `${e.node}>${e.about}`;
    if (e.event === 'fail') failAt[key] = t;
    if (e.event !== 'fail-cleared') continue;
    const n = s.nodes[e.node];
    // Still a master with slots after the step (the header that may demote it is read after the PONG).
    const withSlots = n.cluster.peers[e.about!].role === 'master' && numSlots(n, e.about!) > 0;
    ((scratch.clears ??= []) as Clear[]).push({ at: t, node: e.node, about: e.about!, withSlots, age: t - failAt[key], undo: undo(e.node) });
  }
  // A restart reloads FAIL flags from nodes.conf with fail_time = now.
  if (a.type === 'ProcessRestarted') {
    const node = (a as unknown as { node: string }).node;
    for (const [x, p] of Object.entries(s.nodes[node].cluster.peers)) if (p.fail) failAt[`${node}>${x}`] = t;
  }
  // A PONG on my own link (the current one: a reply on a link I have since freed meets a closed
  // socket) from a node I hold FAIL for longer than the undo time clears it.
  if (a.type === 'BusDelivered' && !scratch.bad) {
    const m = (a as unknown as { msg: { from: string; to: string; linkOwner: string; linkGen: number; body: { type: string } } }).msg;
    const p = s.nodes[m.to].cluster.peers[m.from];
    if (m.body.type === 'pong' && m.linkOwner === m.to && p.link === m.linkGen && s.nodes[m.to].proc === 'up' && p.fail && t - failAt[`${m.to}>${m.from}`] > undo(m.to)) {
      scratch.bad = { at: t, msg: `${m.to} got a PONG from ${m.from}, FAIL since ${t - failAt[`${m.to}>${m.from}`]} ms (undo time ${undo(m.to)} ms), and kept it FAIL` } as Noted;
    }
  }
};

/** `everyPeer`: the breaker's lifted restriction (replicas' and slot-less masters' FAIL held 2·NT too). */
export function failClearsByTheRule(r: RunResult, everyPeer = false): string | null {
  const early = ((r.scratch.clears ?? []) as Clear[]).find((c) => (c.withSlots || everyPeer) && c.age <= c.undo);
  if (early) return at(r, early.at, `${early.node} cleared FAIL of ${early.about}${early.withSlots ? ', a master with slots,' : ''} ${early.age} ms after flagging it (undo time ${early.undo} ms)`);
  return noted(r);
}

export const property: Property = {
  name: 'a-failed-master-stays-failed-for-two-node-timeouts',
  claim: 'A node clears the FAIL flag of a master that still owns slots no earlier than 2·NT after setting it, and clears it at the first PONG from that master after 2·NT.',
  expectation: 'always',
  scope: 'all configs; a master killed and restarted soon or late, a master and its replicas killed (no failover: it stays FAIL with its slots), or a process paused and resumed',
  source: 'protocol.md §2.5 (cluster.c clearNodeFailureIfNeeded: CLUSTER_FAIL_UNDO_TIME_MULT × node timeout)',
  arbitrary: fc.oneof(traces(families.restartSoon()), traces(families.masterCrash()), traces(families.masterAndReplica()), traces(families.pauseResume())),
  check: (r) => crashed(r) ?? failClearsByTheRule(r),
  watch,
};
