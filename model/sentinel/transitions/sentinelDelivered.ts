// A Sentinel message arrives (at a Sentinel, or at a data node that answers or fans a hello out).
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';

export function sentinelDelivered(_s: State, _a: ActionOf<'SentinelDelivered'>): void {
  throw new Error('sentinelDelivered: not modelled yet (issue 12)');
}
