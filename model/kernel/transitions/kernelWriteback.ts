// The kernel's periodic writeback on a machine: page-cache data older than dirty_expire reaches the disk.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { schedule } from '../agenda.ts';
import { kernelWriteback as writeback } from '../persistence.ts';

export function kernelWriteback(s: State, a: ActionOf<'KernelWriteback'>): void {
  writeback(s, s.nodes[a.node]);
  schedule(s, s.now + 5000, a);
}
