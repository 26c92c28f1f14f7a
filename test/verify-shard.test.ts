// `npm run verify -- --shard i/n` and `--merge`: the split is a partition fixed by (units, i, n), and
// merged shards write the same counterexamples and reports as one machine's run.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finish } from '../properties/verify.ts';
import { handle, shardIndices, units } from '../properties/verify-job.ts';
import { loadShards, selected, writeShard, type Settings } from '../properties/verify-shard.ts';

const files = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    .map((d) => [join(d.parentPath, d.name).slice(dir.length), readFileSync(join(d.parentPath, d.name), 'utf8')]));

function dirs() {
  const root = mkdtempSync(join(tmpdir(), 'verify-shard-'));
  const d = { reports: join(root, 'reports'), counterexamples: join(root, 'counterexamples') };
  mkdirSync(d.reports);
  return { root, d };
}

describe('verify shards', () => {
  it('each unit goes to exactly one shard, for any n', () => {
    for (const count of [1, 5, 27, 54]) {
      for (let n = 1; n <= 7; n++) {
        const all = Array.from({ length: n }, (_, i) => shardIndices(count, i + 1, n)).flat().sort((a, b) => a - b);
        expect(all).toEqual(Array.from({ length: count }, (_, k) => k));
      }
    }
  });

  it('three shards merged write the same files as one run', () => {
    const settings: Settings = { runs: 3, seed: 5, seeds: 2, filter: 'power-loss-everysec', shards: 1 };
    expect(selected(settings.filter)).toHaveLength(2);
    const all = units(selected(settings.filter), settings.runs, settings.seed, settings.seeds);
    const one = dirs();
    expect(finish(settings, all.map(handle), one.d, true)).toBe(0);

    const out = mkdtempSync(join(tmpdir(), 'verify-shards-'));
    for (let i = 1; i <= 3; i++) {
      const idx = shardIndices(all.length, i, 3);
      writeShard(out, { ...settings, shards: 3 }, i, all, idx, idx.map((k) => handle(all[k])));
    }
    const merged = loadShards([out]);
    expect(merged.settings.shards).toBe(3);
    const many = dirs();
    expect(finish(merged.settings, merged.answers, many.d, true)).toBe(0);
    const a = files(one.root);
    expect(Object.keys(a)).toContain('/reports/README.md');
    expect(Object.keys(a)).toContain('/counterexamples/power-loss-everysec-can-lose-writes.json');
    expect(files(many.root)).toEqual(a);
  }, 30_000);

  it('refuses an incomplete set of shards, naming the missing one', () => {
    const settings: Settings = { runs: 1, seed: 1, seeds: 1, filter: 'model-never-throws', shards: 2 };
    const all = units(selected(settings.filter), settings.runs, settings.seed, settings.seeds);
    const out = mkdtempSync(join(tmpdir(), 'verify-shards-'));
    writeShard(out, settings, 1, all, shardIndices(all.length, 1, 2), [handle(all[0])]);
    expect(() => loadShards([out])).toThrow(/missing shard 2\/2/);
  });
});
