// `sync` on a machine: everything its page cache holds (AOF, nodes.conf) reaches stable storage.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { syncAll } from '../persistence.ts';

export function fsyncRequested(s: State, a: ActionOf<'FsyncRequested'>): void {
  syncAll(s.nodes[a.node]);
}
