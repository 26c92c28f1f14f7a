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
 * nest), with each place's (at, seq) copied into typed arrays beside it. Recognised by identity,
 * so both layouts stay plain arrays for V8. The heap's comparisons read the copies: a big cluster
 * keeps ~1,600 events waiting, and reading `at` off each Scheduled object was a cache miss per
 * level of the heap.
 */
interface Heap { q: Scheduled[]; at: Float64Array; seq: Float64Array }
let heap: Heap | null = null;

/** Run `f` with `q` in heap layout; on the way out `q` is sorted again. */
export function withHeapAgenda<T>(q: Scheduled[], f: () => T): T {
  const outer = heap;
  q.sort(inOrder); // already sorted; a sorted array is a valid heap
  heap = { q, at: new Float64Array(Math.max(64, 2 * q.length)), seq: new Float64Array(Math.max(64, 2 * q.length)) };
  q.forEach((x, i) => { heap!.at[i] = x.at; heap!.seq[i] = x.seq; });
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

export function schedule(s: State, at: number, action: Action): void {
  const item = { at, seq: s.seq++, action };
  const q = s.agenda;
  if (heap !== null && q === heap.q) { heapPush(heap, item); return; }
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
  if (heap === null || q !== heap.q) { q.shift(); return; }
  const { at, seq } = heap;
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
    const c = r < n && (at[r] < at[l] || (at[r] === at[l] && seq[r] < seq[l])) ? r : l;
    q[i] = q[c];
    at[i] = at[c];
    seq[i] = seq[c];
    i = c;
  }
  siftUp(heap, i, last);
}

function heapPush(h: Heap, item: Scheduled): void {
  if (h.q.length === h.at.length) grow(h);
  h.q.push(item);
  siftUp(h, h.q.length - 1, item);
}

function grow(h: Heap): void {
  const at = new Float64Array(2 * h.at.length);
  const seq = new Float64Array(2 * h.seq.length);
  at.set(h.at);
  seq.set(h.seq);
  h.at = at;
  h.seq = seq;
}

/** Place `item` at the hole `i` or above it, moving later parents down. */
function siftUp(h: Heap, i: number, item: Scheduled): void {
  const { q, at, seq } = h;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!(item.at < at[p] || (item.at === at[p] && item.seq < seq[p]))) break;
    q[i] = q[p];
    at[i] = at[p];
    seq[i] = seq[p];
    i = p;
  }
  q[i] = item;
  at[i] = item.at;
  seq[i] = item.seq;
}
