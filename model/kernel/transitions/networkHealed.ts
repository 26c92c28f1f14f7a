// The partition ends: TCP retransmits what the open connections had in flight, and retries dropped SYNs.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { PARTITION, release } from '../net.ts';
import { synRetries } from '../../cluster/cron.ts';
import { record } from '../timeline.ts';

export function networkHealed(s: State, _a: ActionOf<'NetworkHealed'>): void {
  s.net.group = {};
  record(s, 'net', 'heal', {});
  release(s, PARTITION);
  synRetries(s);
}
