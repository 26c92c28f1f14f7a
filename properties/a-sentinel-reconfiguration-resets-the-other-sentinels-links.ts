// sentinelSendSlaveOf sends SLAVEOF inside MULTI … EXEC with CLIENT KILL TYPE normal and CLIENT KILL
// TYPE pubsub (all but the caller): the reconfigured instance closes every other client's connection,
// the other Sentinels' command and pub/sub links to it included, so they reconnect and re-subscribe
// to it as the new role's instance instead of going on with links made to the old one.
import { reachable } from '../model/kernel/net.ts';
import type { State } from '../model/kernel/state.ts';
import type { Link } from '../model/sentinel/state.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** The links the other Sentinels had to a reconfigured instance, to be closed by `by`. */
type Pending = { at: number; node: string; by: number; open: Array<{ sen: string; cc: number; pc: number }> };

const linkTo = (s: State, sen: string, x: string): Link | undefined => {
  const m = s.sentinels[sen].master;
  return m.addr === x ? m.link : m.slaves[x]?.link;
};

/** Notes a link left open two latencies and 50 ms after an executed SLAVEOF (scratch.bad), and whether any was open at the SLAVEOF (scratch.openAtSlaveof). */
export const watchSlaveofKills: Watch = (s, a, t, scratch) => {
  if (scratch.bad) return;
  const pending = (scratch.slaveofs ??= []) as Pending[];
  if (a.type === 'SentinelDelivered') {
    const msg = (a as unknown as { msg: { from: string; to: string; conn: number; body: { type: string } } }).msg;
    const n = s.nodes[msg.to];
    // Executed: the instance was running and the caller's connection is still open (a SLAVEOF that came
    // on a connection another Sentinel's CLIENT KILL had just closed is discarded with it).
    if (msg.body.type === 'slaveof' && n?.proc === 'up' && s.sentinelConns[msg.conn]?.to === msg.to) {
      const open = Object.keys(s.sentinels).filter((x) => x !== msg.from && s.sentinels[x].proc === 'up').flatMap((sen) => {
        const l = linkTo(s, sen, msg.to);
        return l && (l.cc || l.pc) ? [{ sen, cc: l.cc, pc: l.pc }] : [];
      });
      if (open.length) scratch.openAtSlaveof = true;
      pending.push({ at: t, node: msg.to, by: t + 2 * s.config.latency + 50, open });
    }
  }
  for (const p of pending) {
    if (t < p.by) continue;
    for (const o of p.open) {
      const l = linkTo(s, o.sen, p.node);
      // A Sentinel that stopped or cannot reach the instance may not have had the FIN yet.
      if (!l || s.sentinels[o.sen].proc !== 'up' || !reachable(s, o.sen, p.node)) continue;
      const kept = (o.cc !== 0 && l.cc === o.cc) ? 'command' : (o.pc !== 0 && l.pc === o.pc) ? 'pub/sub' : null;
      if (kept) { scratch.bad = { at: t, msg: `${p.node} got SLAVEOF at ${p.at}; ${o.sen} still has its ${kept} connection to it from before at ${t}` } as Noted; return; }
    }
  }
  scratch.slaveofs = pending.filter((p) => t < p.by);
};

export const property: Property = {
  name: 'a-sentinel-reconfiguration-resets-the-other-sentinels-links',
  claim: 'When a Sentinel reconfigures an instance with SLAVEOF, every other running Sentinel that can reach it loses its command and pub/sub connections to it within two latencies (CLIENT KILL in the same transaction), and reconnects.',
  expectation: 'always',
  scope: 'sentinel: failovers after a master crash (SLAVEOF NO ONE to the chosen replica, SLAVEOF to the others, and to the old master when it returns)',
  source: 'sentinel.c sentinelSendSlaveOf (MULTI, SLAVEOF, CONFIG REWRITE, CLIENT KILL TYPE normal, CLIENT KILL TYPE pubsub, EXEC)',
  arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'] })),
  watch: watchSlaveofKills,
  check: (r) => crashed(r) ?? noted(r),
};
