// Compares a real run with the model's outcome, field by field, with reasons. Writes that raced a
// fault (acked within FAULT_MARGIN_MS of an injected fault) or a protocol transition (within
// TRANSITION_MARGIN_MS of a FAIL / promotion / cluster-state change seen by either side) may differ,
// and so may the wipes and resyncs of the shard that served such a write. races.ts adds the random
// choices (equally ranked replicas) and races (promotion vs heal, NOREPLICAS edges) forgiven.
import type { Outcome } from '../model/kernel/outcome.ts';
import type { Trace } from '../model/kernel/trace.ts';
import { nodeNames } from '../model/kernel/trace.ts';
import type { RealOutcome } from './observe.ts';
import type { WriteRecord } from '../model/kernel/state.ts';
import { interchangeable, noReplicasEdge, orderRaces, renamed, SIBLING_ELECTION_MS, siblingElections } from './races.ts';

export const FAULT_MARGIN_MS = 200;
export const TRANSITION_MARGIN_MS = 1000;

/** `seed`: set when the model's outcome compared is another seed's than the trace's (conformance/seeds.ts). */
export interface FieldResult { field: string; agree: boolean; model: string; real: string; why: string; seed?: number }

const fmtSet = (s: Iterable<string>) => { const a = [...new Set(s)].sort(); return a.length ? a.join(',') : '—'; };
const sameSet = (a: Iterable<string>, b: Iterable<string>) => fmtSet(a) === fmtSet(b);
const fmtRanges = (r: Array<[number, number]>) => r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(' ') || '—';

