// Ghost history: the timeline of observable events (design §3 outcome.timeline).
import type { State, TimelineEntry } from './state.ts';

export function record(s: State, node: string, event: string, extra: Omit<TimelineEntry, 'at' | 'node' | 'event'> = {}): void {
  s.timeline.push({ at: s.now, node, event, ...extra });
}
