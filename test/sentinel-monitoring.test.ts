// The monitoring half of Sentinel (sentinel.md 2.1–2.4, 2.14, 2.18, 2.20) on full runs, with the
// failover half (ODOWN, votes, the failover state machine, INFO's acting half) stubbed out, so what
// is measured here is the monitoring's own: SDOWN after kill -9 and after a silent partition, TILT
// after a pause and a clock jump, reboot detection, discovery, config epochs spreading by hello, the
// hello PUBLISHes in the master's stream, and the Sentinel-aware client.
import { describe, expect, it, vi } from 'vitest';
import { parseTrace, type Trace } from '../model/kernel/trace.ts';
import { drive, run } from '../model/kernel/sim.ts';
import { initialState } from '../model/kernel/init.ts';
import { apply } from '../model/kernel/step.ts';
import { takeNext, withHeapAgenda } from '../model/kernel/agenda.ts';
import type { State, TimelineEntry } from '../model/kernel/state.ts';
import { outcome } from '../model/kernel/outcome.ts';
import { sentinelFlushConfig } from '../model/sentinel/sentinelFlushConfig.ts';

vi.mock('../model/sentinel/sentinelCheckObjectivelyDown.ts', () => ({ sentinelCheckObjectivelyDown: () => {} }));
vi.mock('../model/sentinel/sentinelStartFailoverIfNeeded.ts', () => ({ sentinelStartFailoverIfNeeded: () => false }));
vi.mock('../model/sentinel/sentinelFailoverStateMachine.ts', () => ({ sentinelFailoverStateMachine: () => {} }));
vi.mock('../model/sentinel/sentinelFailoverSwitchToPromotedSlave.ts', () => ({ sentinelFailoverSwitchToPromotedSlave: () => {} }));
vi.mock('../model/sentinel/sentinelRefreshInstanceInfoActing.ts', () => ({ sentinelRefreshInstanceInfoActing: () => {} }));
vi.mock('../model/sentinel/sentinelAskMasterStateToOtherSentinels.ts', () => ({
  sentinelAskMasterStateToOtherSentinels: () => {},
  sentinelReceiveIsMasterDownReply: () => {},
}));

function sentinelTrace(events: unknown[], config: Record<string, unknown> = {}, until = 20000, seed = 1): Trace {
  return parseTrace({ config: { topology: 'sentinel', downAfterMilliseconds: 1000, ...config }, events, until, seed });
}

/** Run a trace from a state prepared by hand (as sim.ts run does from initialState). */
function runFrom(t: Trace, s: State): State {
  withHeapAgenda(s.agenda, () => drive(t, (w, action, at, fromAgenda) => {
    if (fromAgenda) takeNext(w);
    w.now = at;
    apply(w, action);
    return w;
  }, s));
  return s;
}

