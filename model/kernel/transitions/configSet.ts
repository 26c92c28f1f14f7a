// CONFIG SET on one node: it lasts until the process restarts (no CONFIG REWRITE).
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { aofRewrite } from '../persistence.ts';

export function configSet(s: State, a: ActionOf<'ConfigSet'>): void {
  const n = s.nodes[a.node];
  if (n.proc !== 'up') return;
  const turnsAofOn = a.set.appendonly === true && !n.aof.on;
  Object.assign(n.config, a.set);
  if (a.set.appendonly !== undefined) n.aof.on = a.set.appendonly;
  if (turnsAofOn) aofRewrite(s, n); // CONFIG SET appendonly yes starts with a rewrite (startAppendOnly)
}
