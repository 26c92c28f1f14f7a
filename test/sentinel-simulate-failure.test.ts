// SENTINEL SIMULATE-FAILURE (trace event `sentinel-simulate-failure`): validation, the model's exit(99)
// at +elected-leader / +promoted-slave (sentinelSimFailureCrash), the flag's lifetime, and the
// conformance harness's side (the log line, Sentinels armed alike exchanged in the comparison).
import { describe, expect, it } from 'vitest';
import { apply, initialState, parseTrace, simulate, TraceError } from '../model/index.ts';
import { SIM_FAILURE_EXIT } from '../model/sentinel/transitions/sentinelSimulateFailure.ts';
import { sentinelEvent } from '../conformance/standalone-observe.ts';
import { interchangeable } from '../conformance/standalone-races.ts';

const config = { topology: 'sentinel', downAfterMilliseconds: 1000, failoverTimeout: 10000, appendonly: false, save: [] };
const arm = (at: number, mode: string) => ['S1', 'S2', 'S3'].map((node) => ({ at, type: 'sentinel-simulate-failure', node, mode }));
const problems = (input: unknown): string[] => {
  try { parseTrace(input); return []; } catch (e) { if (e instanceof TraceError) return e.problems; throw e; }
};

describe('sentinel-simulate-failure: trace validation', () => {
  it('names the field on bad input', () => {
    expect(problems({ config, events: [{ at: 0, type: 'sentinel-simulate-failure', node: 'S1', mode: 'crash-now' }] }).join('\n')).toMatch(/events\[0\]\.mode/);
    expect(problems({ config, events: [{ at: 0, type: 'sentinel-simulate-failure', node: 'S1' }] }).join('\n')).toMatch(/events\[0\]\.mode/);
    expect(problems({ config, events: [{ at: 0, type: 'sentinel-simulate-failure', node: 'R1', mode: 'none' }] }).join('\n')).toMatch(/events\[0\]\.node: SENTINEL SIMULATE-FAILURE needs a Sentinel/);
    expect(problems({ config: { topology: 'replication', replicas: 1 }, events: [{ at: 0, type: 'sentinel-simulate-failure', node: 'M', mode: 'none' }] }).join('\n'))
      .toMatch(/events\[0\]\.type: "sentinel-simulate-failure" needs config\.topology "sentinel"/);
  });

  it('lets an armed Sentinel be restarted (it may have exited by itself), not resumed', () => {
    const restart = [...arm(0, 'crash-after-election'), { at: 5000, type: 'restart', node: 'S2' }];
    expect(problems({ config, events: restart })).toEqual([]);
    const resume = [...arm(0, 'crash-after-election'), { at: 5000, type: 'resume', node: 'S2' }];
    expect(problems({ config, events: resume }).join('\n')).toMatch(/events\[3\]: resume of S2, which is not paused \(armed to crash at events\[1\]/);
  });
});

const timeline = (events: unknown[], until = 45000, seed = 1) => simulate(parseTrace({ config, seed, events, until })).outcome;

describe('sentinel-simulate-failure: the model', () => {
  it('crash-after-election: the leader exits at its +elected-leader and stays down; the others retry after 2·failover-timeout', () => {
    const o = timeline([...arm(1000, 'crash-after-election'), { at: 10000, type: 'crash', node: 'M' }, ...arm(20000, 'none')]);
    const exits = o.timeline.filter((e) => e.event === 'crash' && e.detail === SIM_FAILURE_EXIT);
    expect(exits).toHaveLength(1);
    const leader = exits[0].node;
    const elected = o.timeline.filter((e) => e.event === 'elected-leader');
    expect(elected[0]).toMatchObject({ node: leader, at: exits[0].at, epoch: 1 });
    // exit() does not return: the leader does nothing after it (no select-slave, no later event).
    expect(o.timeline.filter((e) => e.node === leader && e.at >= exits[0].at && e.at < 20000).map((e) => e.event)).toEqual(['elected-leader', 'crash']);
    expect(o.sentinels![leader].up).toBe(false);
    // Disarmed at 20 s, the epoch-2 leader promotes: 2·failover-timeout after the first attempt (LAB E9c: +21.8 s).
    const promoted = o.timeline.find((e) => e.event === 'promoted-slave')!;
    expect(promoted).toMatchObject({ epoch: 2 });
    expect(promoted.node).not.toBe(leader);
    expect(promoted.at - 10000).toBeGreaterThan(20000);
    expect(promoted.at - 10000).toBeLessThan(24000);
  });

  it('stays armed until disarmed: the epoch-2 leader exits too, and no failover happens (LAB E9a)', () => {
    const o = timeline([...arm(1000, 'crash-after-election'), { at: 10000, type: 'crash', node: 'M' }]);
    expect(o.timeline.filter((e) => e.event === 'crash' && e.detail === SIM_FAILURE_EXIT).map((e) => e.node)).toHaveLength(2);
    expect(o.timeline.some((e) => e.event === 'promoted-slave')).toBe(false);
  });

  it('crash-after-promotion: the leader exits at its +promoted-slave, before any replica is reconfigured', () => {
    const o = timeline([...arm(1000, 'crash-after-promotion'), { at: 10000, type: 'crash', node: 'M' }], 20000);
    const exit = o.timeline.find((e) => e.event === 'crash' && e.detail === SIM_FAILURE_EXIT)!;
    const promoted = o.timeline.find((e) => e.event === 'promoted-slave')!;
    expect(promoted).toMatchObject({ node: exit.node, at: exit.at });
    expect(o.timeline.some((e) => e.event === 'slave-reconf-sent')).toBe(false);
    // The promoted replica is a master no running Sentinel names (LAB E9d).
    const survivors = Object.entries(o.sentinels!).filter(([, v]) => v.up);
    expect(survivors.map(([, v]) => v.master)).toEqual(['M', 'M']);
    expect(o.nodes[String(promoted.about)].role).toBe('master');
  });

  it('the flag: set by the command, cleared by mode none and by a restart; refused by a down Sentinel, held by a paused one', () => {
    const t = parseTrace({ config, events: [] });
    const s = initialState(t);
    const flag = () => s.sentinels.S1.simFailure;
    apply(s, { type: 'SentinelSimulateFailureRequested', node: 'S1', mode: 'crash-after-promotion' });
    expect(flag()).toBe('crash-after-promotion');
    apply(s, { type: 'SentinelSimulateFailureRequested', node: 'S1', mode: 'none' });
    expect(flag()).toBeUndefined();
    apply(s, { type: 'SentinelSimulateFailureRequested', node: 'S1', mode: 'crash-after-election' });
    apply(s, { type: 'ProcessCrashed', node: 'S1', power: false });
    apply(s, { type: 'SentinelSimulateFailureRequested', node: 'S1', mode: 'crash-after-promotion' });
    expect(s.timeline.at(-1)).toMatchObject({ node: 'S1', event: 'simulate-failure-refused' });
    apply(s, { type: 'ProcessRestarted', node: 'S1' });
    expect(flag()).toBeUndefined(); // initSentinel: SENTINEL_SIMFAILURE_NONE
    apply(s, { type: 'ProcessPaused', node: 'S1' });
    apply(s, { type: 'SentinelSimulateFailureRequested', node: 'S1', mode: 'crash-after-election' });
    expect(flag()).toBeUndefined();
    expect(s.held.S1?.some((a) => a.type === 'SentinelSimulateFailureRequested')).toBe(true);
  });
});

describe('sentinel-simulate-failure: conformance', () => {
  it('reads the exit from the Sentinel\'s log line', () => {
    expect(sentinelEvent('Sentinel CRASH because of SENTINEL simulate-failure', () => null, () => null)).toEqual({ event: 'crash', detail: SIM_FAILURE_EXIT });
  });

  const sentinels = ['S1', 'S2', 'S3'];

  it('treats Sentinels armed alike as interchangeable (whichever wins the election exits)', () => {
    const t = parseTrace({ config, events: [...arm(1000, 'crash-after-election'), { at: 10000, type: 'crash', node: 'M' }] });
    expect(interchangeable(t, sentinels)).toEqual([['S1', 'S2', 'S3']]);
  });

  it('does not when the trace treats them differently', () => {
    const onlyS2 = parseTrace({ config, events: [{ at: 1000, type: 'sentinel-simulate-failure', node: 'S2', mode: 'crash-after-election' }] });
    expect(interchangeable(onlyS2, sentinels)).toEqual([['S1', 'S3']]);
    const cut = parseTrace({ config, events: [...arm(1000, 'crash-after-election'), { at: 10000, type: 'partition', groups: [['S1'], ['M', 'R1', 'R2', 'S2', 'S3', 'client']] }] });
    expect(interchangeable(cut, sentinels)).toEqual([['S2', 'S3']]);
  });
});
