// hiredis queues a Sentinel's commands on a new connection until its non-blocking connect completes,
// and TCP delivers nothing before the handshake: so no PING, INFO, PUBLISH or SLAVEOF reaches an
// instance on a connection whose connect has not reached it first — also when a partition swallowed
// the SYN and the commands queued behind it, which go with the SYN's retransmission after the heal.
import fc from 'fast-check';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';
import type { ActionOf } from '../model/kernel/actions.ts';
import type { State } from '../model/kernel/state.ts';
import { instanceOf } from '../model/sentinel/instances.ts';

/** `conn` is a connection the Sentinel `from` opened to `to` (not one it accepted, nor a client's). */
function opened(s: State, from: string, to: string, conn: number): boolean {
  const sen = s.sentinels[from];
  const inst = sen === undefined ? null : instanceOf(sen, to);
  return inst !== null && (inst.ri.link.cc === conn || inst.ri.link.pc === conn);
}

/** Notes (scratch.bad) the first command of a Sentinel that arrives on a connection before its connect. */
export const watchConnectOrder: Watch = (s, a, t, scratch) => {
  if (scratch.bad) return;
  // The links set up before T0 (model/sentinel/setup.ts) are connected already.
  scratch.connected ??= new Set(Object.keys(s.sentinelConns).map(Number));
  if (a.type !== 'SentinelDelivered') return;
  const msg = (a as ActionOf<'SentinelDelivered'>).msg;
  const connected = scratch.connected as Set<number>;
  if (msg.body.type === 'connect') { connected.add(msg.conn); return; }
  if (msg.body.type === 'closed' || connected.has(msg.conn) || !opened(s, msg.from, msg.to, msg.conn)) return;
  scratch.bad = { at: t, msg: `${msg.from}'s ${msg.body.type} reaches ${msg.to} on connection ${msg.conn} before its connect` };
};

export const property: Property = {
  name: 'a-sentinel-command-never-overtakes-its-connect',
  claim: 'No command of a Sentinel reaches an instance on a connection before that connection\'s connect does, also when a partition swallowed both.',
  expectation: 'always',
  scope: 'Sentinel: Sentinels cut from the master, old masters partitioned with or without a Sentinel, and random swarms of faults',
  source: 'sentinel.c sentinelReconnectInstance (redisAsyncConnectBind, then AUTH/CLIENT SETNAME/PING queued by hiredis); Linux tcp_retransmit_timer (the SYN and the data behind it)',
  arbitrary: standaloneTraces(fc.oneof(sentinelFamilies.sentinelCutFromMaster(), sentinelFamilies.oldMasterPartitioned({ withSentinel: true }), sentinelFamilies.swarm())),
  watch: watchConnectOrder,
  check: (r) => crashed(r) ?? noted(r),
};
