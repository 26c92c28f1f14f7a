// Compares a real run of a sentinel or replication trace with the model's outcome, field by field, with
// reasons: the final master, every data node's role, every Sentinel's view (up, the master it names,
// TILT, failover state), epoch increments, which nodes Sentinels promoted, the acked writes' fate, wipes,
// full / partial resyncs, and each write's result. Writes within the margins of an injected fault or a
// protocol transition (sdown, odown, a promotion, a switch, a REPLICAOF) may differ, as in compare.ts.
import type { Outcome } from '../model/kernel/outcome.ts';
import type { WriteRecord } from '../model/kernel/state.ts';
import type { Trace } from '../model/kernel/trace.ts';
import { nodeNames, sentinelNames } from '../model/kernel/trace.ts';
import { FAULT_MARGIN_MS, TRANSITION_MARGIN_MS, writeResultsField, type FieldResult } from './compare.ts';
import { bySuffix, finalMaster, type SentinelOutcome, type StandaloneRealOutcome } from './standalone-observe.ts';
import { interchangeable, renamedStandalone, renamings } from './standalone-races.ts';
import { noReplicasEdge } from './races.ts';

/** The model's outcome with the Sentinel part of the contract (brief "Outcome additions"). */
export type StandaloneModelOutcome = Outcome & { sentinels?: Record<string, SentinelOutcome> };

/** Protocol transitions around which a write's result or fate may differ (the client re-asks, the switch lands). */
const TRANSITIONS = new Set(['sdown', 'odown', 'elected-leader', 'promoted-slave', 'switch-master', 'convert-to-slave', 'promoted', 'replicaof', 'demoted', 'failover-end']);

const fmtSet = (s: Iterable<string>) => { const a = [...new Set(s)].sort(bySuffix); return a.length ? a.join(',') : '—'; };

const roleOf = (o: { up: boolean; role: string; replicaOf: string | null; queried?: boolean }) =>
  (!o.up ? 'down' : o.queried === false ? 'up(paused)' : o.role === 'master' ? 'master' : `replica of ${o.replicaOf}`);

const sentinelOf = (o: SentinelOutcome & { queried?: boolean }) =>
  (!o.up ? 'down' : o.queried === false ? 'up(paused)' : `${o.master ?? 'no master'}${o.tilt ? ', TILT' : ''}${o.failoverState !== 'none' ? `, failover ${o.failoverState}` : ''}`);

/** Per-name signatures of both sides, as one field (a paused real process compares by "up" only). */
function perName(field: string, names: string[], a: (n: string) => string, b: (n: string) => string, what: string, excused: (n: string) => boolean = () => false): FieldResult {
  const differ = names.filter((n) => a(n) !== b(n) && !(b(n) === 'up(paused)' && a(n) !== 'down'));
  const bad = differ.filter((n) => !excused(n));
  const show = (f: (n: string) => string) => names.map((n) => `${n}:${f(n)}`).join('; ');
  return {
    field, agree: !bad.length, model: show(a), real: show(b),
    why: !differ.length ? 'same' : `${what} differs on ${differ.map((n) => `${n} (model ${a(n)}, real ${b(n)})`).join(', ')}${bad.length < differ.length ? `; tolerated on ${differ.filter(excused).join(',')}, which served a write that raced a fault` : ''}`,
  };
}

/**
 * The fields, with the model's outcome renamed within the names the trace treats alike
 * (standalone-races.ts) where a renaming agrees on more fields than the names as run.
 */
export function compareStandalone(t: Trace, modelAsRun: StandaloneModelOutcome, real: StandaloneRealOutcome, modelWrites: WriteRecord[]): FieldResult[] {
  const { replicas } = nodeNames(t.config);
  const classes = t.config.topology === 'sentinel' ? interchangeable(t, [...replicas, ...sentinelNames(t.config)]) : [];
  let best: { fields: FieldResult[]; bad: number; map: Map<string, string> } | null = null;
  for (const map of renamings(classes)) {
    const fields = compareAs(t, renamedStandalone(modelAsRun, map), real, modelWrites);
    const bad = fields.filter((f) => !f.agree).length;
    if (best === null || bad < best.bad) best = { fields, bad, map };
    if (bad === 0) break;
  }
  const { fields, map } = best!;
  if (!map.size) return fields;
  const note = ` (model's names renamed ${[...map].map(([a, b]) => `${a}→${b}`).join(', ')}: the trace treats them alike, and Redis chose between them at random)`;
  return fields.map((f) => (['roles', 'sentinels', 'failover'].includes(f.field) ? { ...f, why: f.why + note } : f));
}

