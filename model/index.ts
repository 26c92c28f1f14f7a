// The model's public surface: parse a trace, run it, get the outcome.
import { outcome, type Outcome } from './outcome.ts';
import { run, type RunOptions } from './sim.ts';
import type { State } from './state.ts';
import type { Trace } from './trace.ts';

export { parseTrace, TraceError, type Trace } from './trace.ts';
export { step, apply } from './step.ts';
export { initialState } from './init.ts';
export type { State } from './state.ts';
export type { Outcome } from './outcome.ts';

export function simulate(t: Trace, opts: RunOptions = {}): { state: State; outcome: Outcome } {
  const state = run(t, opts);
  return { state, outcome: outcome(t, state) };
}
