// The formal model: step(state, action) → state. One exhaustive dispatcher over every action type;
// each transition lives in its own file under transitions/ and mutates an immer draft.
import { produce, setAutoFreeze } from 'immer';
import { match } from 'ts-pattern';
import type { Action, ActionOf, ActionType } from './actions.ts';
import type { State } from './state.ts';
import { busConnected } from '../cluster/transitions/busConnected.ts';
import { busDelivered } from '../cluster/transitions/busDelivered.ts';
import { bgsaveCompleted } from './transitions/bgsaveCompleted.ts';
import { clientReplyDelivered } from './transitions/clientReplyDelivered.ts';
import { clientRequestDelivered } from './transitions/clientRequestDelivered.ts';
import { clientTimedOut } from './transitions/clientTimedOut.ts';
import { configSet } from './transitions/configSet.ts';
import { diskSlowed } from './transitions/diskSlowed.ts';
import { fsyncCompleted } from './transitions/fsyncCompleted.ts';
import { fsyncRequested } from './transitions/fsyncRequested.ts';
import { kernelWriteback } from './transitions/kernelWriteback.ts';
import { linkDelayed } from './transitions/linkDelayed.ts';
import { manualFailoverRequested } from '../cluster/transitions/manualFailoverRequested.ts';
import { networkHealed } from './transitions/networkHealed.ts';
import { networkPartitioned } from './transitions/networkPartitioned.ts';
import { processCrashed } from './transitions/processCrashed.ts';
import { processPaused } from './transitions/processPaused.ts';
import { processRestarted } from './transitions/processRestarted.ts';
import { processResumed } from './transitions/processResumed.ts';
import { replDelivered } from '../replication/transitions/replDelivered.ts';
import { replForkCompleted } from '../replication/transitions/replForkCompleted.ts';
import { serverCron } from './transitions/serverCron.ts';
import { waitTimedOut } from '../replication/transitions/waitTimedOut.ts';
import { writeIssued } from './transitions/writeIssued.ts';
import { replicaofRequested } from '../replication/transitions/replicaofRequested.ts';
import { configFileEdited } from './transitions/configFileEdited.ts';
import { sentinelFailoverRequested } from '../sentinel/transitions/sentinelFailoverRequested.ts';
import { clockJumped } from './transitions/clockJumped.ts';
import { sentinelTimer } from '../sentinel/transitions/sentinelTimer.ts';
import { sentinelDelivered } from '../sentinel/transitions/sentinelDelivered.ts';
import { sentinelQueryTimedOut } from '../sentinel/transitions/sentinelQueryTimedOut.ts';
import { exitable, sentinelSimulateFailureRequested } from '../sentinel/transitions/sentinelSimulateFailure.ts';

// The state holds a shared HistoryStore (append-only), which immer must not freeze.
setAutoFreeze(false);

type Handler = (s: State, a: Action) => void;

/** A transition for action type K, checked against K, stored under the common signature. */
function to<K extends ActionType>(_type: K, t: (s: State, a: ActionOf<K>) => void): Handler {
  return t as Handler;
}

/**
 * The dispatcher: ts-pattern's .exhaustive() makes a new action type a compile error until it is
 * handled here. It matches on the type name only, to pick the transition; `apply` asks it once per
 * action type and keeps the answer, because building the match chain on every step cost about a
 * third of the run time.
 */
function transitionFor(type: ActionType): Handler {
  return match(type)
    .with('ServerCron', (k) => to(k, serverCron))
    .with('BusDelivered', (k) => to(k, busDelivered))
    .with('BusConnected', (k) => to(k, busConnected))
    .with('ReplDelivered', (k) => to(k, replDelivered))
    .with('ClientRequestDelivered', (k) => to(k, clientRequestDelivered))
    .with('ClientReplyDelivered', (k) => to(k, clientReplyDelivered))
    .with('WriteIssued', (k) => to(k, writeIssued))
    .with('ClientTimedOut', (k) => to(k, clientTimedOut))
    .with('KernelWriteback', (k) => to(k, kernelWriteback))
    .with('FsyncCompleted', (k) => to(k, fsyncCompleted))
    .with('BgsaveCompleted', (k) => to(k, bgsaveCompleted))
    .with('ReplForkCompleted', (k) => to(k, replForkCompleted))
    .with('WaitTimedOut', (k) => to(k, waitTimedOut))
    .with('ProcessCrashed', (k) => to(k, processCrashed))
    .with('ProcessRestarted', (k) => to(k, processRestarted))
    .with('ProcessPaused', (k) => to(k, processPaused))
    .with('ProcessResumed', (k) => to(k, processResumed))
    .with('NetworkPartitioned', (k) => to(k, networkPartitioned))
    .with('NetworkHealed', (k) => to(k, networkHealed))
    .with('LinkDelayed', (k) => to(k, linkDelayed))
    .with('FsyncRequested', (k) => to(k, fsyncRequested))
    .with('DiskSlowed', (k) => to(k, diskSlowed))
    .with('ManualFailoverRequested', (k) => to(k, manualFailoverRequested))
    .with('ConfigSet', (k) => to(k, configSet))
    .with('ReplicaofRequested', (k) => to(k, replicaofRequested))
    .with('ConfigFileEdited', (k) => to(k, configFileEdited))
    .with('SentinelFailoverRequested', (k) => to(k, sentinelFailoverRequested))
    .with('ClockJumped', (k) => to(k, clockJumped))
    .with('SentinelSimulateFailureRequested', (k) => to(k, sentinelSimulateFailureRequested))
    // The two handlers that reach sentinelSimFailureCrash (the election, an INFO reply showing the promotion).
    .with('SentinelTimer', (k) => to(k, exitable(sentinelTimer)))
    .with('SentinelDelivered', (k) => to(k, exitable(sentinelDelivered)))
    .with('SentinelQueryTimedOut', (k) => to(k, sentinelQueryTimedOut))
    .exhaustive();
}

/** The dispatcher's answers, filled on first use of each action type (a plain object: cheaper than a Map here). */
const transitions: Partial<Record<ActionType, Handler>> = {};

/** Apply one action to a mutable state (an immer draft, or the simulator's working copy). */
export function apply(s: State, a: Action): void {
  // The commonest actions (nearly every step) skip the table lookup, most frequent first.
  switch (a.type) {
    case 'BusDelivered': busDelivered(s, a); return;
    case 'ServerCron': serverCron(s, a); return;
    case 'ReplDelivered': replDelivered(s, a); return;
    case 'WriteIssued': writeIssued(s, a); return;
    case 'ClientRequestDelivered': clientRequestDelivered(s, a); return;
    case 'ClientReplyDelivered': clientReplyDelivered(s, a); return;
    case 'ClientTimedOut': clientTimedOut(s, a); return;
  }
  const t = transitions[a.type] ?? (transitions[a.type] = transitionFor(a.type));
  t(s, a);
}

/** The pure reducer: a new state, the old one untouched. */
export function step(state: State, action: Action): State {
  return produce(state, (draft) => { apply(draft as State, action); });
}
