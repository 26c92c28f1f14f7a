// clusterProcessPacket runs the reverse slot check (an UPDATE back to a sender that claims slots a
// newer configEpoch owns) only `if (sender && dirty_slots)`: when the slots in the header differ
// from those the receiver gives the sender's master. A replica's header carries its master's slots
// and configEpoch, so one that claims exactly its master's slots gets no UPDATE, however stale the
// configEpoch it carries. Headers with a stale configEpoch are rare in random schedules, so every
// PING or PONG a node takes from a replica is probed on a copy of the state with that epoch at 0
// (its slots as sent, and as the very array of the receiver's view).
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { processSlotClaims } from '../model/cluster/clusterConfig.ts';
import { slotsOf } from '../model/cluster/view.ts';
import type { SlotRanges } from '../model/cluster/slots.ts';
import type { BusMsg } from '../model/cluster/messages.ts';
import type { State } from '../model/kernel/state.ts';

/** The same ranges, compared here rather than with the model's own test (the rule under check). */
const sameRanges = (x: SlotRanges, y: SlotRanges) => x.length === y.length && x.every(([a, b], i) => a === y[i][0] && b === y[i][1]);

interface Probe { at: number; node: string; sender: string; master: string; updates: number }

/**
 * How many UPDATEs n sends when it processes `msg`'s slot claims with configEpoch 0, on a copy of the
 * state: as received, and with the very ranges of n's own view (a header built from a table n shares,
 * which is the same claim: Redis compares bytes, not addresses).
 */
const updatesSent = (s: State, n: string, msg: BusMsg, master: string) =>
  [false, true].reduce((sum, own) => sum + probe(s, (d) => {
    const count = () => d.agenda.filter((x) => x.action.type === 'BusDelivered' && x.action.msg.from === n && x.action.msg.body.type === 'update').length;
    const before = count();
    processSlotClaims(d, d.nodes[n], { ...msg.hdr, configEpoch: 0, ...(own ? { slots: slotsOf(d.nodes[n], master) } : {}) });
    return count() - before;
  }), 0);

/** Each replica's PING or PONG that claims exactly its master's slots (in the receiver's view) is probed, once per pair. */
export const watchReplicaClaims: Watch = (s, a, t, scratch) => {
  if (a.type !== 'BusDelivered') return;
  const msg = (a as unknown as { msg: BusMsg }).msg;
  if ((msg.body.type !== 'ping' && msg.body.type !== 'pong') || msg.hdr.role !== 'replica') return;
  const n = s.nodes[msg.to];
  const p = n.cluster?.peers[msg.from];
  if (n.proc !== 'up' || p === undefined || p.role !== 'replica' || p.master === null || !sameRanges(slotsOf(n, p.master), msg.hdr.slots)) return;
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  const key = `${n.name}<${msg.from}`;
  if (done.has(key)) return;
  done.add(key);
  ((scratch.probes ??= []) as Probe[]).push({ at: t, node: n.name, sender: msg.from, master: p.master, updates: updatesSent(s, n.name, msg, p.master) });
};

/** `always`: the claim misread for the breaker (every stale replica expected to get an UPDATE). */
export function noUpdateForACleanClaim(r: RunResult, always = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    if ((p.updates > 0) === always) continue;
    return at(r, p.at, `${p.node} ${p.updates > 0 ? 'sent' : 'did not send'} an UPDATE to ${p.sender}, a replica of ${p.master} claiming exactly ${p.master}'s slots with configEpoch 0`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-claiming-its-masters-slots-is-never-sent-an-update',
  claim: 'A node never answers a replica\'s PING or PONG with UPDATE when the header claims exactly the slots it gives that replica\'s master, however stale the configEpoch the header carries.',
  expectation: 'always',
  scope: 'cluster: a master crash and a default manual failover; the first PING or PONG each node takes from each replica, probed with its configEpoch at 0',
  source: 'cluster.c clusterProcessPacket (`dirty_slots = memcmp(sender_master->slots, hdr->myslots, …) != 0`; the UPDATE check runs only `if (sender && dirty_slots)`)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.manualFailover('default'))),
  check: (r) => crashed(r) ?? noUpdateForACleanClaim(r),
  watch: watchReplicaClaims,
};
