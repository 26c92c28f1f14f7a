// protocol.md §2.4: a failure report is valid for CLUSTER_FAIL_REPORT_VALIDITY_MULT × NT (2·NT);
// clusterNodeCleanupFailureReports drops older ones before markNodeAsFailingIfNeeded counts them,
// so a node flags another FAIL only when reports younger than 2·NT, plus itself if it is a
// master, reach a majority of the masters.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { CLUSTER_FAIL_REPORT_VALIDITY_MULT } from '../model/kernel/config.ts';
import type { State } from '../model/kernel/state.ts';
import { entryFlags, entryIdx, GOSSIP_FAIL, GOSSIP_PFAIL, type BusMsg } from '../model/cluster/messages.ts';
import { nodeAt } from '../model/kernel/nodes.ts';

/** The flag events of one node about another, in timeline order: the last one says what it held. */
const FLAGS = new Set(['pfail', 'pfail-cleared', 'fail', 'fail-cleared']);

/**
 * Every FAIL a node decided itself (not one it was told): how many of its reports were fresh, and
 * the flag it held about that node just before (markNodeAsFailingIfNeeded acts on PFAIL only).
 */
export const watchFailureReports: Watch = (s: State, a, t, scratch) => {
  reportCompletesMajority(s, a, t, scratch);
  const from = (scratch.seen as number | undefined) ?? 0;
  scratch.seen = s.timeline.length;
  const held = (scratch.held ??= {}) as Record<string, string>;
  for (let i = from; i < s.timeline.length; i++) {
    const e = s.timeline[i];
    if (!FLAGS.has(e.event)) continue;
    const key = `${e.node}>${e.about}`;
    const before = held[key] ?? 'none';
    held[key] = e.event;
    if (e.event !== 'fail' || e.from !== undefined) continue;
    const n = s.nodes[e.node];
    const maxAge = n.config.nodeTimeout * CLUSTER_FAIL_REPORT_VALIDITY_MULT;
    const got = ((scratch.ledger ?? {}) as Record<string, Record<string, Record<string, number>>>)[e.node]?.[e.about!];
    const fresh = freshReports(got, t, maxAge);
    const stale = Object.keys(got ?? {}).length - fresh;
    ((scratch.fails ??= []) as Decided[]).push({ at: t, node: e.node, about: e.about!, fresh, stale, self: n.role === 'master' ? 1 : 0, before, quorum: Math.floor(n.cluster.size / 2) + 1 });
  }
};

/**
 * The other side (markNodeAsFailingIfNeeded runs as each report arrives): a node that holds a peer
 * PFAIL and has just received a report that brings fresh reports (plus itself, if a master) to its
 * quorum flags FAIL in that same step. Reports are counted from a ledger of the gossip each node
 * processed (clusterProcessGossipSection: an entry flagged PFAIL/FAIL from a sender that is a master
 * in my view adds or refreshes its report, any other entry withdraws it), not from the model's list.
 */
