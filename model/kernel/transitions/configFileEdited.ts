// Placeholder while issue 12 is built: the trace format accepts the event, the model does not run it yet.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';

export function configFileEdited(_s: State, a: ActionOf<'ConfigFileEdited'>): void {
  throw new Error(`${a.type} is not modelled yet (issue 12)`);
}
