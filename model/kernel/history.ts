// Datasets as prefixes of shared, append-only replication histories (design §2: "a node's data is a
// prefix of a replication history"). A history belongs to the one master that appends to it; a node
// that becomes master forks a new history at its own position, so divergent writes never mix.
// Histories live outside the immer tree (immer treats class instances as opaque), are never mutated
// except by appending past every position any state refers to, and so are shared by all states.

/**
 * One stream entry: a SET (key, write id; `pxat` when the SET carries a TTL, propagated as SET … PXAT),
 * a DEL of an expired key (key, wid null: propagateDeletion), or a replication PING (key null).
 */
export interface Entry {
  key: string | null;
  wid: string | null;
  /** Absolute expire time (ms of model time) of a SET with a TTL; absent for a SET without one. */
  pxat?: number;
  /** master_repl_offset after this entry in the stream coordinates of the history's master. */
  off: number;
}

interface History {
  parent: number | null;
  /** Position in the parent at which this history forks; its own entries are base+1, base+2, … */
  base: number;
  entries: Entry[];
  /** keyCount at own positions base+1, base+2, … as far as counted so far (see keyCount). */
  counts: number[];
  /** The keys of the dataset at the last counted position; null until counted here. */
  keys: Set<string> | null;
  /** db->expires at own position expPos (key → pxat), as far as computed (see expiresAt); null until asked here. */
  exp: Map<string, number> | null;
  expPos: number;
}

function newHistory(parent: number | null, base: number): History {
  return { parent, base, entries: [], counts: [], keys: null, exp: null, expPos: 0 };
}

/** A dataset: the entries of `hist` and its ancestors at positions 1..pos, applied in order. */
export interface DataRef {
  hist: number;
  pos: number;
}

export const EMPTY: DataRef = { hist: 0, pos: 0 };

export class HistoryStore {
  private readonly hists: History[] = [newHistory(null, 0)];
  private readonly cache = new Map<string, Map<string, string>>();
  /** Some entry carries a TTL: key expiry has work to do (an opt-in trace feature; false for every trace without `px`). */
  hasExpires = false;

  /** A new history that continues `from` (its first own entry is at from.pos + 1). */
  fork(from: DataRef): DataRef {
    this.hists.push(newHistory(from.hist, from.pos));
    return { hist: this.hists.length - 1, pos: from.pos };
  }

  tip(hist: number): number {
    const h = this.hists[hist];
    return h.base + h.entries.length;
  }

  /** Appends to the history whose tip `ref` is; returns the new reference. */
  append(ref: DataRef, e: Entry): DataRef {
    const h = this.hists[ref.hist];
    if (h.base + h.entries.length !== ref.pos) throw new Error(`append past a history's tip (hist ${ref.hist})`);
    h.entries.push(e);
    if (e.pxat !== undefined) this.hasExpires = true;
    return { hist: ref.hist, pos: ref.pos + 1 };
  }

  /** The entry at position p (1-based) as seen from history `hist`. */
  entryAt(hist: number, p: number): Entry {
    let h = this.hists[hist];
    while (p <= h.base) h = this.hists[h.parent!];
    return h.entries[p - h.base - 1];
  }