function reportCompletesMajority(s: State, a: { type: string; node?: string; msg?: BusMsg }, t: number, scratch: Record<string, unknown>): void {
  const ledger = (scratch.ledger ??= {}) as Record<string, Record<string, Record<string, number>>>;
  if (a.type === 'ProcessCrashed' || a.type === 'ProcessRestarted') { delete ledger[a.node!]; return; }
  if (a.type !== 'BusDelivered' || scratch.missed) return;
  const msg = a.msg!;
  if (msg.body.type !== 'ping' && msg.body.type !== 'pong') return;
  const n = s.nodes[msg.to];
  const sender = n.cluster.peers[msg.from];
  // Processed — not lost on a link the receiver has replaced (busDelivered drops it; another message
  // from the same sender may still have been read in this ms), nor held by a partition or a pause —
  // by a receiver that sees the sender as a master.
  if (n.proc !== 'up' || n.bootedAt !== msg.toBoot || sender === undefined || sender.dataReceived !== t || sender.role !== 'master') return;
  if (msg.linkOwner === msg.to && sender.link !== msg.linkGen) return;
  const mine = (ledger[msg.to] ??= {});
  const maxAge = n.config.nodeTimeout * CLUSTER_FAIL_REPORT_VALIDITY_MULT;
  const quorum = Math.floor(n.cluster.size / 2) + 1;
  for (const e of msg.body.gossip) {
    const x = nodeAt(s, entryIdx(e)).name;
    const p = n.cluster.peers[x];
    if (x === msg.to || p === undefined) continue;
    const got = (mine[x] ??= {});
    if ((entryFlags(e) & (GOSSIP_PFAIL | GOSSIP_FAIL)) === 0) { delete got[msg.from]; continue; }
    got[msg.from] = t;
    if (!p.pfail || p.fail) continue;
    const fresh = freshReports(got, t, maxAge);
    if (fresh + (n.role === 'master' ? 1 : 0) >= quorum) scratch.missed = { at: t, node: msg.to, about: x, fresh, quorum, self: n.role === 'master' };
  }
}

function freshReports(got: Record<string, number> | undefined, t: number, maxAge: number): number {
  return Object.values(got ?? {}).filter((at) => t - at <= maxAge).length;
}

export interface Decided { at: number; node: string; about: string; fresh: number; stale: number; self: number; before: string; quorum: number }

/** The FAILs nodes decided by counting reports, each with what it counted then (watchFailureReports). */
export const decidedFails = (r: RunResult): Decided[] => (r.scratch.fails ?? []) as Decided[];

export function onlyFreshReportsCount(r: RunResult): string | null {
  const m = r.scratch.missed as { at: number; node: string; about: string; fresh: number; quorum: number; self: boolean } | undefined;
  if (m) return at(r, m.at, `${m.node} held ${m.about} PFAIL and received a report making ${m.fresh} fresh report(s) (with its own: ${m.self ? 'yes' : 'no'}; quorum ${m.quorum}), yet did not flag it FAIL`);
  // The quorum is the deciding node's own: size/2 + 1 over cluster->size, the masters serving slots
  // in its view. clusterInit sets size to 1 and clusterUpdateState does not recompute it during
  // CLUSTER_WRITABLE_DELAY, so a master restarted less than 2 s ago needs no report at all.
  for (const f of decidedFails(r)) {
    const quorum = f.quorum;
    if (f.before !== 'pfail') return at(r, f.at, `${f.node} flagged ${f.about} FAIL without holding it PFAIL itself (its last flag about it: ${f.before})`);
    if (f.fresh + f.self >= quorum) continue;
    return at(r, f.at, `${f.node} flagged ${f.about} FAIL with ${f.fresh} fresh report(s)${f.self ? ' and its own' : ''} (${f.stale} older than ${CLUSTER_FAIL_REPORT_VALIDITY_MULT}·NT), quorum ${quorum}`);
  }
  return null;
}

export const property: Property = {
  name: 'stale-failure-reports-never-count',
  claim: 'A node flags another FAIL only when it holds it PFAIL itself and failure reports younger than 2·NT (plus its own, if it is a master) reach a majority of the masters it counts (cluster->size: 1 for the first 2 s after a restart) — older reports never count — and does so as soon as an arriving report completes that majority.',
  expectation: 'always',
  scope: 'all configs, 5 masters; reporters silenced (slow links, then paused or killed) before the others see the failure; also a master crash',
  source: 'protocol.md §2.4 (cluster.c clusterNodeCleanupFailureReports, markNodeAsFailingIfNeeded; CLUSTER_FAIL_REPORT_VALIDITY_MULT)',
  arbitrary: fc.oneof(traces(families.silencedReporters({ space: { masters: [5] } })), traces(families.masterCrash())),
  check: (r) => crashed(r) ?? onlyFreshReportsCount(r),
  watch: watchFailureReports,
};
