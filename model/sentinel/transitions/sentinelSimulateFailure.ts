// SENTINEL SIMULATE-FAILURE sent to a Sentinel (sentinelCommand "simulate-failure"): it arms the
// process to exit(99) right after it logs +elected-leader or +promoted-slave (sentinelSimFailureCrash).
import type { Action, ActionOf } from '../../kernel/actions.ts';
import { hold } from '../../kernel/net.ts';
import type { State } from '../../kernel/state.ts';
import { record } from '../../kernel/timeline.ts';
import type { SentinelProc } from '../state.ts';
import { sentinelCrashed } from './sentinelCrashed.ts';

export function sentinelSimulateFailureRequested(s: State, a: ActionOf<'SentinelSimulateFailureRequested'>): void {
  const sen = s.sentinels[a.node];
  // A stopped process refuses the connection; a paused one reads the command when it resumes.
  if (sen.proc === 'down') { record(s, sen.name, 'simulate-failure-refused', { detail: 'no reply: the Sentinel is not running' }); return; }
  if (sen.proc === 'paused') { hold(s, sen.name, a); return; }
  // The command first clears the flags, then sets the one it names (none: HELP, which only lists the
  // modes); initSentinel clears them too (a restart).
  if (a.mode === 'none') delete sen.simFailure;
  else sen.simFailure = a.mode;
  record(s, sen.name, 'simulate-failure', { detail: a.mode });
}

/** The exit's detail on the timeline (the real run's log says "Sentinel CRASH because of SENTINEL simulate-failure"). */
export const SIM_FAILURE_EXIT = 'exit(99): SENTINEL simulate-failure';

/** Thrown by sentinelSimFailureCrash: exit() does not return, so nothing after it in the handler runs. */
export class SentinelExited {
  constructor(readonly node: string) {}
}

/**
 * sentinelSimFailureCrash: "Sentinel CRASH because of SENTINEL simulate-failure", exit(99). The kernel
 * closes the process's sockets as for kill -9 (what it had written so far still arrives); it stays
 * down until a `restart` event.
 */
export function sentinelSimFailureCrash(s: State, sen: SentinelProc): never {
  sentinelCrashed(s, sen, false, SIM_FAILURE_EXIT);
  throw new SentinelExited(sen.name);
}

/** A Sentinel transition whose handler may end in sentinelSimFailureCrash: the exit ends the handler. */
export function exitable<A extends Action>(t: (s: State, a: A) => void): (s: State, a: A) => void {
  return (s, a) => {
    try {
      t(s, a);
    } catch (e) {
      if (!(e instanceof SentinelExited)) throw e;
    }
  };
}
