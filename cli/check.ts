// npm run check -- --conf redis.conf [--topology 3x1]: the user's own configuration in, a verdict
// out — every claim of the catalogue and every runbook fault family run on it, printed as a table
// and written as Markdown, with the trace of each witness, counterexample and worst run.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { EXIT, UsageError, intValue, parseCli, runMain } from './args.ts';
import { printable } from '../lib/text.ts';
import { writeAtomic } from '../properties/counterexamples.ts';
import type { PinnedConfig } from '../properties/generators.ts';
import { ConfError, readConf } from '../check/conf.ts';
import { mapDirectives, NotModelledError } from '../check/mapping.ts';
import { DEFAULTS } from '../model/kernel/config.ts';
import { checkFamilies, checkProperties } from '../check/run.ts';
import { renderMarkdown, renderText, type Report } from '../check/render.ts';
import { DEFAULT_TOPOLOGY, parseTopology, TopologyError } from '../check/topology.ts';
import { catalog } from '../properties/index.ts';
import { FAMILIES } from '../audit/matrix-families.ts';

const spec = {
  usage: 'npm run check -- --conf <redis.conf> [--topology 3x1] [--runs N] [--family-runs N] [--seed N] [--out check-report.md] [--only NAME]…',
  about: 'Reads a Redis Cluster redis.conf as Redis 7.0.15 does, maps every option the model knows (warning about the rest), '
    + 'then runs every claim of the catalogue whose scope admits the configuration and every runbook fault family on it. '
    + 'Prints a table and writes the same as Markdown; each witness, counterexample and worst run is written as a replayable trace '
    + 'in a folder named after the report. Exit 0 when the check ran (hazards found are the answer), 1 when a guarantee '
    + '(always/eventually) was violated on this configuration, 2 on bad input.',
  options: {
    conf: { type: 'string', arg: 'redis.conf', help: 'the configuration file (cluster-enabled yes); include lines are followed relative to its folder' },
    sentinel: { type: 'string', arg: 'sentinel.conf', help: 'not supported: Sentinel is not modelled yet' },
    topology: { type: 'string', arg: 'MxR', help: `masters × replicas per master, e.g. 3x1 or masters=5,replicasPerMaster=2 (default ${DEFAULT_TOPOLOGY.masters}x${DEFAULT_TOPOLOGY.replicasPerMaster}, the runbooks')` },
    runs: { type: 'string', arg: 'N', help: 'generated traces per claim (default 40)' },
    'family-runs': { type: 'string', arg: 'N', help: 'seeded runs per fault family (default 8, as the matrix)' },
    seed: { type: 'string', arg: 'N', help: 'seed of the property runs and first seed of the family runs (default 1)' },
    out: { type: 'string', arg: 'file.md', help: 'the Markdown report (default check-report.md in the current folder); traces go to the folder of the same name' },
    only: { type: 'string', multiple: true, arg: 'NAME', help: 'run only this claim or fault family (repeatable)' },
  },
} as const;

/** The folder of a report's traces: check-report.md → check-report/. */
export const tracesDir = (out: string): string => join(dirname(out), basename(out).replace(/\.md$/i, '') + (/\.md$/i.test(out) ? '' : '.traces'));

function main(): number {
  const { values } = parseCli(spec);
  if (values.sentinel !== undefined) {
    throw new UsageError(`--sentinel ${printable(String(values.sentinel))}: Sentinel is not modelled yet — the check covers Redis Cluster only (a redis.conf with cluster-enabled yes, given with --conf)`);
  }
  if (typeof values.conf !== 'string') throw new UsageError('--conf: expected the path of a redis.conf');
  const conf = values.conf;
  const runs = intValue(values.runs as string | undefined, '--runs', 40);
  const familyRuns = intValue(values['family-runs'] as string | undefined, '--family-runs', 8);
  const seed = intValue(values.seed as string | undefined, '--seed', 1, 0);
  const out = typeof values.out === 'string' ? values.out : 'check-report.md';
  const only = (values.only as string[] | undefined) ?? undefined;
  const known = new Set([...catalog.map((p) => p.name), ...FAMILIES.map((f) => f.id)]);
  const bad = (only ?? []).filter((n) => !known.has(n));
  if (bad.length) throw new UsageError(`--only: no claim or fault family named ${bad.map((b) => `"${printable(b)}"`).join(', ')} (claims: properties/*.ts names; families: ${FAMILIES.map((f) => f.id).join(', ')})`);

  let topology = DEFAULT_TOPOLOGY;
  let read;
  let mapped;
  try {
    if (typeof values.topology === 'string') topology = parseTopology(values.topology);
    read = readConf(conf);
    mapped = mapDirectives(read.directives, conf);
  } catch (e) {
    if (e instanceof ConfError || e instanceof NotModelledError || e instanceof TopologyError) throw new UsageError(printable(e.message));
    throw e;
  }
  const config: PinnedConfig = {
    ...mapped.options,
    ...topology,
    nodeTimeout: mapped.options.nodeTimeout ?? DEFAULTS.nodeTimeout,
    appendonly: mapped.options.appendonly ?? DEFAULTS.appendonly,
    save: mapped.options.save ?? DEFAULTS.save,
    requireFullCoverage: mapped.options.requireFullCoverage ?? DEFAULTS.requireFullCoverage,
    minReplicasToWrite: mapped.options.minReplicasToWrite ?? DEFAULTS.minReplicasToWrite,
    replicaValidityFactor: mapped.options.replicaValidityFactor ?? DEFAULTS.replicaValidityFactor,
  };
  const label = basename(conf);
  const onlyProps = only ? only.filter((n) => catalog.some((p) => p.name === n)) : undefined;
  const onlyFams = only ? only.filter((n) => FAMILIES.some((f) => f.id === n)) : undefined;
  const properties = checkProperties(config, { runs, seed, only: onlyProps });
  const families = checkFamilies(config, { runs: familyRuns, seed: Math.max(seed, 1), label, only: onlyFams });

  // Traces next to the report: this command owns the folder's *.json files.
  const dir = tracesDir(out);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.json')) rmSync(join(dir, f), { force: true });
  const files: Report['files'] = new Map();
  const save = (name: string, trace: object) => {
    const path = join(dir, `${name}.json`);
    writeAtomic(path, `${JSON.stringify(trace, null, 2)}\n`);
    const rel = relative(process.cwd(), path);
    files.set(name, { link: relative(dirname(out), path), shown: rel.startsWith('..') ? resolve(path) : rel });
  };
  for (const p of properties) if (p.trace) save(p.property, { ...p.trace, name: `${p.property} on ${label}`, description: p.message });
  for (const f of families) save(f.cell.family.id, f.worst.trace);

  const command = `npm run check -- --conf ${conf} --topology ${topology.masters}x${topology.replicasPerMaster} --runs ${runs} --family-runs ${familyRuns} --seed ${seed}${only ? only.map((o) => ` --only ${o}`).join('') : ''}`;
  const report: Report = { conf: printable(conf), command: printable(command), topology, mapped, readNotes: read.notes, runs, familyRuns, seed, properties, families, files };
  writeAtomic(out, renderMarkdown(report));
  process.stdout.write(renderText(report, out));
  return properties.some((p) => p.verdict === 'violated') ? EXIT.failed : EXIT.ok;
}

void runMain(main);
