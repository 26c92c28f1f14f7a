// What `npm run explore` prints for a scope, the verdict as an exit code, and the shortest trace of a
// finding, replayed from scratch (runTrace) to confirm it and to count its steps, then written as a
// normal trace file.
import { writeAtomic } from '../properties/counterexamples.ts';
import { runTrace } from '../properties/property.ts';
import type { TraceInput } from '../model/kernel/trace.ts';
import type { ExploreResult, Finding, LevelFigures } from './search.ts';
import { traceInputOf } from './search.ts';
import type { Scope } from './scope.ts';

export interface Confirmed {
  finding: Finding;
  trace: TraceInput;
  /** The check's message on the replayed trace (with real step numbers). */
  message: string;
}

/** Replay the finding's path as a plain trace; the property must say the same on it. */
export function confirm(scope: Scope, f: Finding): Confirmed {
  const what = f.kind === 'found' ? 'witness' : 'counterexample';
  const draft = traceInputOf(scope, f.path, f.at, `${f.property.name}: ${what} (${scope.name}, ${f.events} events)`, '');
  const message = f.property.check(runTrace(draft, f.property.watch));
  if (message === null) throw new Error(`${scope.name}: the search saw "${f.message}" but a replay of its trace does not (${JSON.stringify(draft.events)})`);
  const description = `${message}. Found by npm run explore on scope ${scope.name}: the fewest events (${f.events}), then the earliest end.`;
  return { finding: f, trace: { ...draft, description }, message };
}

export function writeTrace(file: string, c: Confirmed): void {
  writeAtomic(file, `${JSON.stringify(c.trace, null, 2)}\n`);
}

export function header(scope: Scope, file: string): string {
  const c = scope.base.config;
  const t = scope.times;
  const times = t.length > 1 ? `${t.length} times (${t[0]}–${t[t.length - 1]} ms)` : `time ${t[0]} ms`;
  return [
    `scope ${scope.name} (${file})`,
    `  ${c.masters} masters × ${c.replicasPerMaster} replica${c.replicasPerMaster === 1 ? '' : 's'}, seed ${scope.base.seed}; up to ${scope.maxEvents} events at ${times}, until ${scope.base.until} ms`,
    `  menu: ${scope.menu.map((m) => m.label).join('; ')}`,
    `  checking: ${scope.properties.map((p) => p.name).join(', ') || '(no always-property)'}${scope.hazard ? `; hazard to find: ${scope.hazard.name}` : ''}`,
  ].join('\n');
}

export function levelLine(d: number, f: LevelFigures): string {
  return `  level ${d}: ${f.explored} states (${f.distinct} distinct)`;
}

export function figures(r: ExploreResult): string {
  const secs = r.ms / 1000;
  const model = r.distinctModel !== r.distinct ? ` (${r.distinctModel} distinct model states: the rest differ only in history)` : '';
  return `  states explored ${r.explored}, distinct states ${r.distinct}${model}, depth reached ${events(r.depth)}, ${Math.round(r.explored / Math.max(secs, 1e-3))} states/s (${secs.toFixed(1)} s)`;
}

const events = (n: number): string => `${n} event${n === 1 ? '' : 's'}`;

const pathText = (f: Finding): string => f.path.map((p) => `${p.item.label} at ${p.at} ms`).join(', ') || 'no fault event';

/** The verdict line(s) and the exit code: 0 as the scope expects, 1 otherwise. */
export function verdict(scope: Scope, r: ExploreResult, c: Confirmed | null, file: string | null): { text: string; code: 0 | 1 } {
  const checked = scope.properties.map((p) => p.name).join(', ');
  const where = file ? `\n    trace: ${file} (npm run simulate -- ${file} --timeline)` : '';
  if (c) {
    const f = c.finding;
    const head = f.kind === 'found' ? `FOUND ${f.property.name}` : `VIOLATED ${f.property.name}`;
    const fewer = r.levels.slice(0, f.events).reduce((a, l) => a + l.distinct, 0);
    const proof = f.events === 0 ? 'with no fault event' : `with ${events(f.events)}, the fewest: every schedule of fewer (${fewer} distinct states) was explored without it`;
    const text = `  ${head} ${proof}\n    ${pathText(f)}, checked at ${f.at} ms: ${c.message}${where}`;
    return { text, code: f.kind === 'found' ? 0 : 1 };
  }
  if (!r.exhausted) return { text: `  stopped after ${r.explored} states (--max-states): scope NOT exhausted, nothing proved`, code: 1 };
  const none = checked ? `no violation of ${checked}` : 'no always-property checked';
  if (scope.hazard) return { text: `  scope exhausted: ${r.distinct} distinct states, ${none}; hazard ${scope.hazard.name} NOT found, though the scope says it must be`, code: 1 };
  return { text: `  scope exhausted: ${r.distinct} distinct states, ${none}`, code: 0 };
}