  /** Highest position ≤ ref.pos whose entry offset is ≤ off (0 if none): where a PSYNC at off resumes. */
  positionAtOffset(ref: DataRef, off: number): number {
    let lo = 0;
    let hi = ref.pos;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.entryAt(ref.hist, mid).off <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** True when `a` is a prefix of `b` (same lineage, a.pos ≤ b.pos). */
  isPrefix(a: DataRef, b: DataRef): boolean {
    if (a.pos > b.pos) return false;
    let h = b.hist;
    // Walk b's lineage to the history that holds position a.pos, and compare with a's.
    const holder = (hist: number, p: number) => {
      let x = hist;
      while (p <= this.hists[x].base && this.hists[x].parent !== null) x = this.hists[x].parent!;
      return x;
    };
    if (a.pos === 0) return true;
    h = holder(h, a.pos);
    return h === holder(a.hist, a.pos);
  }

  /** key → write id of the dataset; memoised, since datasets are immutable once referenced. */
  materialize(ref: DataRef): Map<string, string> {
    const k = `${ref.hist}:${ref.pos}`;
    const hit = this.cache.get(k);
    if (hit) return hit;
    const segs: Array<{ h: History; upTo: number }> = [];
    let hist: number | null = ref.hist;
    let upTo = ref.pos;
    while (hist !== null) {
      const h: History = this.hists[hist];
      if (upTo > h.base) segs.push({ h, upTo });
      upTo = Math.min(upTo, h.base);
      hist = h.parent;
    }
    const m = new Map<string, string>();
    for (const { h, upTo: u } of segs.reverse()) {
      for (let i = 0; i < u - h.base; i++) {
        const e = h.entries[i];
        if (e.key === null) continue;
        if (e.wid === null) m.delete(e.key);
        else m.set(e.key, e.wid);
      }
    }
    if (this.cache.size > 256) this.cache.clear();
    this.cache.set(k, m);
    return m;
  }

  /**
   * materialize(ref).size, counted once per position: each history keeps its running key set and
   * the count at each of its positions, so a count costs the entries appended since the last one
   * instead of a whole dataset (save points ask at every BGSAVE).
   */
  keyCount(ref: DataRef): number {
    let hist = ref.hist;
    let h = this.hists[hist];
    while (ref.pos <= h.base && h.parent !== null) { hist = h.parent; h = this.hists[hist]; } // the history holding ref.pos
    if (ref.pos <= h.base) return 0;
    const own = ref.pos - h.base;
    if (h.counts.length < own) this.countUpTo(h, own);
    return h.counts[own - 1];
  }

  private countUpTo(h: History, own: number): void {
    if (h.keys === null) h.keys = new Set(h.parent === null ? [] : this.materialize({ hist: h.parent, pos: h.base }).keys());
    for (let i = h.counts.length; i < own; i++) {
      const { key, wid } = h.entries[i];
      if (key !== null && wid !== null) h.keys.add(key);
      else if (key !== null) h.keys.delete(key);
      h.counts.push(h.keys.size);
    }
  }

  /**
   * The dataset's db->expires (key → absolute expire time): a SET with PXAT sets it, a SET without a
   * TTL or a DEL clears it. Kept per history at its last asked position, so the active expire cycle's
   * question each tick costs the entries appended since; an earlier position is recomputed.
   */
  expiresAt(ref: DataRef): Map<string, number> {
    let hist = ref.hist;
    let h = this.hists[hist];
    while (ref.pos <= h.base && h.parent !== null) { hist = h.parent; h = this.hists[hist]; }
    const own = Math.max(0, ref.pos - h.base);
    if (h.exp === null || h.expPos > own) {
      const from = h.parent === null ? new Map<string, number>() : this.expiresAt({ hist: h.parent, pos: h.base });
      h.exp = new Map(from);
      h.expPos = 0;
    }
    for (; h.expPos < own; h.expPos++) {
      const e = h.entries[h.expPos];
      if (e.key === null) continue;
      if (e.pxat !== undefined && e.wid !== null) h.exp.set(e.key, e.pxat);
      else h.exp.delete(e.key);
    }
    return h.exp;
  }

  /** An independent copy for a branching search (explore/): entries are immutable and shared, memos are not copied. */
  clone(): HistoryStore {
    const c = new HistoryStore();
    c.hists.length = 0;
    for (const h of this.hists) c.hists.push({ ...newHistory(h.parent, h.base), entries: h.entries.slice() });
    c.hasExpires = this.hasExpires;
    return c;
  }

  /** What a dataset reference can read: each history's parent, fork point and entries (no memos). */
  content(): Array<{ parent: number | null; base: number; entries: readonly Entry[] }> {
    return this.hists.map((h) => ({ parent: h.parent, base: h.base, entries: h.entries }));
  }

  toJSON(): unknown {
    return { histories: this.hists.length };
  }
}
