// Shard files of `npm run verify -- --shard i/n`: one machine's answers to its units, with the
// settings of the whole run, so that `--merge` can check it has every shard of one run (same runs,
// seeds, filter and catalog) before writing the reports exactly as a single machine would.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../cli/args.ts';
import { writeAtomic } from './counterexamples.ts';
import { catalog } from './index.ts';
import { shardIndices, units, type VerifyAnswer, type VerifyJob } from './verify-job.ts';

export interface Settings {
  runs: number;
  seed: number;
  /** seeds per property: seed … seed+seeds−1 */
  seeds: number;
  /** property-name filter, or null for the whole catalog */
  filter: string | null;
  /** how many shards the run was split into (1: not split) */
  shards: number;
}

const KIND = 'redis-failover-verifier/verify-shard';
const VERSION = 1;

export interface ShardFile {
  kind: typeof KIND;
  version: typeof VERSION;
  settings: Settings;
  shard: number;
  /** every unit of the whole run, in order (the catalog the shard saw) */
  units: Array<Pick<VerifyJob, 'property' | 'seed'>>;
  /** the indices of this shard's units, and their answers in the same order */
  indices: number[];
  answers: VerifyAnswer[];
}

/** The properties a run checks, in catalog order; a filter matching none is an error. */
export function selected(filter: string | null): string[] {
  const names = catalog.map((p) => p.name).filter((n) => !filter || n.includes(filter));
  if (names.length === 0) throw new UsageError(`filter "${filter}": no property name contains it`);
  return names;
}

export const shardFileName = (i: number, n: number) => `verify-shard-${i}-of-${n}.json`;

export function writeShard(dir: string, settings: Settings, i: number, all: VerifyJob[], indices: number[], answers: VerifyAnswer[]): string {
  const f: ShardFile = { kind: KIND, version: VERSION, settings, shard: i, units: all.map(({ property, seed }) => ({ property, seed })), indices, answers };
  const file = resolve(dir, shardFileName(i, settings.shards));
  writeAtomic(file, `${JSON.stringify(f)}\n`);
  return file;
}

const sameSettings = (a: Settings, b: Settings) => a.runs === b.runs && a.seed === b.seed && a.seeds === b.seeds && a.filter === b.filter && a.shards === b.shards;

/** Checks one shard file's shape and its consistency with the current catalog; throws naming the file and field. */
export function parseShard(file: string, raw: unknown): ShardFile {
  const bad = (field: string, want: string): never => { throw new UsageError(`${file}: ${field}: expected ${want}`); };
  const f = raw as Partial<ShardFile>;
  if (typeof f !== 'object' || f === null || f.kind !== KIND) bad('kind', `"${KIND}" (not a verify shard file)`);
  if (f.version !== VERSION) bad('version', String(VERSION));
  const s = f.settings as Settings | undefined;
  const int = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;
  if (!s || !int(s.runs, 1) || !int(s.seed, 0) || !int(s.seeds, 1) || !int(s.shards, 1) || !(s.filter === null || typeof s.filter === 'string')) bad('settings', '{runs, seed, seeds, filter, shards}');
  if (!int(f.shard, 1) || f.shard! > s!.shards) bad('shard', `an integer 1…${s!.shards}`);
  // The split is recomputed from the current catalog: a shard made on another catalog cannot merge.
  const all = units(selected(s!.filter), s!.runs, s!.seed, s!.seeds);
  const recorded = JSON.stringify(f.units);
  if (recorded !== JSON.stringify(all.map(({ property, seed }) => ({ property, seed })))) bad('units', 'the units of the current catalog (merge on the same commit the shards ran)');
  const want = shardIndices(all.length, f.shard!, s!.shards);
  if (JSON.stringify(f.indices) !== JSON.stringify(want)) bad('indices', `[${want.join(', ')}]`);
  if (!Array.isArray(f.answers) || f.answers.length !== want.length) bad('answers', `${want.length} answers`);
  f.answers!.forEach((a, k) => {
    if (a?.result?.property !== all[want[k]].property || !int(a.total, 0) || typeof a.reached !== 'object') bad(`answers[${k}]`, `the answer for ${all[want[k]].property}`);
  });
  return f as ShardFile;
}

/** Shard files named on the command line: files as given, directories for every verify-shard-*.json in them. */
function shardFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try { isDir = statSync(p).isDirectory(); } catch { throw new UsageError(`--merge ${p}: no such file or directory`); }
    if (isDir) files.push(...readdirSync(p).filter((f) => /^verify-shard-\d+-of-\d+\.json$/.test(f)).sort().map((f) => join(p, f)));
    else files.push(p);
  }
  if (files.length === 0) throw new UsageError(`--merge ${paths.join(' ')}: no verify-shard-*.json file found`);
  return files;
}

/**
 * Every shard of one run, checked (same settings, each shard once, none missing, same catalog),
 * and the answers of every unit in unit order: exactly what one machine would have computed.
 */
export function loadShards(paths: string[]): { settings: Settings; answers: VerifyAnswer[] } {
  const shards = shardFiles(paths).map((file) => {
    let raw: unknown;
    try { raw = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { throw new UsageError(`${file}: not JSON (${(e as Error).message})`); }
    return { file, f: parseShard(file, raw) };
  });
  const first = shards[0];
  for (const { file, f } of shards) {
    if (!sameSettings(f.settings, first.f.settings)) throw new UsageError(`${file}: settings ${JSON.stringify(f.settings)} differ from ${first.file}'s ${JSON.stringify(first.f.settings)}: shards of different runs`);
  }
  const n = first.f.settings.shards;
  const byShard = new Map<number, ShardFile>();
  for (const { file, f } of shards) {
    if (byShard.has(f.shard)) throw new UsageError(`${file}: shard ${f.shard}/${n} given twice`);
    byShard.set(f.shard, f);
  }
  const missing = Array.from({ length: n }, (_, k) => k + 1).filter((i) => !byShard.has(i));
  if (missing.length) throw new UsageError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} (found ${[...byShard.keys()].sort((a, b) => a - b).map((i) => `${i}/${n}`).join(', ')})`);
  const answers: VerifyAnswer[] = new Array(first.f.units.length);
  for (const f of byShard.values()) f.indices.forEach((u, k) => { answers[u] = f.answers[k]; });
  return { settings: first.f.settings, answers };
}
