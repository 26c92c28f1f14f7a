// The partition ends: TCP retransmits what the open replication connections had in flight.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { release } from '../lib/net.ts';
import { record } from '../lib/timeline.ts';

export function networkHealed(s: State, _a: ActionOf<'NetworkHealed'>): void {
  s.net.group = {};
  record(s, 'net', 'heal', {});
  release(s, 'partition');
}
