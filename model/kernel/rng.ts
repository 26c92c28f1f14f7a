// The protocol's randomness, derived from a hash of (seed, node, purpose, time or epoch), so that
// shrinking one environment event does not reshuffle every random choice after it (design §2).

const FNV_OFFSET = 0x811c9dc5;

/** Scratch for feed's base-36 digits (a small integer has at most 6). */
const digits = new Int32Array(8);

/** FNV-1a state after one more part (a number as its base-36 digits, or a string), then a separator. */
export function feed(h: number, p: string | number): number {
  if (typeof p === 'number' && p >= 0 && p < 36 && (p | 0) === p) {
    // One base-36 digit (indices of draws).
    h ^= p < 10 ? 48 + p : 87 + p;
    h = Math.imul(h, 0x01000193);
  } else if (typeof p === 'number' && p >= 0 && p <= 0x7fffffff && (p | 0) === p) {
    // A small integer (times, epochs; hot: every gossip and cron pick): the same bytes as
    // p.toString(36), its digits found by integer division, lowest first.
    let k = 0;
    for (let x = p; x > 0; k++) {
      const q = (x / 36) | 0;
      digits[k] = x - q * 36;
      x = q;
    }
    while (k > 0) {
      const d = digits[--k];
      h ^= d < 10 ? 48 + d : 87 + d;
      h = Math.imul(h, 0x01000193);
    }
  } else if (typeof p === 'number' && Number.isSafeInteger(p) && p >= 0) {
    // A larger safe integer (a seed): the same bytes as p.toString(36), without allocating the string.
    let div = 1;
    while (div * 36 <= p) div *= 36;
    for (let x = p; div >= 1; div /= 36) {
      const d = Math.floor(x / div);
      x -= d * div;
      h ^= d < 10 ? 48 + d : 87 + d;
      h = Math.imul(h, 0x01000193);
    }
  } else {
    const s = typeof p === 'number' ? p.toString(36) : p;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= 0x2f;
  return Math.imul(h, 0x01000193);
}

/** The FNV state of a common prefix of parts: callers that draw many picks share it (see `finish`). */
export function prefix(...parts: Array<string | number>): number {
  let h = FNV_OFFSET;
  for (const p of parts) h = feed(h, p);
  return h;
}

/** prefix(seed, purpose, node) for one purpose, remembered per node index for the current seed. */
export interface NodePrefixes {
  purpose: string;
  seed: number;
  /** by the node's index: the name it was computed for, and the prefix */
  nodes: string[];
  prefixes: number[];
}

export function nodePrefixes(purpose: string): NodePrefixes {
  return { purpose, seed: NaN, nodes: [], prefixes: [] };
}

/**
 * prefix(seed, purpose, node): the constant head of a node's draws for one purpose (gossip, cron
 * pings), so a draw only hashes what changes (time, index). Found by the node's index (hot: every
 * ping); the name is checked too, since another cluster shape may put another node at that index.
 */
export function nodePrefix(memo: NodePrefixes, seed: number, node: string, idx: number): number {
  if (seed !== memo.seed) { memo.nodes = []; memo.prefixes = []; memo.seed = seed; }
  if (memo.nodes[idx] === node) return memo.prefixes[idx];
  const h = prefix(seed, memo.purpose, node);
  memo.nodes[idx] = node;
  memo.prefixes[idx] = h;
  return h;
}

/** The murmur3 finalizer over an FNV state: hash(...parts) === finish(prefix(...parts)). */
export function finish(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a over the parts, then a murmur3 finalizer. */
export function hash(...parts: Array<string | number>): number {
  return finish(prefix(...parts));
}

/** A uniform integer in [0, n). */
export function pick(n: number, ...parts: Array<string | number>): number {
  return n <= 0 ? 0 : uint32Mod(hash(...parts), n);
}

/** pick(n, ...parts, last) from prefix(...parts): the same draw without re-hashing the prefix. */
export function pickAfter(n: number, h: number, last: string | number): number {
  return n <= 0 ? 0 : uint32Mod(finish(feed(h, last)), n);
}

/**
 * pickAfter(n, h, i) for a draw's index i (an integer in [0, 1296): one or two base-36 digits, fed
 * as `feed` feeds them), small enough for V8 to inline in the loops that draw dozens per message.
 */
export function pickAfterIndex(n: number, h: number, i: number): number {
  if (i >= 1296 || n <= 0) return pickAfter(n, h, i);
  if (i >= 36) {
    const d = (i / 36) | 0;
    h = Math.imul(h ^ (d < 10 ? 48 + d : 87 + d), 0x01000193);
    i -= d * 36;
  }
  h = Math.imul(h ^ (i < 10 ? 48 + i : 87 + i), 0x01000193);
  return uint32Mod(finish(Math.imul(h ^ 0x2f, 0x01000193)), n);
}

/**
 * x % n for a uint32 x (a hash) and a small integer n, as a small integer. A uint32 above 2^31 is
 * a heap number in V8, and so is its remainder by `%`: one stored as a time (cronPhase → the
 * agenda → s.now → every *Time field) turns all those fields into boxed doubles. Exact: x < 2^32,
 * so x / n is never within rounding of the next integer and floor(x / n) is the true quotient.
 */
export function uint32Mod(x: number, n: number): number {
  if (n > 0x7fff || (n | 0) !== n) return x % n;
  return (x - Math.floor(x / n) * n) | 0;
}

/** A 40-hex replication id or node id, stable for the same inputs. */
export function hexId(...parts: Array<string | number>): string {
  const h = prefix(...parts); // hash(...parts, i) for i = 0, 1, …: the parts are hashed once
  let out = '';
  for (let i = 0; out.length < 40; i++) out += finish(feed(h, i)).toString(16).padStart(8, '0');
  return out.slice(0, 40);
}
