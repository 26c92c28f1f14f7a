// npm run check -- --conf redis.conf [--sentinel sentinel.conf] [--topology 3x1 | 1x2+3]: the user's
// own configuration in, a verdict out — every claim of the catalogue and every runbook fault family
// of its deployment kind (Redis Cluster, Sentinel, plain replication) run on it, printed as a table
// and written as Markdown, with the trace of each witness, counterexample and worst run.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { EXIT, UsageError, intValue, parseCli, runMain } from './args.ts';
import { printable } from '../lib/text.ts';
import { writeAtomic } from '../properties/counterexamples.ts';
import type { PinnedConfig } from '../properties/generators.ts';
import { ConfError, readConf } from '../check/conf.ts';
import { mapDirectives, NotModelledError, type Mapped } from '../check/mapping.ts';
import { mapSentinel, type SentinelMapped } from '../check/sentinel-mapping.ts';
import { standaloneConfig } from '../check/standalone-config.ts';
import { renderStandaloneMarkdown, renderStandaloneText, type StandaloneReport } from '../check/render-standalone.ts';
import { DEFAULTS } from '../model/kernel/config.ts';
import { checkFamilies, checkProperties, checkStandaloneFamilies, type FamilyVerdict, type PropertyVerdict } from '../check/run.ts';
import { renderMarkdown, renderText, type Report } from '../check/render.ts';
import { DEFAULT_TOPOLOGY, defaultStandalone, parseStandaloneTopology, parseTopology, TopologyError, type StandaloneTopology } from '../check/topology.ts';
import { catalog } from '../properties/index.ts';
import { FAMILIES } from '../audit/matrix-families.ts';
import { SENTINEL_FAMILIES } from '../audit/matrix-sentinel.ts';

