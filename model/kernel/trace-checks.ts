// What a trace may ask for: size limits (so no input can hang the simulator or exhaust its memory)
// and the process-state check (so no event is a silent no-op). Both run in parseTrace after the
// schema, so every problem names the field or the event and what was expected.
import { printable } from '../../lib/text.ts';
import type { Config } from './config.ts';
import type { TraceEvent } from './trace.ts';

const DAY_MS = 86_400_000;

/**
 * Limits far above any real drill (days of simulated time, a million writes) and far below what
 * hangs or exhausts memory. README "The trace format" and docs/decisions.md give the reasons.
 */
export const LIMITS = {
  /** Simulated time: the trace's `until`, every event's `at`, a writes loop's `until` (7 days, ms). */
  timeMs: 7 * DAY_MS,
  /** A time-valued option or event field in ms (nodeTimeout, latency, delay.ms, wait.timeout…): 1 day. */
  durationMs: DAY_MS,
  /** A time-valued option in seconds (replTimeout, save seconds…): 1 day. */
  durationS: 86_400,
  /** Data nodes (masters × (1 + replicasPerMaster)). */
  dataNodes: 1200,
  /**
   * Data nodes × simulated time (node-ms): 50 node-days. The work per simulated second grows faster
   * than the node count (every node gossips with every other), so a large cluster gets less time:
   * 6 nodes the full 7 days, 96 nodes 12.5 hours, 1,200 nodes one hour.
   */
  nodeTimeMs: 50 * DAY_MS,
  /** Entries of `events`. */
  events: 100_000,
  /** Writes the whole trace issues (each `write`, plus every write of every `writes` loop up to `until`). */
  writes: 1_000_000,
  /** Size of a trace file the CLI reads. */
  fileBytes: 64 * 1024 * 1024,
} as const;

const fmt = (n: number) => n.toLocaleString('en-US');
/** "604,800,000 ms (7 days)" */
export const timeLimitText = `${fmt(LIMITS.timeMs)} ms (7 days)`;

/** Writes a `writes` loop issues before the trace ends. */
export function loopWrites(e: Extract<TraceEvent, { type: 'writes' }>, until: number): number {
  const end = Math.min(e.until, until);
  return end < e.at ? 0 : Math.floor((end - e.at) / e.every) + 1;
}

/** Problems with the run's size: node count, simulated time, total writes. */
export function sizeProblems(events: TraceEvent[], config: Config, until: number, untilGiven: boolean, settle: string): string[] {
  const problems: string[] = [];
  const nodes = config.masters * (1 + config.replicasPerMaster);
  if (nodes > LIMITS.dataNodes) {
    problems.push(`config: expected at most ${fmt(LIMITS.dataNodes)} data nodes (masters × (1 + replicasPerMaster)), got ${config.masters} × ${1 + config.replicasPerMaster} = ${fmt(nodes)}`);
  }
  if (until > LIMITS.timeMs) {
    problems.push(untilGiven
      ? `until: expected at most ${timeLimitText}, got ${until}`
      : `until: not given, and its default (${settle} = ${until} ms) is above the limit of ${timeLimitText}: give an until`);
  }
  const maxUntil = Math.floor(LIMITS.nodeTimeMs / nodes);
  if (until <= LIMITS.timeMs && until > maxUntil && nodes <= LIMITS.dataNodes) {
    problems.push(`until: ${fmt(nodes)} data nodes × ${fmt(until)} ms${untilGiven ? '' : ` (the default: ${settle})`} is above the limit of 50 node-days `
      + `(data nodes × simulated time ≤ ${fmt(LIMITS.nodeTimeMs)} node-ms): with ${fmt(nodes)} nodes, until at most ${fmt(maxUntil)} ms`);
  }
  let writes = 0;
  events.forEach((e, i) => {
    if (untilGiven && e.at > until) problems.push(`events[${i}]: ${e.type} at ${e.at} ms, after the trace's until (${until} ms): it would never run`);
    if (e.type === 'write') writes++;
    if (e.type === 'writes') writes += loopWrites(e, until);
  });
  if (writes > LIMITS.writes) {
    problems.push(`events: expected at most ${fmt(LIMITS.writes)} writes in all (each write, and every write of each writes loop up to until), got ${fmt(writes)}: write less often (a larger every) or for less time`);
  }
  return problems;
}

