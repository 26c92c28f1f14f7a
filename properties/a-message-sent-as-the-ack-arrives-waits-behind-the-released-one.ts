// Nagle on the connecting side of a bus link (no TCP_NODELAY in 7.0): when the ACK a held message
// waited for arrives, that message leaves and is itself unacknowledged, so a message written in the
// same millisecond is held until the next ACK — it cannot overtake or join a segment already sent.
// Random schedules almost never write at that millisecond, so each held message's release is probed
// there on a copy of the state: a FAIL sent on that link at the ACK's instant must wait for an ACK.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { sendBus } from '../model/kernel/net.ts';
import type { BusMsg } from '../model/cluster/messages.ts';
import { NAGLE_NONE, type State } from '../model/kernel/state.ts';

const MARK = '__nagle-probe__';

interface Probe { at: number; link: number; from: string; to: string; ackAt: number; arrives: number; earliest: number }

/** When a FAIL sent on `like`'s link at `when` arrives, on a copy of the state. */
const arrivalAt = (s: State, like: BusMsg, when: number) =>
  probe(s, (d) => {
    d.now = when;
    sendBus(d, { ...like, body: { type: 'fail', about: MARK } } as BusMsg, d.nodes[like.from].cluster.peers[like.to]);
    const it = d.agenda.find((x) => x.action.type === 'BusDelivered' && x.action.msg.body.type === 'fail' && x.action.msg.body.about === MARK);
    return it?.at ?? Number.POSITIVE_INFINITY;
  });

/** Each link with a message held by Nagle is probed once per ACK it waits for. */
export const watchNagleRelease: Watch = (s, _a, t, scratch) => {
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  for (const n of Object.values(s.nodes)) {
    if (!n.cluster) continue;
    for (const c of Object.values(n.cluster.peers)) {
      if (c.nagleHeldAckAt === NAGLE_NONE || c.nagleAckAt <= t) continue;
      const key = `${c.nagleLink}@${c.nagleAckAt}`;
      if (done.has(key)) continue;
      done.add(key);
      probeRelease(s, t, c.nagleLink, c.nagleAckAt, scratch);
    }
  }
};

/** Probes the held link's release at `ackAt`, like a message on that link still in flight. */
function probeRelease(s: State, t: number, link: number, ackAt: number, scratch: Record<string, unknown>): void {
  const like = s.agenda.find((x) => x.action.type === 'BusDelivered' && x.action.msg.linkGen === link && x.action.msg.linkOwner === x.action.msg.from)?.action as { msg: BusMsg } | undefined;
  if (!like) return;
  const m = like.msg;
  // Sent at once it would arrive one hop (plus any link delay) after the ACK; held, at least a hop after the released message's own ACK.
  const hop = s.config.latency;
  ((scratch.probes ??= []) as Probe[]).push({ at: t, link, from: m.from, to: m.to, ackAt, arrives: arrivalAt(s, m, ackAt), earliest: ackAt + 3 * hop });
}

/** `atOnce`: the claim misread for the breaker (the message leaves at once with the ACK). */
export function writtenAtTheAckWaits(r: RunResult, atOnce = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    const waited = p.arrives >= p.earliest;
    if (waited !== atOnce) continue;
    return at(r, p.at, `a FAIL written on ${p.from}'s link to ${p.to} (link ${p.link}) at ${p.ackAt}, the instant its held message's ACK arrives, arrives at ${p.arrives}: ${waited ? 'held' : 'not held'} behind the message that ACK released`);
  }
  return null;
}

export const property: Property = {
  name: 'a-message-sent-as-the-ack-arrives-waits-behind-the-released-one',
  claim: 'On the connecting side of a bus link, a message written at the very millisecond an ACK releases a held one is held in turn until the next ACK.',
  expectation: 'always',
  scope: 'cluster, delayed ACKs on: master crashes and default manual failovers (bursts of FAIL, votes and PONG broadcasts); every Nagle release probed at its instant',
  source: 'cluster.c clusterCron (connConnect without TCP_NODELAY on the connecting side); Linux tcp_nagle_check',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.manualFailover('default'))),
  check: (r) => crashed(r) ?? writtenAtTheAckWaits(r),
  watch: watchNagleRelease,
};
