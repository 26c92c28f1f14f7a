// The network: partitions (groups), per-direction extra latency, and FIFO delivery per channel.
import type { Action, BusMsg, ReplMsg } from '../actions.ts';
import type { State } from '../state.ts';
import { schedule } from './agenda.ts';

/** Everyone in the same group reaches everyone; a client left out of every group reaches all nodes. */
export function reachable(s: State, a: string, b: string): boolean {
  if ((a === 'client' || b === 'client') && !('client' in s.net.group)) return true;
  return (s.net.group[a] ?? 0) === (s.net.group[b] ?? 0);
}

/** When a message sent now from `from` to `to` arrives: latency plus any delay, never before an earlier one. */
export function arrival(s: State, from: string, to: string): number {
  const key = `${from}>${to}`;
  const t = Math.max(s.now + s.config.latency + (s.net.delay[key] ?? 0), s.net.lastDelivery[key] ?? 0);
  s.net.lastDelivery[key] = t;
  return t;
}

export function sendBus(s: State, msg: BusMsg): void {
  schedule(s, arrival(s, msg.from, msg.to), { type: 'BusDelivered', msg });
}

export function sendRepl(s: State, msg: ReplMsg): void {
  schedule(s, arrival(s, msg.from, msg.to), { type: 'ReplDelivered', msg });
}

export function newConn(s: State): number {
  return ++s.net.nextConn;
}

/** Keep a delivery until the receiver runs again (paused) or the partition heals. */
export function hold(s: State, key: string, a: Action): void {
  (s.held[key] ??= []).push(a);
}

/**
 * Deliver what was held under `key`, in order. Data already in a paused process's socket buffers is
 * read at once (`now`); after a partition heals, TCP retransmits it over the network (`arrival`).
 */
export function release(s: State, key: string, alreadyArrived = false): void {
  const items = s.held[key];
  if (!items) return;
  delete s.held[key];
  for (const a of items) {
    const [from, to] = a.type === 'BusDelivered' || a.type === 'ReplDelivered' ? [a.msg.from, a.msg.to] : ['client', key];
    schedule(s, alreadyArrived ? s.now : arrival(s, from, to), a);
  }
}
