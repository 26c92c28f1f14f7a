// protocol.md §2.5: clearNodeFailureIfNeeded, the other side of the undo time. A node flagged FAIL
// that answers a PING while the receiver sees it as a replica, or as a master that owns no slots
// (an old master whose slots its replica took), is cleared at once: only a master that still serves
// slots is held FAIL for 2·NT. The receiver decides on the role it knew before reading the PONG's
// header (clusterProcessPacket clears the flag first, then applies the role the header announces).
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { numSlots } from '../model/cluster/view.ts';

interface Seen { replica: boolean; slotless: boolean }
interface Kept { at: number; msg: string; withSlots: boolean }
interface Scratch { seen?: number; failing?: Map<string, Seen>; kept?: Kept[] }

type Delivered = { msg: { from: string; to: string; linkOwner: string; linkGen: number; body: { type: string } } };

/** Each FAIL flag a node holds, with the flagged peer's role and slots as it saw them after the last step. */
const watch: Watch = (s, a, t, raw) => {
  const scratch = raw as Scratch;
  const failing = (scratch.failing ??= new Map());
  // A PONG on the receiver's own, current link from a peer it held FAIL, and the flag kept.
  if (a.type === 'BusDelivered') {
    const m = (a as unknown as Delivered).msg;
    const n = s.nodes[m.to];
    const p = n.cluster.peers[m.from];
    const before = failing.get(`${m.to}>${m.from}`);
    if (m.body.type === 'pong' && m.linkOwner === m.to && p?.link === m.linkGen && n.proc === 'up' && p.fail && before) {
      const withSlots = !before.replica && !before.slotless;
      (scratch.kept ??= []).push({ at: t, withSlots, msg: `${m.to} got a PONG from ${m.from}, which it held FAIL as ${before.replica ? 'a replica' : withSlots ? 'a master with slots' : 'a master without slots'}, and kept it FAIL` });
    }
  }
  for (let i = scratch.seen ?? 0; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    if (e.event === 'fail') failing.set(`${e.node}>${e.about}`, { replica: false, slotless: false });
    if (e.event === 'fail-cleared') failing.delete(`${e.node}>${e.about}`);
  }
  scratch.seen = s.timeline.length;
  // A restart reloads FAIL flags from nodes.conf.
  if (a.type === 'ProcessRestarted') {
    const node = (a as unknown as { node: string }).node;
    for (const [x, p] of Object.entries(s.nodes[node].cluster.peers)) if (p.fail) failing.set(`${node}>${x}`, { replica: false, slotless: false });
  }
  for (const [key, seen] of failing) {
    const [from, about] = key.split('>');
    const p = s.nodes[from].cluster.peers[about];
    seen.replica = p.role === 'replica';
    seen.slotless = p.role === 'master' && numSlots(s.nodes[from], about) === 0;
  }
};

/** `everyPeer`: the breaker's lifted restriction (masters that serve slots cleared at once too). */
export function clearedAtOnce(r: RunResult, everyPeer = false): string | null {
  const k = ((r.scratch as Scratch).kept ?? []).find((x) => everyPeer || !x.withSlots);
  return k ? at(r, k.at, k.msg) : null;
}

export const property: Property = {
  name: 'a-failed-node-without-slots-is-cleared-by-its-first-pong',
  claim: 'A node clears the FAIL flag of a peer it sees as a replica, or as a master that owns no slots, at the first PONG it gets from that peer: only a master that still serves slots is held FAIL for 2·NT.',
  expectation: 'always',
  scope: 'all configs; a process paused and resumed, or a master paused until after its replica took over (its slots gone), node timeout 1–3 s',
  source: 'protocol.md §2.5 (cluster.c clearNodeFailureIfNeeded: nodeIsSlave(node) || node->numslots == 0; clusterProcessPacket clears before the role switch)',
  arbitrary: fc.oneof(traces(families.pauseResume()), traces(families.masterPause())),
  watch,
  check: (r) => crashed(r) ?? clearedAtOnce(r),
};