const of = (s: State, event: string, about?: string): TimelineEntry[] => s.timeline.filter((e) => e.event === event && (about === undefined || e.about === about));
const firstBy = (s: State, event: string, about: string, node: string) => of(s, event, about).find((e) => e.node === node);
const SENTINELS = ['S1', 'S2', 'S3'];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe('SDOWN (2.4)', () => {
  it('comes 1.02–1.12 s after kill -9 of the master with dam 1000: the reconnect PING after the FIN times out (LAB E1)', () => {
    const delays: number[] = [];
    for (const seed of SEEDS) {
      const s = run(sentinelTrace([{ at: 5000, type: 'crash', node: 'M' }], {}, 9000, seed));
      for (const x of SENTINELS) delays.push(firstBy(s, 'sdown', 'M', x)!.at - 5000);
    }
    // The FIN arrives at +1 ms; the next tick (≤ 101 ms) reconnects and PINGs (act_ping_time); the
    // connection is refused; SDOWN at the first tick more than dam after that PING.
    expect(Math.min(...delays)).toBeGreaterThan(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1 + 101 + 1000 + 101);
    delays.sort((a, b) => a - b);
    const median = delays[Math.floor(delays.length / 2)];
    expect(median).toBeGreaterThanOrEqual(1020);
    expect(median).toBeLessThanOrEqual(1120);
  });

  it('comes within (P + dam, P + dam + 1 s + a tick] after a silent partition, not sooner than dam (LAB E4, E6)', () => {
    const delays: number[] = [];
    // The PING phase at T0 is the setup's (model/sentinel/setup.ts), so the cut moves across it.
    for (const seed of SEEDS) {
      const at = 5000 + 131 * seed;
      const s = run(sentinelTrace([{ at, type: 'partition', groups: [['M'], ['S1', 'S2', 'S3', 'R1', 'R2', 'client']] }], {}, at + 4000, seed));
      for (const x of SENTINELS) delays.push(firstBy(s, 'sdown', 'M', x)!.at - at);
    }
    expect(Math.min(...delays)).toBeGreaterThan(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000 + 101);
    // The lab's 1.98–2.07 s is this window's upper end: pings go out every ~1.05 s.
    expect(delays.some((d) => d > 1900)).toBe(true);
  });

  it('clears once the partition heals, and scales with down-after-milliseconds', () => {
    const s = run(sentinelTrace([
      { at: 5000, type: 'partition', groups: [['M'], ['S1', 'S2', 'S3', 'R1', 'R2', 'client']] },
      { at: 20000, type: 'heal' },
    ], { downAfterMilliseconds: 5000 }, 30000));
    for (const x of SENTINELS) {
      const down = firstBy(s, 'sdown', 'M', x)!.at - 5000;
      expect(down).toBeGreaterThan(5000);
      expect(down).toBeLessThanOrEqual(6101);
      const up = firstBy(s, 'sdown-cleared', 'M', x)!.at;
      // Back at the next retransmission of the latest connect (the RTO doubles: …, 3.8 s, 7.7 s, so
      // up to ~8 s after the heal for a connect made 7–15 s before it), or the next reconnect.
      expect(up).toBeGreaterThan(20000);
      expect(up).toBeLessThan(28000);
    }
  });

  it('flags a master that reports role:slave for dam + 2 INFO periods (20 s)', () => {
    const s = run(sentinelTrace([{ at: 5000, type: 'replicaof', node: 'M', master: 'R1' }], {}, 40000));
    for (const x of SENTINELS) {
      const reported = s.sentinels[x].master.roleReportedTime;
      expect(s.sentinels[x].master.roleReported).toBe('slave');
      expect(reported).toBeGreaterThan(5000);
      expect(reported).toBeLessThanOrEqual(15000 + 10);
      const down = firstBy(s, 'sdown', 'M', x)!.at;
      expect(down - reported).toBeGreaterThan(21000);
      expect(down - reported).toBeLessThanOrEqual(21101);
    }
  });

  it('flags a crashed Sentinel at its peers, and nothing at all when nothing fails', () => {
    const quiet = run(sentinelTrace([], {}, 30000));
    expect(of(quiet, 'sdown')).toEqual([]);
    const s = run(sentinelTrace([{ at: 5000, type: 'crash', node: 'S3' }], {}, 9000));
    for (const x of ['S1', 'S2']) expect(firstBy(s, 'sdown', 'S3', x)!.at - 5000).toBeLessThanOrEqual(1203);
    expect(of(s, 'sdown', 'M')).toEqual([]);
  });
});

describe('TILT (2.18)', () => {
  it('a Sentinel paused 6 s enters TILT on waking, freezes SDOWN, and leaves it 30 s later (LAB E10)', () => {
    const s = run(sentinelTrace([
      { at: 5000, type: 'pause', node: 'S1' }, { at: 11000, type: 'resume', node: 'S1' },
      { at: 20000, type: 'crash', node: 'M' },
    ], {}, 45000));
    const tilt = of(s, 'tilt').filter((e) => e.node === 'S1');
    expect(tilt.map((e) => e.at)).toEqual([11000]);
    const cleared = of(s, 'tilt-cleared').filter((e) => e.node === 'S1');
    expect(cleared).toHaveLength(1);
    expect(cleared[0].at - 11000).toBeGreaterThanOrEqual(30000);
    expect(cleared[0].at - 11000).toBeLessThanOrEqual(30101);
    // In TILT it does not update SDOWN: the crash at 20 s is seen only once TILT ends.
    expect(firstBy(s, 'sdown', 'M', 'S1')!.at).toBe(cleared[0].at);
    expect(firstBy(s, 'sdown', 'M', 'S2')!.at - 20000).toBeLessThanOrEqual(1203);
    // Its peers saw it silent for 6 s.
    expect(firstBy(s, 'sdown', 'S1', 'S2')).toBeDefined();
    expect(of(s, 'tilt').filter((e) => e.node !== 'S1')).toEqual([]);
  });

  it('a wall-clock jump forward or back puts only that Sentinel in TILT', () => {
    const s = run(sentinelTrace([{ at: 5000, type: 'clock', node: 'S2', jumpMs: 5000 }, { at: 50000, type: 'clock', node: 'S3', jumpMs: -500 }], {}, 60000));
    expect(of(s, 'tilt').map((e) => [e.node, Math.floor(e.at / 1000)])).toEqual([['S2', 5], ['S3', 50]]);
    expect(of(s, 'sdown')).toEqual([]);
  });
});

