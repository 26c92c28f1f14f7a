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
// Object keys are hashed in insertion order (the model iterates records in that order), undefined
// and non-finite numbers are kept distinct from absent and null.
import { createHash } from 'node:crypto';
import type { State } from '../model/state.ts';

export function cloneState(s: State): State {
  const { store, ...rest } = s;
  const c = structuredClone(rest) as State;
  c.store = store.clone();
  return c;
}

function exact(_k: string, v: unknown): unknown {
  if (v === undefined) return '\u0000undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return `\u0000${v}`;
  return v;
}

const digest = (parts: unknown[]): string => {
  const h = createHash('sha1');
  for (const p of parts) h.update(JSON.stringify(p, exact) ?? '');
  return h.digest('base64');
};

/** Everything in the state that can influence what happens next. */
export function modelKey(s: State): string {
  const { timeline: _g, seq: _q, store, agenda, ...rest } = s;
  return digest([rest, agenda.map((x) => [x.at, x.action]), store.content()]);
}

/** The ghost a property check reads: the timeline, and the run's per-step observations. */
export function historyKey(timeline: State['timeline'], observed: unknown[]): string {
  return digest([timeline, ...observed]);
}
