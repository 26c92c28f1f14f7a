// A Sentinel's links (instanceLink): connections to the instances it monitors, and sending on them.
import type { NodeName, State } from '../kernel/state.ts';
import type { SentinelBody } from './messages.ts';
import type { SentinelProc } from './state.ts';

/** Send a command on the command connection to `addr`; false when the link is down (not sent). */
export function sendCommand(_s: State, _sen: SentinelProc, _addr: NodeName, _body: SentinelBody): boolean {
  throw new Error('sendCommand: not modelled yet (issue 12)');
}