/** armed: a Sentinel told SENTINEL SIMULATE-FAILURE, running or exited by itself (a restart or crash is fine). */
type Proc = 'running' | 'paused' | 'down' | 'armed';

/** Why a node is in its state: the event that put it there, if any. */
interface NodeProc { proc: Proc; since: number | null; at: number }

const VERB: Record<string, string> = { crash: 'crashed', restart: 'restarted', pause: 'paused', resume: 'resumed', 'sentinel-simulate-failure': 'armed to crash' };

/** "(crashed at events[2], 5000 ms)" or "(crashed at no earlier event)" */
function why(p: NodeProc, verb: string, events: TraceEvent[]): string {
  if (p.since === null) return `(${verb} at no earlier event)`;
  return `(${VERB[events[p.since].type]} at events[${p.since}], ${p.at} ms)`;
}

/**
 * The static process check: each node's process (running, paused, down) through the events in
 * order (the order they run in), and every event that the model would ignore as impossible —
 * a restart of a process that is not down, a resume of one that is not paused, a second pause, a
 * second crash, a pause of a dead process, CONFIG SET to a process that cannot answer. A crash of
 * a paused process is fine (kill -9 works on a stopped process); so are a heal with no partition,
 * `failover` to a node that is down (the model records the refusal), `fsync`/`disk` (the machine,
 * not the process) and writes pinned to any node (the client gets an error). A Sentinel armed by
 * `sentinel-simulate-failure` may exit by itself: a later restart or crash of it is fine either way.
 */
export function processProblems(events: TraceEvent[]): string[] {
  return impossibleEvents(events).map(([i, text]) => `events[${i}]: ${text}`);
}

/**
 * The same events without the impossible ones (which the model ignores, so the run is the same):
 * for generators whose random or shrunk schedules may contain them.
 */
export function possibleEvents<E extends TraceEvent>(events: E[]): E[] {
  const bad = new Set(impossibleEvents(events).map(([i]) => i));
  return bad.size ? events.filter((_, i) => !bad.has(i)) : events;
}

/** [index, why] of every impossible event; an impossible event leaves the process as it was. */
function impossibleEvents(events: TraceEvent[]): Array<[number, string]> {
  const procs = new Map<string, NodeProc>();
  const problems: Array<[number, string]> = [];
  const get = (n: string) => procs.get(n) ?? { proc: 'running' as Proc, since: null, at: 0 };
  events.forEach((e, i) => {
    if (!('node' in e) || e.node === undefined) return;
    const p = get(e.node);
    const name = printable(e.node);
    const bad = (text: string) => problems.push([i, `${e.type} of ${name}, which is ${text}`]);
    const to = (proc: Proc) => procs.set(e.node!, { proc, since: i, at: e.at });
    switch (e.type) {
      case 'crash':
        if (p.proc === 'down') bad(`already down ${why(p, 'crashed', events)}`);
        else to('down');
        break;
      case 'restart':
        if (p.proc === 'running') bad(`running ${why(p, 'crashed', events)}`);
        else if (p.proc === 'paused') bad(`paused, not down ${why(p, 'paused', events)}: resume or crash it first`);
        else to('running');
        break;
      case 'pause':
        if (p.proc === 'paused') bad(`already paused ${why(p, 'paused', events)}`);
        else if (p.proc === 'down') bad(`down ${why(p, 'crashed', events)}: there is no process to pause`);
        else to('paused');
        break;
      case 'resume':
        if (p.proc === 'running' || p.proc === 'armed') bad(`not paused ${why(p, 'paused', events)}`);
        else if (p.proc === 'down') bad(`down, not paused ${why(p, 'paused', events)}: restart it instead`);
        else to('running');
        break;
      case 'sentinel-simulate-failure':
        if (p.proc === 'running') to('armed');
        break;
      case 'config':
        if (p.proc !== 'running') bad(`${p.proc} ${why(p, p.proc === 'down' ? 'crashed' : 'paused', events)}: CONFIG SET needs a running process`);
        break;
    }
  });
  return problems;
}
