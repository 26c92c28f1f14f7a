// Hash slots: CRC16/XMODEM key hashing with hash tags (cluster.c keyHashSlot) and slot range sets.
import { CLUSTER_SLOTS } from '../kernel/config.ts';

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let j = 0; j < 8; j++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

export function crc16(s: string): number {
  let crc = 0;
  if (isAscii(s)) {
    // One byte per character: no Buffer to allocate (hot: every generated key).
    for (let i = 0; i < s.length; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff];
    return crc;
  }
  const bytes = Buffer.from(s, 'utf8');
  for (const b of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ b) & 0xff];
  return crc;
}

/** Every UTF-16 unit below 0x80: the UTF-8 bytes are the character codes. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** keyHashSlot: only the part inside the first non-empty {…} is hashed. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % CLUSTER_SLOTS;
  }
  return crc16(key) % CLUSTER_SLOTS;
}

/** Inclusive slot ranges, sorted and non-overlapping: the bitmap of a node, in a readable form. */
export type SlotRanges = Array<[number, number]>;

export function slotCount(r: SlotRanges): number {
  return r.reduce((n, [a, b]) => n + b - a + 1, 0);
}

export function hasSlot(r: SlotRanges, s: number): boolean {
  return r.some(([a, b]) => s >= a && s <= b);
}

/** How `redis-cli --cluster create` splits the slots among n masters (clusterManagerNodeArray… allocSlots). */
export function initialSlots(masters: number): SlotRanges[] {
  const per = CLUSTER_SLOTS / masters;
  let first = 0;
  let cursor = 0;
  const out: SlotRanges[] = [];
  for (let i = 0; i < masters; i++) {
    let last = Math.round(cursor + per - 1);
    if (last > CLUSTER_SLOTS - 1 || i === masters - 1) last = CLUSTER_SLOTS - 1;
    if (last < first) last = first;
    out.push([[first, last]]);
    first = last + 1;
    cursor += per;
  }
  return out;
}

/** Slot → owner table kept as ranges per owner; the owner-of query is a scan over few ranges. */
export type SlotTable = Array<{ from: number; to: number; owner: string | null }>;

/**
 * A copy of a table, its rows built by one literal (as `assign` builds them): spread copies get a
 * map of their own, and every reader of rows (ownerOf, numSlots, rangesOf) turns polymorphic.
 */
export function copyTable(t: SlotTable): SlotTable {
  return t.map(copyRow);
}

function copyRow(r: SlotTable[number]): SlotTable[number] {
  return { from: r.from, to: r.to, owner: r.owner };
}

export function ownerOf(t: SlotTable, s: number): string | null {
  for (const r of t) if (s >= r.from && s <= r.to) return r.owner;
  return null;
}

export function rangesOf(t: SlotTable, owner: string): SlotRanges {
  return t.filter((r) => r.owner === owner).map((r) => [r.from, r.to] as [number, number]);
}

/**
 * The last few `assign` results. A failover makes every node apply the same change to the same
 * table (tables are shared until one changes, and never changed in place), so they all get the
 * same new table back: each node's slot readers (view.ts) then find it already indexed, and a header's
 * slots are the receiver's own array.
 */
const recent: Array<{ t: SlotTable; ranges: SlotRanges; owner: string | null; out: SlotTable }> = [];
const RECENT = 4;

const sameRanges = (a: SlotRanges, b: SlotRanges) => a.length === b.length && a.every(([x, y], i) => x === b[i][0] && y === b[i][1]);

/** Returns a table in which the slots of `ranges` belong to `owner`; adjacent equal owners merge. Read-only: it may be shared. */
export function assign(t: SlotTable, ranges: SlotRanges, owner: string | null): SlotTable {
  for (const r of recent) if (r.t === t && r.owner === owner && sameRanges(r.ranges, ranges)) return r.out;
  const out = assignNew(t, ranges, owner);
  recent.unshift({ t, ranges: ranges.map(([a, b]) => [a, b]), owner, out });
  if (recent.length > RECENT) recent.pop();
  return out;
}

function assignNew(t: SlotTable, ranges: SlotRanges, owner: string | null): SlotTable {
  const out: SlotTable = [];
  const set = (from: number, to: number, o: string | null) => {
    const last = out[out.length - 1];
    if (last && last.owner === o && last.to === from - 1) last.to = to;
    else out.push({ from, to, owner: o });
  };
  // Cut points from both the table and the new ranges.
  const cuts = new Set<number>([0, CLUSTER_SLOTS]);
  for (const r of t) { cuts.add(r.from); cuts.add(r.to + 1); }
  for (const [a, b] of ranges) { cuts.add(a); cuts.add(b + 1); }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1] - 1;
    const o = hasSlot(ranges, from) ? owner : ownerOf(t, from);
    set(from, to, o);
  }
  return out;
}

export function tableFrom(ranges: Array<{ owner: string; slots: SlotRanges }>): SlotTable {
  let t: SlotTable = [{ from: 0, to: CLUSTER_SLOTS - 1, owner: null }];
  for (const r of ranges) t = assign(t, r.slots, r.owner);
  return t;
}

export function formatRanges(r: SlotRanges): string {
  return r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}
