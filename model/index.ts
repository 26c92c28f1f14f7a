// The model's public surface: parse a trace, run it, get the outcome.
import { outcome, type Outcome } from './kernel/outcome.ts';
import { run, type RunOptions } from './kernel/sim.ts';
import type { State } from './kernel/state.ts';
import type { Trace } from './kernel/trace.ts';

export { parseTrace, TraceError, type Trace } from './kernel/trace.ts';
export { step, apply } from './kernel/step.ts';
export { initialState } from './kernel/init.ts';
export type { State } from './kernel/state.ts';
export type { Outcome } from './kernel/outcome.ts';

export function simulate(t: Trace, opts: RunOptions = {}): { state: State; outcome: Outcome } {
  const state = run(t, opts);
  return { state, outcome: outcome(t, state) };
}
