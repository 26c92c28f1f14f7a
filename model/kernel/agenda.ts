// The agenda: protocol events waiting for their time, ordered by (at, seq) so that equal times run
// in the order they were scheduled. Deterministic by construction.
//
// Two layouts of the same array, one order of events. The pure reducer's states keep it sorted
// (agenda[0] is next, agenda.slice(1) is the rest). The simulator's working copy, while `run` drives
// it, is a binary min-heap: agenda[0] is still the next event, but inserting and taking the head
// cost O(log n) instead of shifting the array. (at, seq) is a total order (seq is unique), so both
// layouts hand out events in exactly the same order.
import type { Action } from './actions.ts';
import type { Scheduled, State } from './state.ts';

/**
 * The one agenda array in heap layout: the working copy's, while `run` drives it (runs do not
 * nest). Recognised by identity, so both layouts stay plain arrays for V8.
 */
let heap: Scheduled[] | null = null;

/** Run `f` with `q` in heap layout; on the way out `q` is sorted again. */
export function withHeapAgenda<T>(q: Scheduled[], f: () => T): T {
  const outer = heap;
  q.sort(inOrder); // already sorted; a sorted array is a valid heap
  heap = q;
  try {
    return f();
  } finally {
    heap = outer;
    q.sort(inOrder);
  }
}

function inOrder(a: Scheduled, b: Scheduled): number {
  return a.at - b.at || a.seq - b.seq;
}

/** a runs before b. */
function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export function schedule(s: State, at: number, action: Action): void {
  const item = { at, seq: s.seq++, action };
  const q = s.agenda;
  if (q === heap) { heapPush(q, item); return; }
  // Sorted layout: binary search for the first item later than `at` (ties go after existing ones).
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (q[mid].at <= at) lo = mid + 1;
    else hi = mid;
  }
  if (lo === q.length) q.push(item);
  else q.splice(lo, 0, item);
}

export function nextDue(s: State): number {
  return s.agenda.length ? s.agenda[0].at : Infinity;
}

/** Remove the next event (agenda[0]) in either layout. */
export function takeNext(s: State): void {
  const q = s.agenda;
  if (q !== heap) { q.shift(); return; }
  const last = q.pop()!;
  const n = q.length;
  if (n === 0) return;
  // Floyd's sift-down: move the hole at the root down along the earlier children to a leaf (one
  // comparison per level), then sift `last` up from there; a leaf is usually late, so it rarely
  // climbs far. Fewer comparisons than the textbook version, the same heap property and order.
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && before(q[r], q[l]) ? r : l;
    q[i] = q[c];
    i = c;
  }
  siftUp(q, i, last);
}

function heapPush(q: Scheduled[], item: Scheduled): void {
  q.push(item);
  siftUp(q, q.length - 1, item);
}

/** Place `item` at the hole `i` or above it, moving later parents down. */
function siftUp(q: Scheduled[], i: number, item: Scheduled): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(item, q[p])) break;
    q[i] = q[p];
    i = p;
  }
  q[i] = item;
}
