// sentinelTimer, from serverCron: one tick, then the next at a jittered period (server.hz = 10 + rand() % 10).
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';

export function sentinelTimer(_s: State, _a: ActionOf<'SentinelTimer'>): void {
  throw new Error('sentinelTimer: not modelled yet (issue 12)');
}
