// Shared helpers for the tests: load a scenario, run it, query its timeline.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace, simulate, type Trace } from '../model/index.ts';
import type { Outcome } from '../model/kernel/outcome.ts';
import type { State, TimelineEntry } from '../model/kernel/state.ts';

export const SCENARIOS = join(import.meta.dirname, '..', 'scenarios');

export function scenarioFiles(): string[] {
  return readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')).sort();
}

export function loadScenario(file: string, override: Record<string, unknown> = {}): Trace {
  const raw = JSON.parse(readFileSync(join(SCENARIOS, file), 'utf8'));
  return parseTrace({ ...raw, config: { ...raw.config, ...override } });
}

export interface Run { trace: Trace; state: State; outcome: Outcome; events: (event: string, node?: string) => TimelineEntry[] }

export function runTrace(trace: Trace): Run {
  const { state, outcome } = simulate(trace);
  const events = (event: string, node?: string) => state.timeline.filter((e) => e.event === event && (node === undefined || e.node === node));
  return { trace, state, outcome, events };
}

export function runScenario(file: string, override: Record<string, unknown> = {}): Run {
  return runTrace(loadScenario(file, override));
}

export function trace(input: Record<string, unknown>): Trace {
  return parseTrace({ events: [], ...input });
}