const spec = {
  usage: 'npm run check -- --conf <redis.conf> [--sentinel <sentinel.conf>] [--topology 3x1 | 1x2+3] [--runs N] [--family-runs N] [--seed N] [--out check-report.md] [--only NAME]…',
  about: 'Reads a redis.conf (and a sentinel.conf) as Redis 7.0.15 does, maps every option the model knows (warning about the rest): '
    + 'cluster-enabled yes is a Redis Cluster; cluster-enabled no is one master with replicas, under Sentinel with --sentinel, plain replication without. '
    + 'Then runs every claim of the catalogue whose scope admits the configuration and every runbook fault family of that kind on it. '
    + 'Prints a table and writes the same as Markdown; each witness, counterexample and worst run is written as a replayable trace '
    + 'in a folder named after the report. Exit 0 when the check ran (hazards found are the answer), 1 when a guarantee '
    + '(always/eventually) was violated on this configuration, 2 on bad input.',
  options: {
    conf: { type: 'string', arg: 'redis.conf', help: 'the data nodes\' configuration file; include lines are followed relative to its folder' },
    sentinel: { type: 'string', arg: 'sentinel.conf', help: 'the Sentinels\' configuration file (with a redis.conf of cluster-enabled no): sentinel monitor, down-after-milliseconds, failover-timeout, parallel-syncs, master-reboot-down-after-period' },
    topology: { type: 'string', arg: 'MxR', help: `Cluster: masters × replicas per master, e.g. 3x1 or masters=5,replicasPerMaster=2 (default ${DEFAULT_TOPOLOGY.masters}x${DEFAULT_TOPOLOGY.replicasPerMaster}, the runbooks'); standalone: 1x<replicas>[+<sentinels>], e.g. 1x2+3 or replicas=2,sentinels=3 (default 1x2+3 with --sentinel, 1x2 without)` },
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
  if (typeof values.conf !== 'string') throw new UsageError('--conf: expected the path of a redis.conf');
  const conf = values.conf;
  const runs = intValue(values.runs as string | undefined, '--runs', 40);
  const familyRuns = intValue(values['family-runs'] as string | undefined, '--family-runs', 8);
  const seed = intValue(values.seed as string | undefined, '--seed', 1, 0);
  const out = typeof values.out === 'string' ? values.out : 'check-report.md';
  const only = (values.only as string[] | undefined) ?? undefined;
  const known = new Set([...catalog.map((p) => p.name), ...FAMILIES.map((f) => f.id), ...SENTINEL_FAMILIES.map((f) => f.id)]);
  const bad = (only ?? []).filter((n) => !known.has(n));
  if (bad.length) throw new UsageError(`--only: no claim or fault family named ${bad.map((b) => `"${printable(b)}"`).join(', ')} (claims: properties/*.ts names; families: ${[...FAMILIES, ...SENTINEL_FAMILIES].map((f) => f.id).join(', ')})`);

  let read;
  let mapped;
  try {
    read = readConf(conf);
    mapped = mapDirectives(read.directives, conf);
  } catch (e) {
    if (e instanceof ConfError || e instanceof NotModelledError) throw new UsageError(printable(e.message));
    throw e;
  }
  const sentinelConf = typeof values.sentinel === 'string' ? values.sentinel : undefined;
  if (mapped.kind === 'standalone') return standalone({ conf, sentinelConf, read, mapped, runs, familyRuns, seed, out, only, topologySpec: values.topology as string | undefined });
  if (sentinelConf !== undefined) throw new UsageError(`--sentinel ${printable(sentinelConf)}: ${printable(conf)} has cluster-enabled yes — a Redis Cluster fails over by itself, without Sentinel; give the data nodes' redis.conf of a Sentinel deployment (cluster-enabled no)`);
  let topology = DEFAULT_TOPOLOGY;
  try {
    if (typeof values.topology === 'string') topology = parseTopology(values.topology);
  } catch (e) {
    if (e instanceof TopologyError) throw new UsageError(printable(e.message));
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

  const files = saveTraces(out, label, properties, families);

  const command = `npm run check -- --conf ${conf} --topology ${topology.masters}x${topology.replicasPerMaster} --runs ${runs} --family-runs ${familyRuns} --seed ${seed}${only ? only.map((o) => ` --only ${o}`).join('') : ''}`;
  const report: Report = { conf: printable(conf), command: printable(command), topology, mapped, readNotes: read.notes, runs, familyRuns, seed, properties, families, files };
  writeAtomic(out, renderMarkdown(report));
  process.stdout.write(renderText(report, out));
  return properties.some((p) => p.verdict === 'violated') ? EXIT.failed : EXIT.ok;
}

/** Writes each witness, counterexample and worst run next to the report: this command owns the folder's *.json files. */
function saveTraces(out: string, label: string, properties: PropertyVerdict[], families: FamilyVerdict[]): Report['files'] {
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
  return files;
}

interface StandaloneArgs {
  conf: string; sentinelConf?: string; read: { notes: string[] }; mapped: Mapped; runs: number; familyRuns: number; seed: number; out: string; only?: string[]; topologySpec?: string;
}

/** Cross-checks between the two files and the topology that Redis would not refuse but that change the answer. */
function standaloneNotes(mapped: Mapped, t: StandaloneTopology, s?: SentinelMapped): string[] {
  const notes: string[] = [];
  const r = mapped.replicaof;
  if (r) notes.push(`replicaof ${r.host} ${r.port} (${r.file}:${r.line}) is read as the replicas' line: in the model R1…R${t.replicas} replicate M${s ? ' and M starts as master' : ''}`);
  if (s && r && (r.host !== s.monitor.host || r.port !== s.monitor.port)) notes.push(`the replicas follow ${r.host}:${r.port} but the Sentinels monitor ${s.monitor.host}:${s.monitor.port} (${s.monitor.file}:${s.monitor.line}); the model takes both to be M`);
  if (s && (s.options.quorum ?? DEFAULTS.quorum) > t.sentinels) notes.push(`quorum ${s.options.quorum} is above the ${t.sentinels} Sentinels: no Sentinel can ever see the master objectively down, so there is no automatic failover`);
  return notes;
}

function standalone(a: StandaloneArgs): number {
  let topology: StandaloneTopology = defaultStandalone(a.sentinelConf !== undefined);
  let sentinel: SentinelMapped | undefined;
  let sentinelRead: { notes: string[] } | undefined;
  try {
    if (a.topologySpec !== undefined) topology = parseStandaloneTopology(a.topologySpec, a.sentinelConf !== undefined);
    if (a.sentinelConf !== undefined) {
      const r = readConf(a.sentinelConf);
      sentinelRead = r;
      sentinel = mapSentinel(r.directives, a.sentinelConf);
    }
  } catch (e) {
    if (e instanceof ConfError || e instanceof TopologyError) throw new UsageError(printable(e.message));
    throw e;
  }
  const config = standaloneConfig(a.mapped, topology, sentinel);
  const label = basename(a.conf);
  const onlyProps = a.only ? a.only.filter((n) => catalog.some((p) => p.name === n)) : undefined;
  const onlyFams = a.only ? a.only.filter((n) => SENTINEL_FAMILIES.some((f) => f.id === n)) : undefined;
  const properties = checkProperties(config, { runs: a.runs, seed: a.seed, only: onlyProps });
  const families = checkStandaloneFamilies(config, { runs: a.familyRuns, seed: Math.max(a.seed, 1), label, only: onlyFams });
  const files = saveTraces(a.out, label, properties, families);
  const topo = `1x${topology.replicas}${sentinel ? `+${topology.sentinels}` : ''}`;
  const command = `npm run check -- --conf ${a.conf}${a.sentinelConf !== undefined ? ` --sentinel ${a.sentinelConf}` : ''} --topology ${topo} --runs ${a.runs}${sentinel ? ` --family-runs ${a.familyRuns}` : ''} --seed ${a.seed}${a.only ? a.only.map((o) => ` --only ${o}`).join('') : ''}`;
  const report: StandaloneReport = {
    conf: printable(a.conf), ...(a.sentinelConf !== undefined ? { sentinelConf: printable(a.sentinelConf) } : {}), command: printable(command), topology, mapped: a.mapped,
    ...(sentinel ? { sentinel } : {}), config, readNotes: [...a.read.notes, ...(sentinelRead?.notes ?? [])], notes: standaloneNotes(a.mapped, topology, sentinel),
    runs: a.runs, familyRuns: a.familyRuns, seed: a.seed, properties, families, files,
  };
  writeAtomic(a.out, renderStandaloneMarkdown(report));
  process.stdout.write(renderStandaloneText(report, a.out));
  return properties.some((p) => p.verdict === 'violated') ? EXIT.failed : EXIT.ok;
}

void runMain(main);
