// What a conformance run started, written down so that nothing outlives it. A run is one harness
// process; its id is its own PID and start time (`run-<pid36>-<start36>`), so whether a run is still alive
// can always be told. It keeps `tmp/conformance/<runId>.json` up to date — the redis-server PIDs it
// spawned with their start times, its iptables chains, ports and temp dir `tmp/conformance/<runId>/` —
// and ends all of it on exit, on errors and on SIGINT/SIGTERM/SIGHUP. A SIGKILLed run cannot, so every
// run first ends what dead runs left (reapStale), by their records only.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHAIN_PREFIX, deleteChain, LEGACY_CHAIN, listChains } from './netfilter.ts';
import { killTree, sameProcess, startOf, sweepDir } from './proc.ts';

export interface ProcRecord { pid: number; start: string; node: string }

export interface RunState {
  runId: string;
  owner: { pid: number; start: string };
  /** the run's temp dir: every node's redis.conf, data and log */
  dir: string;
  procs: ProcRecord[];
  chains: string[];
  /** ip:port of every node (bus port = port + 10000) */
  ports: string[];
}

export interface ReapReport { runs: string[]; killed: number[]; spared: number[]; chains: string[]; removed: string[] }

/** The repo's ignored tmp area (`/tmp/` in .gitignore). */
export const STATE_DIR = fileURLToPath(new URL('../tmp/conformance/', import.meta.url));

export const runIdOf = (pid: number, start: string) => `run-${pid.toString(36)}-${Number(start).toString(36)}`;

/** A run id at the start of a file name or (after the prefix) of a chain name. */
const RUN_ID = /^run-([0-9a-z]+)-([0-9a-z]+)(?![0-9a-z])/;

/** The owner a run id names, or null if `name` does not start with a run id. */
function ownerOf(name: string): { pid: number; start: string } | null {
  const m = RUN_ID.exec(name);
  if (!m) return null;
  const pid = parseInt(m[1], 36);
  const start = parseInt(m[2], 36);
  return Number.isSafeInteger(pid) && Number.isSafeInteger(start) ? { pid, start: String(start) } : null;
}

const runAlive = (runId: string) => { const o = ownerOf(runId); return !!o && sameProcess(o.pid, o.start); };

function readState(file: string): RunState | null {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as RunState;
    return typeof s.dir === 'string' && Array.isArray(s.procs) && Array.isArray(s.chains) ? s : null;
  } catch { return null; }
}

/** Ends what one dead run recorded: its processes (only those whose start time still matches), chains, dir. */
function reapRun(stateDir: string, runId: string, rep: ReapReport): void {
  const state = readState(join(stateDir, `${runId}.json`));
  for (const p of state?.procs ?? []) {
    if (sameProcess(p.pid, p.start)) { killTree(p.pid); rep.killed.push(p.pid); } else if (startOf(p.pid) !== null) rep.spared.push(p.pid);
  }
  for (const ch of state?.chains ?? []) if (deleteChain(ch)) rep.chains.push(ch);
  // The run's own dir, whatever the state file says (it may predate the dir, or be missing).
  for (const pid of sweepDir(join(stateDir, runId))) if (!rep.killed.includes(pid)) rep.killed.push(pid);
  rep.runs.push(runId);
}

/**
 * Cleans up after runs that are no longer alive: for each run id found in `stateDir` (state file, temp
 * dir) or in a chain name `<chainPrefix><runId>-<slot>`, if its owner process is gone, SIGKILLs the
 * processes it recorded whose start time still matches (a reused PID is spared), and any redis process
 * working inside its temp dir, deletes its chains and removes its files. `legacy` also deletes chains
 * named as older harness versions did (`RCONF<n>`), which name no owner.
 */
export function reapStale(stateDir = STATE_DIR, opts: { chainPrefix?: string; legacy?: boolean } = {}): ReapReport {
  const prefix = opts.chainPrefix ?? CHAIN_PREFIX;
  const rep: ReapReport = { runs: [], killed: [], spared: [], chains: [], removed: [] };
  const chains = listChains();
  const entries = existsSync(stateDir) ? readdirSync(stateDir) : [];
  const dead = new Set<string>();
  for (const e of entries) { const id = RUN_ID.exec(e)?.[0]; if (id && !runAlive(id)) dead.add(id); }
  for (const id of dead) reapRun(stateDir, id, rep);
  for (const e of entries) {
    const id = RUN_ID.exec(e)?.[0];
    if (id && dead.has(id)) { rmSync(join(stateDir, e), { recursive: true, force: true }); rep.removed.push(e); }
  }
  for (const ch of chains) {
    const stale = ch.startsWith(prefix) ? !runAlive(ch.slice(prefix.length)) : !!opts.legacy && LEGACY_CHAIN.test(ch);
    if (stale && !rep.chains.includes(ch) && deleteChain(ch)) rep.chains.push(ch);
  }
  return rep;
}

