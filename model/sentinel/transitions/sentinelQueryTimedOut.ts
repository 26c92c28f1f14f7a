// A Sentinel-aware client got no answer from the Sentinel it asked in time: it asks the next one.
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { sentinelQueryTimedOut as askNext } from '../client.ts';

export function sentinelQueryTimedOut(s: State, a: ActionOf<'SentinelQueryTimedOut'>): void {
  askNext(s, a.qid);
}
