// The formal model: step(state, action) → state. One exhaustive dispatcher over every action type;
// each transition lives in its own file under transitions/ and mutates an immer draft. A plain
// `switch` with a `never` check (not ts-pattern's match, which cost a third of the run time).
import { produce, setAutoFreeze } from 'immer';
import { match } from 'ts-pattern';
import type { Action } from './actions.ts';
import type { State } from './state.ts';
import { busDelivered } from './transitions/busDelivered.ts';
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
import { manualFailoverRequested } from './transitions/manualFailoverRequested.ts';
import { networkHealed } from './transitions/networkHealed.ts';
import { networkPartitioned } from './transitions/networkPartitioned.ts';
import { processCrashed } from './transitions/processCrashed.ts';
import { processPaused } from './transitions/processPaused.ts';
import { processRestarted } from './transitions/processRestarted.ts';
import { processResumed } from './transitions/processResumed.ts';
import { replDelivered } from './transitions/replDelivered.ts';
import { replForkCompleted } from './transitions/replForkCompleted.ts';
import { serverCron } from './transitions/serverCron.ts';
import { waitTimedOut } from './transitions/waitTimedOut.ts';
import { writeIssued } from './transitions/writeIssued.ts';

// The state holds a shared HistoryStore (append-only), which immer must not freeze.
setAutoFreeze(false);

/**
 * Apply one action to a mutable state (an immer draft, or the simulator's working copy).
 * ts-pattern's .exhaustive() makes a new action type a compile error until it is handled here;
 * the most frequent protocol events come first, since the chain stops at the first match.
 */
export function apply(s: State, a: Action): void {
  match(a)
    .with({ type: 'ServerCron' }, (x) => serverCron(s, x))
    .with({ type: 'BusDelivered' }, (x) => busDelivered(s, x))
    .with({ type: 'ReplDelivered' }, (x) => replDelivered(s, x))
    .with({ type: 'ClientRequestDelivered' }, (x) => clientRequestDelivered(s, x))
    .with({ type: 'ClientReplyDelivered' }, (x) => clientReplyDelivered(s, x))
    .with({ type: 'WriteIssued' }, (x) => writeIssued(s, x))
    .with({ type: 'ClientTimedOut' }, (x) => clientTimedOut(s, x))
    .with({ type: 'KernelWriteback' }, (x) => kernelWriteback(s, x))
    .with({ type: 'FsyncCompleted' }, (x) => fsyncCompleted(s, x))
    .with({ type: 'BgsaveCompleted' }, (x) => bgsaveCompleted(s, x))
    .with({ type: 'ReplForkCompleted' }, (x) => replForkCompleted(s, x))
    .with({ type: 'WaitTimedOut' }, (x) => waitTimedOut(s, x))
    .with({ type: 'ProcessCrashed' }, (x) => processCrashed(s, x))
    .with({ type: 'ProcessRestarted' }, (x) => processRestarted(s, x))
    .with({ type: 'ProcessPaused' }, (x) => processPaused(s, x))
    .with({ type: 'ProcessResumed' }, (x) => processResumed(s, x))
    .with({ type: 'NetworkPartitioned' }, (x) => networkPartitioned(s, x))
    .with({ type: 'NetworkHealed' }, (x) => networkHealed(s, x))
    .with({ type: 'LinkDelayed' }, (x) => linkDelayed(s, x))
    .with({ type: 'FsyncRequested' }, (x) => fsyncRequested(s, x))
    .with({ type: 'DiskSlowed' }, (x) => diskSlowed(s, x))
    .with({ type: 'ManualFailoverRequested' }, (x) => manualFailoverRequested(s, x))
    .with({ type: 'ConfigSet' }, (x) => configSet(s, x))
    .exhaustive();
}

/** The pure reducer: a new state, the old one untouched. */
export function step(state: State, action: Action): State {
  return produce(state, (draft) => { apply(draft as State, action); });
}
