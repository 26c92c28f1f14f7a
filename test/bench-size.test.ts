// The size sweep's decomposition of a message's cost (bench/size.ts entryFit): a cost that grows only
// with the gossip entries lies on its line; one that grows with the cluster otherwise stands off it.
import { describe, expect, it } from 'vitest';
import { entryFit } from '../bench/size.ts';

const row = (entries: number, us: number) => ({ entriesPerMessage: entries, usPerMessage: { min: us, median: us, max: us } });
const ENTRIES = [1.3, 2.1, 3.5, 8.3, 19.1, 39.1];

describe('size sweep: cost per message as fixed part + per gossip entry', () => {
  it('recovers both parts of a cost that grows only with the entries', () => {
    const fit = entryFit(ENTRIES.map((e) => row(e, 1.6 + 0.05 * e)));
    expect(fit.fixed).toBeCloseTo(1.6, 9);
    expect(fit.perEntry).toBeCloseTo(0.05, 9);
    for (const m of fit.misfit) expect(Math.abs(m)).toBeLessThan(1e-9);
  });

  it('shows a cost that grows with the square of the cluster as rows off the line', () => {
    // entries ≈ N/10, so a scan of all pairs per message adds about entries² to each.
    const fit = entryFit(ENTRIES.map((e) => row(e, 1.6 + 0.05 * e + 0.01 * e * e)));
    expect(Math.max(...fit.misfit.map(Math.abs))).toBeGreaterThan(0.15);
  });
});
