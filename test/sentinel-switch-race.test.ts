// The second failover right after a switch (docs/decisions.md, "the post-switch reconnect race"):
// sentinelResetMaster sets act_ping_time to now but keeps last_reconn_time, so a Sentinel whose last
// (refused) reconnect to the dead master came just before the switch may reconnect to the new master
// only more than dam after the reset, and sentinelCheckSubjectivelyDown flags it in that very tick.
import { describe, expect, it } from 'vitest';
import { parseTrace } from '../model/kernel/trace.ts';
import { run } from '../model/kernel/sim.ts';
import type { State } from '../model/kernel/state.ts';

const trace = parseTrace({
  config: { topology: 'sentinel', replicas: 2, sentinels: 3, quorum: 2, downAfterMilliseconds: 1000, failoverTimeout: 10000 },
  seed: 44,
  events: [{ at: 0, type: 'writes', every: 50, until: 4500 }, { at: 1000, type: 'crash', node: 'M' }],
  until: 5500,
});

interface Switch { at: number; lastReconn: number; reconnectAt?: number; sdownAt?: number }

/** Each Sentinel's first switch away from M, its first reconnect to the new master, and any +sdown of it. */
function watch(resetThrottle: boolean): { s: State; sw: Record<string, Switch> } {
  const sw: Record<string, Switch> = {};
  const s = run(trace, { observe: (w, _a, at) => {
    for (const [n, sen] of Object.entries(w.sentinels)) {
      const m = sen.master;
      if (sw[n] === undefined && m.addr !== 'M') {
        sw[n] = { at, lastReconn: m.link.lastReconnTime };
        if (resetThrottle) m.link.lastReconnTime = 0; // not sentinel.c: the control run
      }
      const x = sw[n];
      if (x && x.reconnectAt === undefined && m.link.lastReconnTime > x.lastReconn && m.link.lastReconnTime >= x.at) x.reconnectAt = m.link.lastReconnTime;
      if (x && x.sdownAt === undefined && m.sdown) x.sdownAt = at;
    }
  } });
  return { s, sw };
}

describe('a Sentinel switched while its reconnects are throttled (sentinelReconnectInstance, sentinelResetMaster)', () => {
  it('sees the new master SDOWN in the tick that reconnects to it, more than dam after the switch, and the Sentinels fail over again', () => {
    const { s, sw } = watch(false);
    const x = sw.S3;
    // The switch came 54 ms after a refused reconnect to the dead master; the throttle (1 s from that
    // attempt) let the next connect go out only ~1010 ms after the switch, with act_ping_time still the switch's.
    expect(x.at - x.lastReconn).toBe(54);
    expect(x.reconnectAt! - x.lastReconn).toBeGreaterThanOrEqual(1000);
    expect(x.reconnectAt! - x.at).toBeGreaterThan(1000);
    expect(x.sdownAt).toBe(x.reconnectAt);
    expect(s.timeline.some((e) => e.node === 'S3' && e.event === 'sdown' && e.about === 'R2' && e.at === x.reconnectAt)).toBe(true);
    expect(s.timeline.filter((e) => e.event === 'promoted').map((e) => e.node)).toEqual(['R2', 'R1']);
  });

  it('does not, when the throttle is (unfaithfully) cleared at the switch: the reconnect PING is answered in time', () => {
    const { s, sw } = watch(true);
    expect(sw.S3.reconnectAt! - sw.S3.at).toBeLessThan(200);
    expect(Object.values(sw).every((x) => x.sdownAt === undefined)).toBe(true);
    expect(s.timeline.filter((e) => e.event === 'promoted').map((e) => e.node)).toEqual(['R2']);
  });
});
