// What a property is (design §5): a named claim with an expectation, a scope, the source that
// promises it, the traces it is checked on, and a check over one run's result.
import type fc from 'fast-check';
import { parseTrace, simulate, type Outcome, type State, type Trace } from '../model/index.ts';
import type { TraceInput } from '../model/kernel/trace.ts';
import type { Plan } from './generators.ts';
import type { StandalonePlan } from './sentinel-generators.ts';

/** A generated schedule: a Cluster drill, or a Sentinel / replication one. */
export type AnyPlan = Plan | StandalonePlan;

export type Expectation = 'always' | 'sometimes' | 'eventually';

/** One simulated run, with the few facts the observer collected on the way. */
export interface RunResult {
  input: TraceInput;
  trace: Trace;
  state: State;
  outcome: Outcome;
  /** The model threw: a reducer must be total over valid traces. */
  error: string | null;
  /** Time of every step, in order (step n ran at stepTimes[n]). */
  stepTimes: number[];
  /** Each applied write's offset in the stream of the master that applied it. */
  writeOffset: Map<string, number>;
  /** What a property's `watch` collected during the run. */
  scratch: Record<string, unknown>;
}

/** Per-step observation for claims about instants (called after every step; keep it cheap). */
export type Watch = (s: State, a: { type: string }, at: number, scratch: Record<string, unknown>) => void;

export interface Property {
  name: string;
  /** One sentence. */
  claim: string;
  expectation: Expectation;
  /** Configurations and fault family. */
  scope: string;
  /** protocol.md section and the Redis function that promises (or allows) it. */
  source: string;
  arbitrary: fc.Arbitrary<{ plan: AnyPlan; trace: TraceInput }>;
  /**
   * always / eventually: null when the claim holds, else the violation (with its step).
   * sometimes: null while no witness, else a description of the witness (with its step).
   */
  check(r: RunResult): string | null;
  /** Situations (coverage labels) this property needs the generator to reach. */
  needs?: string[];
  /**
   * How many ordinary runs one of its runs costs (big clusters): a check runs numRuns / cost of
   * them, at least 2, so `npm test` and `npm run verify` stay in their time.
   */
  cost?: number;
  /** The arbitrary of `npm test`'s quick batch (CheckOptions.quick), when the full scope is too slow for it. */
  quick?: fc.Arbitrary<{ plan: AnyPlan; trace: TraceInput }>;
  watch?: Watch;
}

/** Run a trace, never throwing: a model exception is recorded in `error`. */
export function runTrace(input: TraceInput, watch?: Watch): RunResult {
  const trace = parseTrace(input);
  const stepTimes: number[] = [];
  const writeOffset = new Map<string, number>();
  let state: State | null = null;
  const scratch: Record<string, unknown> = {};
  const observe = (s: State, a: { type: string; wid?: string }, at: number) => {
    stepTimes.push(at);
    state = s;
    watch?.(s, a, at, scratch);
    if (a.type === 'ClientRequestDelivered') {
      const w = s.writes[Number(a.wid!.slice(1)) - 1];
      if (w.appliedBy !== null && !writeOffset.has(w.id)) writeOffset.set(w.id, s.nodes[w.appliedBy].masterReplOffset);
    }
  };
  try {
    const r = simulate(trace, { observe: observe as never });
    return { input, trace, state: r.state, outcome: r.outcome, error: null, stepTimes, writeOffset, scratch };
  } catch (e) {
    const err = e as Error;
    const where = (err.stack ?? '').split('\n').slice(1, 3).map((l) => l.trim()).join(' ← ');
    return { input, trace, state: state!, outcome: null as unknown as Outcome, error: `${err.message} (${where})`, stepTimes, writeOffset, scratch };
  }
}

/** The step index at (or just after) time `at`. */
export function stepAt(r: RunResult, at: number): number {
  let lo = 0;
  let hi = r.stepTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.stepTimes[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A violation / witness string that names the step and the time. */
export function at(r: RunResult, t: number, msg: string): string {
  return `step ${stepAt(r, t)} (T+${t} ms): ${msg}`;
}

/** For 'always'/'eventually' properties: a model crash is a violation. */
export function crashed(r: RunResult): string | null {
  return r.error ? at(r, r.stepTimes[r.stepTimes.length - 1] ?? 0, `model threw: ${r.error}`) : null;
}

/** Parse the step number back out of a check's message. */
export function stepOf(msg: string): number {
  const m = /^step (\d+)/.exec(msg);
  return m ? Number(m[1]) : -1;
}
