// Races the Cluster comparison forgives only when the run shows them (conformance/races.ts).
import { describe, expect, it } from 'vitest';
import { siblingElections } from '../conformance/races.ts';

const election = (at: number, node: string) => ({ at, node, event: 'election' });

describe('siblingElections', () => {
  const tied = new Set(['C1', 'C2']);
  it('counts a tied sibling\'s election that came within a second of another of its shard', () => {
    expect(siblingElections([election(6088, 'C2'), election(6098, 'C1')], tied)).toBe(1);
  });
  it('counts none for one election, siblings far apart, other shards, or a replica ranked by its offset', () => {
    expect(siblingElections([election(6088, 'C2')], tied)).toBe(0);
    expect(siblingElections([election(6088, 'C2'), election(7188, 'C1')], tied)).toBe(0);
    expect(siblingElections([election(6088, 'C2'), election(6098, 'D1')], new Set(['C2', 'D1']))).toBe(0);
    expect(siblingElections([election(6088, 'C2'), election(6098, 'C1')], new Set(['C2']))).toBe(0);
  });
});
