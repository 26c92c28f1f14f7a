// A slow link: every message from `from` to `to` takes `ms` longer (0 restores it).
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';

export function linkDelayed(s: State, a: ActionOf<'LinkDelayed'>): void {
  // A new table, not an edit: lib/net.ts remembers the last table it saw and whether it was empty.
  s.net.delay = { ...s.net.delay, [`${a.from}>${a.to}`]: a.ms };
}
