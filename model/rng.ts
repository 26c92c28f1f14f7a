// The protocol's randomness, derived from a hash of (seed, node, purpose, time or epoch), so that
// shrinking one environment event does not reshuffle every random choice after it (design §2).

/** 32-bit FNV-1a over the parts, then a murmur3 finalizer. */
export function hash(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    if (typeof p === 'number' && Number.isSafeInteger(p) && p >= 0) {
      // Same bytes as p.toString(36), without allocating the string (hot: gossip and cron picks).
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
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform integer in [0, n). */
export function pick(n: number, ...parts: Array<string | number>): number {
  return n <= 0 ? 0 : hash(...parts) % n;
}

/** A 40-hex replication id or node id, stable for the same inputs. */
export function hexId(...parts: Array<string | number>): string {
  let out = '';
  for (let i = 0; out.length < 40; i++) out += hash(...parts, i).toString(16).padStart(8, '0');
  return out.slice(0, 40);
}