export function compare(t: Trace, modelAsRun: Outcome, real: RealOutcome, modelWrites: WriteRecord[]): FieldResult[] {
  const out: FieldResult[] = [];
  // Replicas the run's randomness could swap (a rank-0 election tie, a migration by node ID).
  const pairs = interchangeable(modelAsRun, real);
  const model = renamed(modelAsRun, pairs);
  const swapped = pairs.length ? ` after exchanging ${pairs.map(([a, b]) => `${a}↔${b}`).join(', ')} (equally ranked replicas: the random election delay or node ID chose)` : '';
  const { masters, replicas } = nodeNames(t.config);
  const names = [...masters, ...replicas];

  // 1. Failover: who won an election / took over.
  const mWin = model.timeline.filter((e) => e.event === 'promoted').map((e) => e.node);
  const rWin = real.events.filter((e) => e.event === 'promoted').map((e) => e.node);
  out.push({ field: 'failover', agree: sameSet(mWin, rWin), model: fmtSet(mWin), real: fmtSet(rWin),
    why: sameSet(mWin, rWin) ? `same winners${swapped}` : 'different set of promoted nodes (model timeline "promoted" vs log "Failover election won"/"Taking over the master")' });

  // 2. Final up/role/replicaOf per node (paused nodes: only "up" is comparable).
  const roleOf = (up: boolean, role: string, of: string | null, queried = true) => (!up ? 'down' : !queried ? 'up(paused)' : role === 'master' ? 'master' : `replica of ${of}`);
  const diffs: string[] = [];
  const mr: string[] = [];
  const rr: string[] = [];
  for (const n of names) {
    const m = model.nodes[n];
    const r = real.nodes[n];
    const a = roleOf(m.up, m.role, m.replicaOf);
    const b = roleOf(r.up, r.role, r.replicaOf, r.queried);
    mr.push(`${n}:${a}`); rr.push(`${n}:${b}`);
    if (b === 'up(paused)' ? !m.up : a !== b) diffs.push(`${n} model ${a}, real ${b}`);
  }
  out.push({ field: 'roles', agree: !diffs.length, model: mr.join('; '), real: rr.join('; '), why: diffs.join('; ') || 'same' });

  // 3. Slots of every queried master.
  const sd: string[] = [];
  for (const n of names) {
    const m = model.nodes[n];
    const r = real.nodes[n];
    if (!r.queried || !m.up) continue;
    if (fmtRanges(m.slots) !== fmtRanges(r.slots)) sd.push(`${n} model ${fmtRanges(m.slots)}, real ${fmtRanges(r.slots)}`);
  }
  out.push({ field: 'slots', agree: !sd.length, model: '', real: '', why: sd.join('; ') || 'same slot ownership on every queried node' });

  // 4. cluster_state on every queried node.
  const cd: string[] = [];
  for (const n of names) if (real.nodes[n].queried && model.nodes[n].up && model.nodes[n].clusterState !== real.nodes[n].clusterState) {
    cd.push(`${n} model ${model.nodes[n].clusterState}, real ${real.nodes[n].clusterState}`);
  }
  out.push({ field: 'clusterState', agree: !cd.length, model: '', real: '', why: cd.join('; ') || 'same' });

  // 5. Epoch bumps since creation (both start at currentEpoch = number of nodes, as redis-cli leaves it).
  const mBump = Math.max(...names.map((n) => model.nodes[n].currentEpoch)) - names.length;
  const rq = names.filter((n) => real.nodes[n].queried);
  const rBump = rq.length ? Math.max(...rq.map((n) => real.nodes[n].currentEpoch)) - names.length : NaN;
  // A second election by a tied sibling is a race of the random delays (races.ts siblingElections).
  const mRace = siblingElections(model.timeline, new Set(model.timeline.filter((e) => e.event === 'election-scheduled' && e.rank === 0).map((e) => e.node)));
  const rRace = siblingElections(real.events, new Set(real.events.filter((e) => e.event === 'election-scheduled' && /rank #0\b/.test(e.detail ?? '')).map((e) => e.node)));
  const bumpsAgree = mBump === rBump || mBump - mRace === rBump - rRace;
  out.push({ field: 'epochBumps', agree: bumpsAgree, model: String(mBump), real: String(rBump),
    why: mBump === rBump ? 'same number of currentEpoch increments'
      : bumpsAgree ? `same once the elections a tied sibling started within ${SIBLING_ELECTION_MS} ms of another are left out (model ${mRace}, real ${rRace}): the random election delays decide whether the second replica fires before it learns of the first's promotion`
        : 'different number of epoch increments (elections / takeovers / collisions)' });

  // Margins: fault times (played) and protocol transitions seen by either side.
  const faults = real.faults.map((f) => f.at).concat(real.faults.map((f) => f.planned));
  const TRANS = new Set(['fail', 'promoted', 'cluster-state', 'demoted']);
  const transitions = [...model.timeline.filter((e) => TRANS.has(e.event)).map((e) => e.at), ...real.events.filter((e) => TRANS.has(e.event)).map((e) => e.at)];
  const shardOfSlot = (slot: number) => {
    const owner = Object.keys(model.nodes).find((n) => model.nodes[n].slots.some(([a, b]) => slot >= a && slot <= b));
    return owner ? owner[0] : '?';
  };
  const racedOrder = orderRaces(model, real.events, real.faults, TRANSITION_MARGIN_MS);
  const raced = (at: number) => faults.some((f) => Math.abs(at - f) <= FAULT_MARGIN_MS) || transitions.some((x) => Math.abs(at - x) <= TRANSITION_MARGIN_MS);

  // 8. Survival of writes acked by both sides, outside the margins.
  const mLost = new Set(model.writes.lostIds);
  const rLost = new Set(real.writes.lostIds);
  const mById = new Map(modelWrites.map((w) => [w.id, w]));
  const sd2: string[] = [];
  const racedSlots: number[] = [];
  let both = 0;
  for (const w of real.writeLog) {
    if (w.result !== 'acked' || mById.get(w.id)?.result !== 'acked') continue;
    both++;
    const diff = mLost.has(w.id) !== rLost.has(w.id);
    if (!diff) continue;
    if (raced(w.repliedAt) || raced(w.sentAt) || racedOrder.has(shardOfSlot(w.slot))) { racedSlots.push(w.slot); continue; }
    sd2.push(`${w.id}@${w.sentAt}ms ${rLost.has(w.id) ? 'lost in real, kept in model' : 'kept in real, lost in model'}`);
  }
  out.push({ field: 'survival', agree: !sd2.length, model: `lost ${model.writes.lost} (${fmtSet(model.writes.lostIds.slice(0, 5))}${model.writes.lost > 5 ? '…' : ''})`,
    real: `lost ${real.writes.lost} (${fmtSet(real.writes.lostIds.slice(0, 5))}${real.writes.lost > 5 ? '…' : ''})`,
    why: sd2.length ? `${sd2.length} of ${both} writes acked by both differ outside the margins: ${sd2.slice(0, 8).join('; ')}${sd2.length > 8 ? ' …' : ''}`
      : `same fate for all ${both} writes acked by both${racedSlots.length ? ` (${racedSlots.length} within the margins tolerated)` : ''}` });
  if (racedOrder.size) out[out.length - 1].why += `; shard ${[...racedOrder].join(',')}: its promotion and an injected fault came in a different order in the two runs (within ${TRANSITION_MARGIN_MS} ms), so its writes' fate may differ`;

  // 6. Wipes and 7. full / partial resyncs after t0. A write that raced a fault can change both: an
  // old master that acked one more write than its successor got asks for an offset the new master
  // never had, so it takes a full sync and drops that write (masterTryPartialResynchronization). Such
  // a difference is tolerated on a node whose shard served a write tolerated above.
  const racedShard = (n: string) => {
    const m = model.nodes[n];
    const owner = m.role === 'master' || !m.replicaOf ? n : m.replicaOf;
    return racedOrder.has(n[0]) || racedSlots.some((slot) => model.nodes[owner].slots.some(([a, b]) => slot >= a && slot <= b));
  };
  const ev = (xs: Array<{ event: string; node: string }>, kind: string) => new Set(xs.filter((e) => e.event === kind).map((e) => e.node));
  /** One field over per-node signatures; a node whose signatures differ is excused if its shard raced. */
  const perNode = (field: string, sig: (side: 0 | 1, n: string) => string, show: (side: 0 | 1) => string, what: string) => {
    const differ = names.filter((n) => sig(0, n) !== sig(1, n));
    const excused = differ.filter(racedShard);
    out.push({ field, agree: differ.length === excused.length, model: show(0), real: show(1),
      why: !differ.length ? 'same' : `${what} differs on ${differ.join(',')}${excused.length ? `; tolerated on ${excused.join(',')}, whose shard served a write that raced a fault` : ''}` });
  };
  const wiped = [ev(model.timeline, 'wiped'), ev(real.events, 'wiped')];
  perNode('wiped', (i, n) => String(wiped[i].has(n)), (i) => fmtSet(wiped[i]), 'dataset replaced by one with fewer keys');
  const full = [ev(model.timeline, 'full-sync'), ev(real.events, 'full-sync')];
  const partial = [ev(model.timeline, 'partial-sync'), ev(real.events, 'partial-sync')];
  perNode('resync', (i, n) => `${full[i].has(n)}/${partial[i].has(n)}`, (i) => `full ${fmtSet(full[i])} / partial ${fmtSet(partial[i])}`,
    'full / partial resync (log "Full resync from master" / "Successful partial resynchronization")');

  // 9. Per-write result (acked / refused+error / unknown) outside the margins.
  const edge = noReplicasEdge([modelWrites, real.writeLog], (x, y) => shardOfSlot(x) === shardOfSlot(y));
  out.push(writeResultsField(t, model, real, modelWrites, (w, a, b) => raced(w.sentAt) || raced(w.sentAt + t.config.clientTimeout) || edge(w, a, b)));
  return out;
}

type WritesSummary = { acked: number; refused: number; unknown: number; refusedBy: Record<string, number> };
type LoggedWrite = { id: string; sentAt: number; slot: number; result: string; error: string | null };

/**
 * Each write's result on both sides (acked / refused with its error / unknown), outside the
 * margins: `tolerated` says which differing write raced a fault or a transition. A write still
 * pending on one side when that side's run ended (the model stops at `until`; the harness waits for
 * every reply) is compared as "either" if it was sent within clientTimeout of the end, the longest
 * its reply may take; pending any earlier is a disagreement (its timeout should have fired).
 */
export function writeResultsField(
  t: Pick<Trace, 'until'> & { config: Pick<Trace['config'], 'clientTimeout'> },
  model: { writes: WritesSummary }, real: { writes: WritesSummary; writeLog: LoggedWrite[] },
  modelWrites: Array<{ id: string; sentAt: number; result: string; error: string | null }>, tolerated: (w: LoggedWrite, modelClass: string, realClass: string) => boolean,
): FieldResult {
  const mById = new Map(modelWrites.map((w) => [w.id, w]));
  const res = (o: WritesSummary) => `acked ${o.acked}, refused ${o.refused} ${JSON.stringify(o.refusedBy)}, unknown ${o.unknown}`;
  const cls = (r: string, e: string | null) => (r === 'refused' ? `refused ${e}` : r === 'pending' ? 'unknown' : r);
  const inFlightAtEnd = (x: { sentAt: number; result: string }) => x.result === 'pending' && x.sentAt + t.config.clientTimeout > t.until;
  const rd: string[] = [];
  let racedN = 0;
  let endN = 0;
  for (const w of real.writeLog) {
    const m = mById.get(w.id);
    if (!m) { rd.push(`${w.id} not issued by the model`); continue; }
    const a = cls(m.result, m.error);
    const b = cls(w.result, w.error);
    if (a === b) continue;
    if (inFlightAtEnd(m) || inFlightAtEnd(w)) { endN++; continue; }
    if (tolerated(w, a, b)) { racedN++; continue; }
    rd.push(`${w.id}@${w.sentAt}ms model ${a}, real ${b}`);
  }
  if (modelWrites.length !== real.writeLog.length) rd.push(`model issued ${modelWrites.length} writes, real ${real.writeLog.length}`);
  const notes = [racedN ? `${racedN} within the margins tolerated` : '', endN ? `${endN} in flight at the trace's end compared as either` : ''].filter(Boolean);
  return { field: 'writeResults', agree: !rd.length, model: res(model.writes), real: res(real.writes),
    why: rd.length ? `${rd.length} writes differ outside the margins: ${rd.slice(0, 6).join('; ')}${rd.length > 6 ? ' …' : ''}`
      : `same result for every write outside the margins${notes.length ? ` (${notes.join('; ')})` : ''}` };
}
