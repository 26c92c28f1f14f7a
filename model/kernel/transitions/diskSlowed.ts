// A slow disk: each fsync on this machine now takes `fsyncMs` (everysec may then postpone AOF writes).
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';

export function diskSlowed(s: State, a: ActionOf<'DiskSlowed'>): void {
  s.nodes[a.node].aof.fsyncMs = a.fsyncMs;
}