describe('INFO and hellos', () => {
  it('detects a reboot of the master from its new run_id (+reboot, 2.20), within the 10 s INFO period', () => {
    // When each Sentinel's MASTER_REBOOT flag was cleared by a PONG (sentinelPingReplyCallback).
    const cleared: Record<string, number> = {};
    const seen: Record<string, boolean> = {};
    const s = run(sentinelTrace([{ at: 5000, type: 'crash', node: 'M' }, { at: 5200, type: 'restart', node: 'M' }], { masterRebootDownAfterPeriod: 1 }, 20000), {
      observe: (w, _a, at) => {
        for (const [n, sen] of Object.entries(w.sentinels)) {
          if (sen.master.masterReboot) seen[n] = true;
          else if (seen[n] && cleared[n] === undefined) cleared[n] = at;
        }
      },
    });
    let flagged = 0;
    for (const x of SENTINELS) {
      const reboot = firstBy(s, 'reboot', 'M', x)!;
      expect(reboot.at).toBeGreaterThan(5200);
      expect(reboot.at).toBeLessThan(5200 + 10000 + 1200);
      const downs = of(s, 'sdown', 'M').filter((e) => e.node === x).map((e) => e.at);
      const ups = of(s, 'sdown-cleared', 'M').filter((e) => e.node === x).map((e) => e.at);
      // The near miss of LAB E3a: reconnects are throttled to one a second, so the PING sent on
      // the refused reconnect right after the crash times out before the next reconnect: SDOWN
      // for about 100 ms although M is back after 200 ms.
      expect(downs[0] - 5000).toBeGreaterThan(1000);
      expect(ups[0] - downs[0]).toBeLessThanOrEqual(250);
      // MASTER_REBOOT with a period of 1 ms: SDOWN at the next tick after +reboot, until a PONG clears
      // it — unless the PONG of a PING already in flight lands before that tick.
      const after = downs.find((d) => d >= reboot.at);
      if (after === undefined) {
        expect(cleared[x] - reboot.at).toBeLessThanOrEqual(101);
        continue;
      }
      flagged++;
      expect(after - reboot.at).toBeLessThanOrEqual(101);
      expect(ups.find((u) => u > after)! - after).toBeLessThanOrEqual(1100);
    }
    expect(flagged).toBeGreaterThan(0);
  });

  it('no MASTER_REBOOT without master-reboot-down-after-period: only +reboot', () => {
    const s = run(sentinelTrace([{ at: 5000, type: 'crash', node: 'M' }, { at: 5200, type: 'restart', node: 'M' }], {}, 20000));
    expect(of(s, 'reboot', 'M')).toHaveLength(3);
    expect(of(s, 'sdown', 'M').every((e) => e.at < 6300)).toBe(true);
  });

  it('reads master_link_down_since_seconds: −1 for a replica restarted without a sync (H5), the time since the link broke otherwise', () => {
    const s = run(sentinelTrace([
      { at: 3000, type: 'crash', node: 'M' }, { at: 3100, type: 'crash', node: 'R1' }, { at: 3200, type: 'restart', node: 'R1' },
    ], {}, 15000));
    for (const x of SENTINELS) {
      const { R1, R2 } = s.sentinels[x].master.slaves;
      expect(R1.masterLinkDownTime).toBe(-1000);
      // The first INFO after the crash comes at the 10 s period (ODOWN, which would make it 1 s, is
      // stubbed here); from then on every second, since the link is reported down.
      expect(R2.masterLinkDownTime).toBeGreaterThanOrEqual(10000);
      expect(R2.masterLinkDownTime).toBeLessThanOrEqual(12000);
      expect(s.sentinels[x].master.slaves.R2.infoRefresh).toBeGreaterThan(15000 - 1100);
      expect(R2.slaveMasterLinkStatus).toBe('down');
    }
  });

  it('rediscovers forgotten replicas from the master INFO and forgotten Sentinels from their hellos (2.1)', () => {
    const t = sentinelTrace([], {}, 15000);
    const s = initialState(t);
    const m = s.sentinels.S1.master;
    delete m.slaves.R2;
    delete m.sentinels.S3;
    sentinelFlushConfig(s, s.sentinels.S1);
    runFrom(t, s);
    expect(Object.keys(s.sentinels.S1.master.slaves).sort()).toEqual(['R1', 'R2']);
    expect(Object.keys(s.sentinels.S1.master.sentinels).sort()).toEqual(['S2', 'S3']);
    expect(s.sentinels.S1.conf.knownSentinels.map((x) => x.addr).sort()).toEqual(['S2', 'S3']);
  });

  it('spreads a higher config epoch by hello: the others switch to its master address and save it (2.14)', () => {
    const t = sentinelTrace([], {}, 6000);
    const s = initialState(t);
    const s1 = s.sentinels.S1;
    s1.currentEpoch = 5;
    s1.master.configEpoch = 5;
    s1.master.addr = 'R1';
    s1.master.slaves = {};
    runFrom(t, s);
    for (const x of ['S2', 'S3']) {
      const sw = firstBy(s, 'switch-master', 'R1', x)!;
      expect(sw.at).toBeLessThanOrEqual(2200);
      expect(s.sentinels[x].master.addr).toBe('R1');
      expect(s.sentinels[x].conf).toMatchObject({ addr: 'R1', configEpoch: 5, currentEpoch: 5 });
      // The old master is now a replica record; R1 is not.
      expect(Object.keys(s.sentinels[x].master.slaves).sort()).toEqual(['M', 'R2']);
    }
    expect(of(s, 'new-epoch').map((e) => e.node).sort()).toEqual(['S2', 'S3']);
  });

  it('hello PUBLISHes advance an idle master\'s offset by ~1.7 kB per 10 s with 3 Sentinels (LAB E12)', () => {
    const s0 = run(sentinelTrace([], {}, 10000));
    const s1 = run(sentinelTrace([], {}, 20000));
    const grown = s1.nodes.M.masterReplOffset - s0.nodes.M.masterReplOffset;
    expect(grown).toBeGreaterThan(1400);
    expect(grown).toBeLessThan(2000);
    // The replicas apply them too.
    expect(s1.nodes.R1.repl.reploff).toBeGreaterThan(s0.nodes.M.masterReplOffset);
  });
});

