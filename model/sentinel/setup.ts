// The Sentinels' first seconds, before T0, as a deployment's setup leaves them: each Sentinel starts
// SENTINEL_SETUP_MS before T0 (the conformance harness spawns them, waits until each knows every
// instance, then until that much time has passed: conformance/standalone.ts). Replayed on each
// Sentinel's own jittered ticks with sentinel.c's rules: sentinelReconnectInstance (a PING on connect),
// sentinelSendPeriodicCommands (INFO, PING, hello when due), sentinelRefreshInstanceInfo (a replica
// record per slaveN line of the master's first INFO) and sentinelProcessHelloMessage (a Sentinel record
// at its first hello). Every instance answers one round trip later. The phases at T0 follow: the last
// INFO ~3 s ago (the next one ~7 s after T0, 10 s after the first), PINGs and hellos nearly in step
// across Sentinels started together, and links younger than the 15 s link-recycling period.
import type { NodeName, State } from '../kernel/state.ts';
import { pick } from '../kernel/rng.ts';
import { SENTINEL_INFO_PERIOD, SENTINEL_PUBLISH_PERIOD } from './sentinelSendPeriodicCommands.ts';

/** How long before T0 the Sentinels were started (the harness holds the trace until then). */
export const SENTINEL_SETUP_MS = 3000;
/** From spawn to the config loaded and the first tick: "+monitor" is logged 36–55 ms after the harness's
 *  spawn (lab, 7.0.15, docs/decisions.md "Session 15"); the first log line alone comes 29–41 ms after it. */
const SENTINEL_STARTUP_MS = 45;
/** Between two Sentinels spawned one after the other by the harness (lab: 7–9 ms). */
const SENTINEL_SPAWN_GAP_MS = 8;
/** sentinel_ping_period. */
const SENTINEL_PING_PERIOD = 1000;

/** What one link's first seconds left: when it connected, its last PING/reply, INFO and hello. */
export interface LinkHistory {
  /** When the record was created (createSentinelRedisInstance). */
  created: number;
  /** The tick that connected it (sentinelReconnectInstance). */
  connAt: number;
  lastPing: number;
  lastPong: number;
  /** The first and the last INFO reply; 0: none (Sentinel peers get no INFO). */
  firstInfo: number;
  infoRefresh: number;
  lastPub: number;
  /** When each hello to this instance was sent. */
  helloSends: number[];
}

export interface SentinelHistory {
  /** Its ticks before T0, and the first one at or after T0. */
  ticks: number[];
  nextTick: number;
  master: LinkHistory;
  slaves: Record<NodeName, LinkHistory>;
  sentinels: Record<NodeName, LinkHistory>;
}

/** sentinelTimer's ticks from the start: serverCron every 1000/hz ms, hz = 10 + rand() % 10 (as transitions/sentinelTimer.ts). */
function setupTicks(s: State, name: NodeName, start: number): { ticks: number[]; nextTick: number } {
  const ticks: number[] = [];
  let t = start;
  for (let n = 0; t < 0; n++) {
    ticks.push(t);
    t += Math.floor(1000 / (10 + pick(10, s.seed, 'sentinel-setup-hz', name, n))) + 1;
  }
  return { ticks, nextTick: t };
}

/** One link from its record's creation: connect at the next tick, then the periodic commands; replies landing at or after T0 are left to the model. */
function replayLink(ticks: number[], created: number, rtt: number, pingPeriod: number, info: boolean): LinkHistory {
  const c = ticks.findIndex((t) => t >= created);
  if (c < 0) throw new Error(`Sentinel setup: a record made at ${created} ms has no tick before T0 (SENTINEL_SETUP_MS too short)`);
  const h: LinkHistory = { created, connAt: ticks[c], lastPing: 0, lastPong: created, firstInfo: 0, infoRefresh: 0, lastPub: created, helloSends: [] };
  const ping = (t: number) => { if (t + rtt < 0) { h.lastPing = t; h.lastPong = t + rtt; } };
  ping(ticks[c]); // sentinelReconnectInstance: "Send a PING ASAP when reconnecting"
  for (const t of ticks.slice(c)) {
    if (info && (h.infoRefresh === 0 || t - h.infoRefresh > SENTINEL_INFO_PERIOD) && t + rtt < 0) {
      h.infoRefresh = t + rtt;
      if (h.firstInfo === 0) h.firstInfo = h.infoRefresh;
    }
    if (t - h.lastPong > pingPeriod && t - h.lastPing > pingPeriod / 2) ping(t);
    if (t - h.lastPub > SENTINEL_PUBLISH_PERIOD && t + rtt < 0) { h.helloSends.push(t); h.lastPub = t + rtt; }
  }
  return h;
}

/** Every Sentinel's setup: `replicas` are the master's replicas (listed in its INFO), `dam` the down-after period. */
export function replaySetup(s: State, names: NodeName[], replicas: NodeName[], dam: number): Record<NodeName, SentinelHistory> {
  const rtt = 2 * s.config.latency;
  const pingPeriod = Math.min(dam, SENTINEL_PING_PERIOD);
  const out: Record<NodeName, SentinelHistory> = {};
  names.forEach((name, i) => {
    const loaded = -SENTINEL_SETUP_MS + SENTINEL_STARTUP_MS + i * SENTINEL_SPAWN_GAP_MS;
    const { ticks, nextTick } = setupTicks(s, name, loaded);
    const master = replayLink(ticks, loaded, rtt, pingPeriod, true);
    if (master.firstInfo === 0) throw new Error('Sentinel setup: no INFO from the master before T0');
    // The master's first INFO lists the replicas: each gets a record then.
    const slaves = Object.fromEntries(replicas.map((r) => [r, replayLink(ticks, master.firstInfo, rtt, pingPeriod, true)]));
    out[name] = { ticks, nextTick, master, slaves, sentinels: {} };
  });
  // A Sentinel learns another from its first hello on any data node (published to every subscriber).
  for (const name of names) {
    for (const x of names) {
      if (x === name) continue;
      const first = Math.min(...[out[x].master, ...Object.values(out[x].slaves)].flatMap((h) => h.helloSends));
      if (!(first + rtt < 0)) throw new Error(`Sentinel setup: ${name} hears no hello from ${x} before T0 (SENTINEL_SETUP_MS too short)`);
      out[name].sentinels[x] = replayLink(out[name].ticks, first + rtt, rtt, pingPeriod, false);
    }
  }
  return out;
}

/** The last hello any Sentinel sent to `nodes` that reached subscribers before T0 (pc_last_activity), else `floor`. */
export function lastHelloOn(hist: Record<NodeName, SentinelHistory>, nodes: Array<'master' | NodeName>, rtt: number, floor: number): number {
  let last = floor;
  for (const h of Object.values(hist)) {
    for (const n of nodes) {
      const link = n === 'master' ? h.master : h.slaves[n];
      for (const t of link?.helloSends ?? []) if (t + rtt < 0 && t + rtt > last) last = t + rtt;
    }
  }
  return last;
}

/** The last hello `from` sent that reached `to` before T0, via a data node or directly (last_hello_time). */
export function lastHelloFrom(hist: Record<NodeName, SentinelHistory>, from: NodeName, to: NodeName, rtt: number): number {
  const h = hist[from];
  const links = [h.master, ...Object.values(h.slaves), ...(h.sentinels[to] ? [h.sentinels[to]] : [])];
  const sends = links.flatMap((l) => l.helloSends).filter((t) => t + rtt < 0);
  return Math.max(...sends) + rtt;
}
