// Placeholder while issue 12 is built: the trace format accepts the event, the model does not run it yet.
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';

export function sentinelFailoverRequested(_s: State, a: ActionOf<'SentinelFailoverRequested'>): void {
  throw new Error(`${a.type} is not modelled yet (issue 12)`);
}
