// clusterSendPing: a PING or PONG gossips about wanted = max(3, N/10) random nodes (N: the sender's
// node table, itself included; at most N − 2), skipping the nodes it flags PFAIL, then adds every
// PFAIL node. So a section has at most `wanted` entries about other nodes, no entry twice and none
// about the sender (its header speaks for it). The size is what makes failure reports and pong times
// spread at Redis's pace: more entries spread them faster than a real cluster does.
import fc from 'fast-check';
import { entryFlags, entryIdx, GOSSIP_PFAIL } from '../model/cluster/messages.ts';
import { BIG_CLUSTERS, families, traces } from './generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** Notes the first section over its size (scratch.bad) and the fullest seen (scratch.fullest: entries minus wanted). */
export const watchGossip: Watch = (s, a, t, scratch) => {
  if (scratch.bad || a.type !== 'BusDelivered') return;
  const msg = (a as unknown as { msg: { from: string; fromIdx: number; body: { type: string; gossip?: number[] } } }).msg;
  if (msg.body.type !== 'ping' && msg.body.type !== 'pong') return;
  const gossip = msg.body.gossip!;
  const size = Object.keys(s.nodes[msg.from].cluster.peers).length + 1;
  const wanted = Math.min(Math.max(3, Math.floor(size / 10)), size - 2);
  const seen = new Set<number>();
  let healthy = 0;
  for (const e of gossip) {
    const idx = entryIdx(e);
    const bad = idx === msg.fromIdx ? 'about its sender' : seen.has(idx) ? 'twice about one node' : null;
    if (bad) { scratch.bad = { at: t, msg: `a ${msg.body.type} from ${msg.from} gossips ${bad}` } as Noted; return; }
    seen.add(idx);
    if ((entryFlags(e) & GOSSIP_PFAIL) === 0) healthy++;
  }
  scratch.fullest = Math.max((scratch.fullest as number | undefined) ?? -Infinity, healthy - wanted);
  if (healthy > wanted) scratch.bad = { at: t, msg: `a ${msg.body.type} from ${msg.from} (${size} nodes) gossips about ${healthy} nodes not flagged PFAIL, over ${wanted}` } as Noted;
};

export const property: Property = {
  name: 'a-gossip-section-holds-a-tenth-of-the-cluster',
  claim: 'A PING or PONG gossips about at most max(3, N/10) nodes not flagged PFAIL (N: the nodes its sender knows, itself included), plus the PFAIL ones, never about its sender and never twice about one node.',
  expectation: 'always',
  scope: 'cluster: master crashes and minority partitions, and 24 or 32 masters (a tenth above 3) under a master crash',
  source: 'cluster.c clusterSendPing (wanted, freshnodes, last_in_ping_gossip, the PFAIL entries)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.minorityPartition()), traces(families.bigClusterCrash({ space: { ...BIG_CLUSTERS, masters: [24, 32] } }))),
  cost: 2,
  watch: watchGossip,
  check: (r) => crashed(r) ?? noted(r),
};