function compareAs(t: Trace, model: StandaloneModelOutcome, real: StandaloneRealOutcome, modelWrites: WriteRecord[]): FieldResult[] {
  const out: FieldResult[] = [];
  const { masters, replicas } = nodeNames(t.config);
  const data = [...masters, ...replicas];
  const sentinels = sentinelNames(t.config);
  const mSent = model.sentinels ?? {};

  // 1. The final master (whose data decides survival): the same rule on both sides (finalMaster),
  // a tie going to the real writers' last target (the model's writers ask the same Sentinels).
  const target = [...real.asks].reverse().find((a) => a.master)?.master ?? 'M';
  const mFinal = finalMaster(model.nodes, mSent, target);
  out.push({ field: 'finalMaster', agree: mFinal === real.finalMaster, model: mFinal ?? 'none', real: real.finalMaster ?? 'none',
    why: mFinal === real.finalMaster ? 'same' : 'a different node holds the deployment\'s data at the end (most Sentinels\' master, else the running master most nodes replicate from)' });

  // 2. Every data node's final role.
  out.push(perName('roles', data, (n) => roleOf(model.nodes[n]), (n) => roleOf(real.nodes[n]), 'role'));

  if (sentinels.length) {
    // 3. Every Sentinel: up, the master it names, TILT, failover state.
    if (!model.sentinels) {
      out.push({ field: 'sentinels', agree: false, model: 'no sentinels in the outcome', real: sentinels.map((s) => `${s}:${sentinelOf(real.sentinels[s])}`).join('; '), why: 'the model\'s outcome has no `sentinels` part' });
    } else {
      out.push(perName('sentinels', sentinels, (s) => sentinelOf(mSent[s]), (s) => sentinelOf(real.sentinels[s]), 'Sentinel view'));
    }
    // 4. Epoch increments (both start at currentEpoch 0): the highest currentEpoch of any Sentinel.
    const top = (xs: Array<{ currentEpoch: number }>) => (xs.length ? Math.max(...xs.map((x) => x.currentEpoch)) : NaN);
    const mE = top(Object.values(mSent));
    const rE = top(Object.values(real.sentinels));
    out.push({ field: 'epochBumps', agree: mE === rE, model: String(mE), real: String(rE),
      why: mE === rE ? 'same highest currentEpoch' : 'a different number of epochs started (failover attempts, votes)' });
    // 5. Which replicas Sentinels promoted, and why failovers were aborted.
    const promoted = (xs: Array<{ event: string; about?: unknown; detail?: unknown }>) => fmtSet(xs.filter((e) => e.event === 'promoted-slave').map((e) => String(e.about)));
    const aborts = (xs: Array<{ event: string; about?: unknown; detail?: unknown }>) => fmtSet(xs.filter((e) => e.event === 'failover-abort').map((e) => String(e.detail)));
    const a = `promoted ${promoted(model.timeline)}; aborted ${aborts(model.timeline)}`;
    const b = `promoted ${promoted(real.events)}; aborted ${aborts(real.events)}`;
    out.push({ field: 'failover', agree: a === b, model: a, real: b, why: a === b ? 'same' : 'Sentinels promoted other replicas, or aborted for other reasons ("+promoted-slave", "-failover-abort-*")' });
  }

  // Margins: injected faults and protocol transitions either side saw.
  const faults = real.faults.flatMap((f) => [f.at, f.planned]);
  const transitions = [...model.timeline, ...real.events].filter((e) => TRANSITIONS.has(e.event)).map((e) => e.at);
  const raced = (at: number) => faults.some((f) => Math.abs(at - f) <= FAULT_MARGIN_MS) || transitions.some((x) => Math.abs(at - x) <= TRANSITION_MARGIN_MS);

  // 6. Survival of writes acked by both, outside the margins.
  const mLost = new Set(model.writes.lostIds);
  const rLost = new Set(real.writes.lostIds);
  const mById = new Map(modelWrites.map((w) => [w.id, w]));
  const sd: string[] = [];
  let both = 0;
  let racedWrites = 0;
  for (const w of real.writeLog) {
    const m = mById.get(w.id);
    if (w.result !== 'acked' || m?.result !== 'acked') continue;
    both++;
    if (mLost.has(w.id) === rLost.has(w.id)) continue;
    if (raced(w.repliedAt) || raced(w.sentAt) || raced(m.repliedAt)) { racedWrites++; continue; }
    sd.push(`${w.id}@${w.sentAt}ms ${rLost.has(w.id) ? 'lost in real, kept in model' : 'kept in real, lost in model'}`);
  }
  const lostText = (o: { lost: number; lostIds: string[] }) => `lost ${o.lost} (${fmtSet(o.lostIds.slice(0, 5))}${o.lost > 5 ? '…' : ''})`;
  out.push({ field: 'survival', agree: !sd.length, model: lostText(model.writes), real: lostText(real.writes),
    why: sd.length ? `${sd.length} of ${both} writes acked by both differ outside the margins: ${sd.slice(0, 8).join('; ')}${sd.length > 8 ? ' …' : ''}`
      : `same fate for all ${both} writes acked by both${racedWrites ? ` (${racedWrites} within the margins tolerated)` : ''}` });

  // 7. Wipes and full / partial resyncs per data node; a write that raced a fault may change both
  // (one more write acked by the old master makes it ask for an offset its successor never had).
  const excused = () => racedWrites > 0;
  const ev = (xs: Array<{ event: string; node: string }>, kind: string) => new Set(xs.filter((e) => e.event === kind).map((e) => e.node));
  const wiped = [ev(model.timeline, 'wiped'), ev(real.events, 'wiped')];
  out.push(perName('wiped', data, (n) => String(wiped[0].has(n)), (n) => String(wiped[1].has(n)), 'dataset replaced by one with fewer keys', excused));
  const full = [ev(model.timeline, 'full-sync'), ev(real.events, 'full-sync')];
  const partial = [ev(model.timeline, 'partial-sync'), ev(real.events, 'partial-sync')];
  const sync = (i: 0 | 1) => (n: string) => `full ${full[i].has(n) ? 'yes' : 'no'} / partial ${partial[i].has(n) ? 'yes' : 'no'}`;
  out.push(perName('resync', data, sync(0), sync(1), 'full / partial resync (log "Full resync from master" / "Successful partial resynchronization")', excused));

  // 8. Each write's result (acked / refused with its error / unknown) outside the margins.
  // A deployment has one writable master at a time: every write is of its one shard (races.ts).
  const edge = noReplicasEdge([modelWrites, real.writeLog], () => true);
  out.push(writeResultsField(t, model, real, modelWrites, (w, a, b) => raced(w.sentAt) || raced(w.sentAt + t.config.clientTimeout) || edge(w, a, b)));
  return out;
}