describe('Sentinel processes', () => {
  it('a restarted Sentinel keeps its sentinel.conf (epochs, known instances) and nothing else (1.7)', () => {
    const t = sentinelTrace([{ at: 3000, type: 'crash', node: 'S2' }, { at: 4000, type: 'restart', node: 'S2' }], {}, 8000);
    const s = initialState(t);
    s.sentinels.S2.currentEpoch = 3;
    s.sentinels.S2.master.leaderEpoch = 3;
    s.sentinels.S2.master.leader = 'someone';
    sentinelFlushConfig(s, s.sentinels.S2);
    runFrom(t, s);
    const s2 = s.sentinels.S2;
    expect(s2.currentEpoch).toBe(3);
    expect(s2.master.leaderEpoch).toBe(3);
    expect(s2.master.leader).toBeNull();
    expect(Object.keys(s2.master.slaves).sort()).toEqual(['R1', 'R2']);
    expect(Object.keys(s2.master.sentinels).sort()).toEqual(['S1', 'S3']);
    expect(s2.master.link.disconnected).toBe(false);
    // Its peers raised their current epoch from its hellos.
    expect(s.sentinels.S1.currentEpoch).toBe(3);
    expect(outcome(t, s).sentinels).toMatchObject({ S2: { up: true, master: 'M', currentEpoch: 3, leaderEpoch: 3, failoverState: 'none', tilt: false } });
  });
});

describe('the Sentinel-aware client (issue 12 item 4)', () => {
  it('asks S1 for the master, writes there, and skips a Sentinel that is down', () => {
    const t = sentinelTrace([
      { at: 1000, type: 'crash', node: 'S1' },
      { at: 2000, type: 'writes', every: 100, until: 4000 },
    ], {}, 6000);
    const s = run(t);
    expect(s.writes.every((w) => w.result === 'acked' && w.appliedBy === 'M')).toBe(true);
    expect(s.client.sentinel!.master).toBe('M');
  });

  it('after the master dies it asks again, and a Sentinel it cannot reach costs a timeout', () => {
    const t = sentinelTrace([
      { at: 1000, type: 'partition', groups: [['S1'], ['M', 'R1', 'R2', 'S2', 'S3', 'client']] },
      { at: 2000, type: 'write' },
      { at: 3000, type: 'crash', node: 'M' },
      { at: 3500, type: 'write' },
    ], {}, 8000);
    const s = run(t);
    const [w1, w2] = s.writes;
    // S1 never answers: the first write leaves after the 500 ms query timeout, via S2.
    expect(w1.result).toBe('acked');
    expect(w1.repliedAt - 2000).toBeGreaterThanOrEqual(500);
    expect(w1.repliedAt - 2000).toBeLessThan(520);
    // M crashed: the client asks again (S2 still names M: no failover here) and gets refused.
    expect(w2.result).toBe('refused');
    expect(w2.error).toBe('CONNREFUSED');
  });
});

describe('determinism', () => {
  it('the same trace and seed give the same timeline', () => {
    const t = sentinelTrace([{ at: 5000, type: 'crash', node: 'M' }, { at: 6000, type: 'pause', node: 'S2' }, { at: 9000, type: 'resume', node: 'S2' }], {}, 15000, 7);
    expect(run(t).timeline).toEqual(run(t).timeline);
  });
});