export function describeReap(r: ReapReport): string | null {
  if (!r.runs.length && !r.chains.length) return null;
  return `conformance: cleaned up after ${r.runs.length} interrupted run(s): ended ${r.killed.length} redis process(es)` +
    `${r.killed.length ? ` (PIDs ${r.killed.join(' ')})` : ''}, deleted ${r.chains.length} iptables chain(s)${r.chains.length ? ` (${r.chains.join(' ')})` : ''},` +
    ` removed ${r.removed.length} file(s)/dir(s) in tmp/conformance` +
    `${r.spared.length ? `; left alone recorded PIDs now used by other programs: ${r.spared.join(' ')}` : ''}`;
}

// --- The live run of this process. ---

let run: RunState | null = null;
let reaped: ReapReport | null = null;
const teardowns = new Set<() => void>();
let hooked = false;

/** Cleans up after dead runs once per process (the CLI calls it first, to print what it did). */
export function prepare(opts: { legacy?: boolean } = {}): ReapReport {
  if (!reaped) reaped = reapStale(STATE_DIR, opts);
  return reaped;
}

function save(): void {
  if (!run) return;
  const file = join(STATE_DIR, `${run.runId}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(run, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** This process's run, started on first use: stale runs reaped, state file written, then its dir made. */
export function currentRun(): RunState {
  if (run) return run;
  if (!reaped) { const msg = describeReap(prepare()); if (msg) process.stderr.write(`${msg}\n`); }
  const start = startOf(process.pid) ?? '0';
  const runId = runIdOf(process.pid, start);
  run = { runId, owner: { pid: process.pid, start }, dir: join(STATE_DIR, runId), procs: [], chains: [], ports: [] };
  mkdirSync(STATE_DIR, { recursive: true });
  save();
  mkdirSync(run.dir, { recursive: true });
  hookSignals();
  return run;
}

export function recordProc(pid: number, node: string): void {
  currentRun().procs.push({ pid, start: startOf(pid) ?? '', node });
  save();
}

export function forgetProcs(pids: number[]): void {
  if (!run) return;
  run.procs = run.procs.filter((p) => !pids.includes(p.pid));
  save();
}

/** Recorded before the chain is created, so a chain of ours is always named in the state file. */
export function recordChain(chain: string): void {
  const r = currentRun();
  if (!r.chains.includes(chain)) { r.chains.push(chain); save(); }
}

export function forgetChain(chain: string): void {
  if (!run) return;
  run.chains = run.chains.filter((c) => c !== chain);
  save();
}

export function recordPorts(ports: string[]): void { currentRun().ports.push(...ports); save(); }

export function forgetPorts(ports: string[]): void {
  if (!run) return;
  run.ports = run.ports.filter((p) => !ports.includes(p));
  save();
}

/** A cluster's synchronous teardown, run by cleanupAll; the returned function unregisters it. */
export function onTeardown(fn: () => void): () => void {
  teardowns.add(fn);
  return () => { teardowns.delete(fn); };
}

/** Once no cluster is left: ends anything still recorded, removes the run's dir and state file. */
export function endRunIfIdle(): void {
  if (!run || teardowns.size) return;
  const r = run;
  for (const p of r.procs) if (sameProcess(p.pid, p.start)) killTree(p.pid);
  for (const ch of r.chains) deleteChain(ch);
  sweepDir(r.dir);
  rmSync(r.dir, { recursive: true, force: true });
  rmSync(join(STATE_DIR, `${r.runId}.json`), { force: true });
  run = null;
}

/** Tears every live cluster of this process down, synchronously (exit, signals, errors). */
export function cleanupAll(): void {
  for (const fn of [...teardowns]) { try { fn(); } catch { /* keep going: the rest must still be ended */ } }
  teardowns.clear();
  endRunIfIdle();
}

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/** The harness ends what it started itself: redis-servers are detached, so no signal reaches them. */
function hookSignals(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanupAll);
  for (const [sig, n] of Object.entries(SIGNALS)) {
    process.on(sig, () => {
      if (run) process.stderr.write(`conformance: ${sig}: ending the redis-servers and iptables chains this run started\n`);
      cleanupAll();
      process.exit(128 + n);
    });
  }
}
