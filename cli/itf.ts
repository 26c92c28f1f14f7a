// A run as an ITF trace (the Informal Trace Format of Apalache and Quint, ADR-015): `#meta`, `vars`,
// and `states`, each state a value for every var plus `#meta.index`. Integers are written as
// {"#bigint": "…"}, per-node values as {"#map": [[node, value], …]}, lists as JSON arrays.
// One state at the start, one after every step that is an environment event (except the writes:
// the `writes` var counts them) or that the timeline records (PFAIL, FAIL, an election, a vote, a
// promotion…), and one at `until`.
import { initialState } from '../model/kernel/init.ts';
import { run } from '../model/kernel/sim.ts';
import type { Action } from '../model/kernel/actions.ts';
import type { State, TimelineEntry } from '../model/kernel/state.ts';
import type { Trace } from '../model/kernel/trace.ts';
import { advertisedOffset } from '../model/kernel/nodes.ts';
import { sentinelGetCurrentMasterAddress } from '../model/sentinel/sentinelGetCurrentMasterAddress.ts';

export type ItfValue = boolean | string | ItfValue[] | { '#bigint': string } | { '#map': Array<[ItfValue, ItfValue]> } | { [field: string]: ItfValue };

export interface ItfTrace {
  '#meta': Record<string, unknown>;
  vars: string[];
  states: Array<Record<string, unknown> & { '#meta': { index: number } }>;
}

/** Per node (a map from node name): role, process up, master replicated, epochs, offset, keys. */
const PER_NODE = ['role', 'up', 'replicaOf', 'currentEpoch', 'configEpoch', 'offset', 'keys'] as const;
/** Per Sentinel (empty outside a sentinel deployment): the master it names, its current epoch, its failover state. */
const PER_SENTINEL = ['sentinelMaster', 'sentinelEpoch', 'failoverState'] as const;
/** time (ms), the model action of the step, the node it concerns ("" for none), what the timeline recorded, writes issued so far. */
export const ITF_VARS = ['time', 'action', 'actionNode', 'happened', ...PER_NODE, ...PER_SENTINEL, 'writes'];

const big = (n: number): ItfValue => ({ '#bigint': String(n) });

/** Environment actions: the trace's events as the model sees them. */
const ENVIRONMENT = new Set<Action['type']>(['ProcessCrashed', 'ProcessRestarted', 'ProcessPaused', 'ProcessResumed', 'NetworkPartitioned',
  'NetworkHealed', 'LinkDelayed', 'FsyncRequested', 'DiskSlowed', 'ManualFailoverRequested', 'ConfigSet', 'ReplicaofRequested',
  'ConfigFileEdited', 'SentinelFailoverRequested', 'SentinelSimulateFailureRequested', 'ClockJumped']);

function happened(e: TimelineEntry): string {
  return [e.node, e.event, e.about ? `about ${e.about}` : '', e.epoch !== undefined ? `epoch ${e.epoch}` : '', e.detail ?? ''].filter(Boolean).join(' ');
}

function snapshot(s: State, at: number, action: string, node: string, entries: TimelineEntry[]): Record<string, ItfValue> {
  const nodes = Object.values(s.nodes);
  const perNode = (f: (n: (typeof nodes)[number]) => ItfValue): ItfValue => ({ '#map': nodes.map((n) => [n.name, f(n)] as [ItfValue, ItfValue]) });
  const sentinels = Object.values(s.sentinels);
  const perSentinel = (f: (x: (typeof sentinels)[number]) => ItfValue): ItfValue => ({ '#map': sentinels.map((x) => [x.name, f(x)] as [ItfValue, ItfValue]) });
  return {
    time: big(at),
    action,
    actionNode: node,
    happened: entries.map(happened),
    role: perNode((n) => n.role),
    up: perNode((n) => n.proc !== 'down'),
    replicaOf: perNode((n) => (n.role === 'replica' ? n.repl.master ?? '' : '')),
    currentEpoch: perNode((n) => big(n.cluster.currentEpoch)),
    configEpoch: perNode((n) => big(n.cluster.configEpoch)),
    offset: perNode((n) => big(n.role === 'master' ? n.masterReplOffset : advertisedOffset(n))),
    keys: perNode((n) => big(s.store.keyCount(n.data))),
    sentinelMaster: perSentinel((x) => (x.proc === 'down' ? '' : sentinelGetCurrentMasterAddress(x.master))),
    sentinelEpoch: perSentinel((x) => big(x.currentEpoch)),
    failoverState: perSentinel((x) => x.master.failoverState),
    writes: big(s.writes.length),
  };
}

/** Runs the trace and returns it as ITF (and the final state); `source` is the file it came from (for #meta). */
export function toItf(t: Trace, source: string): { itf: ItfTrace; state: State } {
  const states: Array<Record<string, ItfValue>> = [snapshot(initialState(t), 0, 'init', '', [])];
  let seen = 0;
  const final = run(t, {
    observe: (s, a, at) => {
      const entries = s.timeline.length > seen ? s.timeline.slice(seen) : [];
      seen = s.timeline.length;
      if (entries.length || ENVIRONMENT.has(a.type)) states.push(snapshot(s, at, a.type, 'node' in a && typeof a.node === 'string' ? a.node : '', entries));
    },
  });
  states.push(snapshot(final, t.until, 'end', '', []));
  const itf: ItfTrace = {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source,
      description: `redis-failover-verifier run of "${t.name}" (seed ${t.seed}, until ${t.until} ms)`,
    },
    vars: ITF_VARS,
    states: states.map((st, index) => ({ '#meta': { index }, ...st })),
  };
  return { itf, state: final };
}
