// hiredis queues a Sentinel's commands on a new connection until its non-blocking connect completes,
// then writes them at once; TCP delivers nothing before the handshake. So the PING, INFO, PUBLISH or
// SLAVEOF queued behind a connect reach the instance neither before the connect nor long after it —
// also when a partition swallowed the SYN and the commands, which go with the SYN's retransmission.
// (Over a slowed link each command is late by its own send time: only the order is claimed there.)
import fc from 'fast-check';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';
import type { Action, ActionOf } from '../model/kernel/actions.ts';
import type { State } from '../model/kernel/state.ts';
import { instanceOf } from '../model/sentinel/instances.ts';

/** `conn` is a connection the Sentinel `from` opened to `to` (not one it accepted, nor a client's). */
function opened(s: State, from: string, to: string, conn: number): boolean {
  const sen = s.sentinels[from];
  const inst = sen === undefined ? null : instanceOf(sen, to);
  return inst !== null && (inst.ri.link.cc === conn || inst.ri.link.pc === conn);
}

interface Scratch { bad?: unknown; connected?: Set<number>; queued?: Map<Action, number>; slowed?: Set<string>; delays?: unknown }

/**
 * Notes (scratch.bad) the first command of a Sentinel that arrives on a connection before its connect,
 * or, of those already on their way when the connect arrives, one that comes more than a round trip later.
 */
export const watchConnectOrder: Watch = (s, a, t, raw) => {
  const scratch = raw as Scratch;
  if (scratch.bad) return;
  // The links set up before T0 (model/sentinel/setup.ts) are connected already.
  const connected = (scratch.connected ??= new Set(Object.keys(s.sentinelConns).map(Number)));
  const queued = (scratch.queued ??= new Map());
  // Every link the run has slowed so far (net.delay is replaced, not edited, when a delay changes).
  const slowed = (scratch.slowed ??= new Set());
  if (s.net.delay !== scratch.delays) { scratch.delays = s.net.delay; for (const k in s.net.delay) if (s.net.delay[k]) slowed.add(k); }
  if (a.type !== 'SentinelDelivered') return;
  const msg = (a as ActionOf<'SentinelDelivered'>).msg;
  const due = queued.get(a as Action);
  if (due !== undefined) {
    queued.delete(a as Action); // its first arrival only: a paused receiver's kernel holds it for later
    if (t > due) { scratch.bad = { at: t, msg: `${msg.from}'s ${msg.body.type} queued behind the connect of connection ${msg.conn} reaches ${msg.to} at ${t}, more than a round trip after it (${due})` }; return; }
  }
  if (msg.body.type === 'connect') {
    // Its first arrival only: a paused receiver's kernel accepts it and the process reads it on resume.
    if (connected.has(msg.conn) || s.sentinels[msg.from] === undefined) { connected.add(msg.conn); return; }
    connected.add(msg.conn);
    // A slowed link delays each command by its own send time (a cut is a 60 s delay): no bound then.
    if (scratch.slowed!.has(`${msg.from}>${msg.to}`) || scratch.slowed!.has(`${msg.to}>${msg.from}`)) return;
    const bound = t + 2 * s.config.latency + 1;
    for (const it of s.agenda) if (it.action.type === 'SentinelDelivered' && it.action.msg.conn === msg.conn && it.action.msg.from === msg.from) queued.set(it.action, bound);
    return;
  }
  if (msg.body.type === 'closed' || connected.has(msg.conn) || !opened(s, msg.from, msg.to, msg.conn)) return;
  scratch.bad = { at: t, msg: `${msg.from}'s ${msg.body.type} reaches ${msg.to} on connection ${msg.conn} before its connect` };
};

export const property: Property = {
  name: 'a-sentinel-command-never-overtakes-its-connect',
  claim: 'A Sentinel\'s commands reach an instance neither before their connection\'s connect nor, when they were already queued behind it on a link never slowed, more than a round trip after it — also when a partition swallowed both.',
  expectation: 'always',
  scope: 'Sentinel: Sentinels cut from the master, old masters partitioned with or without a Sentinel, and random swarms of faults',
  source: 'sentinel.c sentinelReconnectInstance (redisAsyncConnectBind, then AUTH/CLIENT SETNAME/PING queued by hiredis and written once connected); Linux tcp_retransmit_timer (the SYN and the data behind it)',
  arbitrary: standaloneTraces(fc.oneof(sentinelFamilies.sentinelCutFromMaster(), sentinelFamilies.oldMasterPartitioned({ withSentinel: true }), sentinelFamilies.swarm())),
  watch: watchConnectOrder,
  check: (r) => crashed(r) ?? noted(r),
};
