// Copying a simulated state for a branch, and its canonical hash for deduplication.
//
// The hash must hold everything that can influence the future, or two different states would be
// merged and the search would skip one's successors (unsound). It holds the whole state but:
// - `seq` and each agenda entry's seq: only the order of entries matters (ties at one time run in
//   seq order, and every entry scheduled later gets a larger seq), so the agenda is hashed as its
//   (at, action) list in that order;
// - the HistoryStore's memos (key counts, materialised datasets): derived from its entries, which are
//   hashed (each history's parent, fork point and entries);
// - `timeline`: the model only appends to it (lib/timeline.ts record), never reads it. It is ghost
//   history, hashed separately (historyKey) because the properties read it.
// Object keys are hashed in insertion order (the model iterates records in that order). JSON drops
// undefined fields and writes non-finite numbers as null; the state holds no non-finite number and
// the model never tells an undefined field from an absent one (test/explore.test.ts checks explored
// states against `exactJson`, which keeps both apart but costs twice as much).
import { createHash } from 'node:crypto';
import type { State } from '../model/kernel/state.ts';

export function cloneState(s: State): State {
  const { store, ...rest } = s;
  const c = structuredClone(rest) as State;
  c.store = store.clone();
  return c;
}

/** JSON that keeps undefined apart from absent and non-finite numbers apart from null. */
export function exactJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x === undefined ? '\u0000undefined' : typeof x === 'number' && !Number.isFinite(x) ? `\u0000${x}` : x)) ?? '';
}

const digest = (parts: unknown[]): string => {
  const h = createHash('sha1');
  for (const p of parts) h.update(JSON.stringify(p) ?? '');
  return h.digest('base64');
};

/** The parts of a state the model key hashes (exported for the test of the JSON shortcut). */
export function modelParts(s: State): unknown[] {
  const { timeline: _g, seq: _q, store, agenda, ...rest } = s;
  return [rest, agenda.map((x) => [x.at, x.action]), store.content()];
}

/** Everything in the state that can influence what happens next. */
export function modelKey(s: State): string {
  return digest(modelParts(s));
}

/** The ghost a property check reads: the timeline, and the run's per-step observations. */
export function historyKey(timeline: State['timeline'], observed: unknown[]): string {
  return digest([timeline, ...observed]);
}
