// The protocol's draws hash a number as its base-36 digits. feed has a branch per size of number
// (one digit, a small integer, a larger safe integer); each must hash the same bytes as the string.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feed, pickAfter, pickAfterIndex } from '../model/kernel/rng.ts';

describe('feed', () => {
  it('hashes a number as the string of its base-36 digits, on every branch', () => {
    const edges = [0, 9, 10, 35, 36, 1295, 1296, 46655, 46656, 60_000, 3_640_000, 2 ** 31 - 1, 2 ** 31, 2 ** 40 + 5, Number.MAX_SAFE_INTEGER];
    for (const p of edges) expect(feed(12345, p), `p = ${p}`).toBe(feed(12345, p.toString(36)));
    fc.assert(fc.property(fc.integer(), fc.maxSafeNat(), (h, p) => feed(h, p) === feed(h, p.toString(36))), { seed: 1 });
  });
});

describe('pickAfterIndex', () => {
  it('draws what pickAfter draws, for every index and any prefix and range', () => {
    for (const i of [0, 9, 10, 35, 36, 37, 1295, 1296, 5000]) expect(pickAfterIndex(401, 777, i), `i = ${i}`).toBe(pickAfter(401, 777, i));
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: -1, max: 100_000 }), (h, i, n) => pickAfterIndex(n, h, i) === pickAfter(n, h, i)), { seed: 1 });
  });
});
