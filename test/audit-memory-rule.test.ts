// The memory-headroom rule of the runbook audit (audit/rules-memory.ts): what syncMemory measures of
// a full sync on small runs, and that the rule's cases follow from those measurements.
import { describe, expect, it } from 'vitest';
import { runTrace } from '../properties/property.ts';
import { MEMORY_RULES, syncMemory, syncTrace } from '../audit/rules-memory.ts';
import { replTrace } from '../audit/rules-replication.ts';
import { RULES } from '../audit/rules.ts';

describe('syncMemory (the stream held for a replica and the keys written while the child runs)', () => {
  const slow = syncTrace('memory test: 1,000 keys, 2 writes per ms', 1000, { loops: 2, every: 1 }, 100);
  const fast = syncTrace('memory test: 1,000 keys, 20 writes per ms', 1000, { loops: 20, every: 1 }, 100);
  const a = syncMemory(slow)!;
  const b = syncMemory(fast)!;

  it('null when R1 never full-syncs (replicas boot in sync with M)', () => {
    expect(syncMemory(replTrace('memory test: no sync', [], 1000))).toBeNull();
  });

  it('the snapshot is the dataset at the fork: its keys, and the offset +FULLRESYNC announced', () => {
    const start = runTrace(slow).state.timeline.find((e) => e.node === 'R1' && e.event === 'full-sync-start')!;
    expect(a.keys).toBe(1000);
    expect(a.datasetBytes).toBe(start.offset);
    expect(b.datasetBytes).toBe(a.datasetBytes);
  });

  it('the child runs a few ms for 1,000 keys; the stream is held until R1 loaded and ACKed (two 1 ms hops more)', () => {
    expect(a.childMs).toBeGreaterThan(0);
    expect(a.childMs).toBe(b.childMs);
    expect(a.heldMs).toBe(a.childMs + 2);
  });

  it('held bytes and keys written follow the write rate: 10× the writes, about 10× of each', () => {
    expect(a.keysWritten).toBe(2 * a.childMs);
    expect(b.keysWritten).toBe(20 * b.childMs);
    expect(a.heldBytes).toBeGreaterThan(a.keysWritten * 30); // a SET of a fresh key is ~40 bytes
    expect(b.heldBytes / a.heldBytes).toBeGreaterThan(8);
    expect(b.heldBytes / a.heldBytes).toBeLessThan(12);
  });
});

describe('the syncMemoryShare rule', () => {
  it('is reachable from RULES and decides from its measured cases: the write rate decides the need', () => {
    expect(RULES.syncMemoryShare).toBe(MEMORY_RULES.syncMemoryShare);
    const cases = MEMORY_RULES.syncMemoryShare.cases();
    expect(cases).toHaveLength(4);
    const [rate, , low] = cases.map((c) => c.holds);
    expect(rate).toBe(false);
    expect(low).toBe(false);
    // Each case's text follows its own measurement.
    for (const c of cases.slice(1)) expect(c.detail).toMatch(c.holds ? /stays about the same|reaches|within/ : /not fixed|stays under|more than/);
    expect(cases[3].detail).toContain('checkClientOutputBufferLimits');
  });
});
