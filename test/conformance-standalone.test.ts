// The sentinel / replication half of the conformance harness, on hand-made outcomes and log lines (no
// Redis needed): Sentinel log parsing, sentinel.conf epochs, redis.conf edits, the final-master rule,
// the field comparison with its margins, the timing fields, scaling, the report section when the model
// is not available, and the generated traces.
import { describe, expect, it } from 'vitest';
import { parseTrace, type Trace } from '../model/kernel/trace.ts';
import type { Outcome } from '../model/kernel/outcome.ts';
import type { WriteRecord } from '../model/kernel/state.ts';
import { scaleTrace, type TraceResult } from '../conformance/harness.ts';
import { editConfText, initialMasters, standaloneConfigSetArgs } from '../conformance/standalone.ts';
import { confEpochs, failoverStateOf, finalMaster, sentinelEvent, type StandaloneRealOutcome } from '../conformance/standalone-observe.ts';
import { compareStandalone, type StandaloneModelOutcome } from '../conformance/standalone-compare.ts';
import { sentinelTimings } from '../conformance/standalone-timing.ts';
import { standaloneSection } from '../conformance/standalone-report.ts';
import { render } from '../conformance/report.ts';
import { generatedStandalone } from '../conformance/generate-standalone.ts';
import { unsupportedStandalone } from '../conformance/standalone-play.ts';
import { unsupported } from '../conformance/play.ts';
import { traceFaults } from '../conformance/timing.ts';
import { noReplicasEdge } from '../conformance/races.ts';

const addr: Record<string, string> = { '127.0.1.10:21000': 'M', '127.0.1.11:21001': 'R1', '127.0.1.12:21002': 'R2', '127.0.1.50:21003': 'S1' };
const nameAt = (ip: string, port: string) => addr[`${ip}:${port}`] ?? null;
const byId = (id: string) => (id === 'abc' ? 'S1' : null);

describe('Sentinel log lines as timeline events', () => {
  it('maps sentinelEvent messages to the model\'s names, with the instance they are about', () => {
    expect(sentinelEvent('+sdown master mymaster 127.0.1.10 21000', nameAt, byId)).toMatchObject({ event: 'sdown', about: 'M' });
    expect(sentinelEvent('-sdown slave 127.0.1.10:21000 127.0.1.10 21000 @ mymaster 127.0.1.11 21001', nameAt, byId)).toMatchObject({ event: 'sdown-cleared', about: 'M' });
    expect(sentinelEvent('+odown master mymaster 127.0.1.10 21000 #quorum 2/2', nameAt, byId)).toMatchObject({ event: 'odown', about: 'M' });
    expect(sentinelEvent('+new-epoch 3', nameAt, byId)).toMatchObject({ event: 'new-epoch', epoch: 3 });
    expect(sentinelEvent('+vote-for-leader abc 3', nameAt, byId)).toMatchObject({ event: 'vote-for-leader', about: 'S1', epoch: 3 });
    expect(sentinelEvent('+promoted-slave slave 127.0.1.12:21002 127.0.1.12 21002 @ mymaster 127.0.1.10 21000', nameAt, byId)).toMatchObject({ event: 'promoted-slave', about: 'R2' });
    expect(sentinelEvent('+switch-master mymaster 127.0.1.10 21000 127.0.1.11 21001', nameAt, byId)).toMatchObject({ event: 'switch-master', about: 'R1' });
    expect(sentinelEvent('-failover-abort-no-good-slave master mymaster 127.0.1.10 21000', nameAt, byId)).toMatchObject({ event: 'failover-abort', about: 'M', detail: 'no-good-slave' });
    expect(sentinelEvent('+tilt #tilt mode entered', nameAt, byId)).toMatchObject({ event: 'tilt' });
    expect(sentinelEvent('-tilt #tilt mode exited', nameAt, byId)).toMatchObject({ event: 'tilt-cleared' });
    expect(sentinelEvent('+sdown sentinel abc 127.0.1.50 21003 @ mymaster 127.0.1.10 21000', nameAt, byId)).toMatchObject({ event: 'sdown', about: 'S1' });
    // Events the model's timeline does not name are left out.
    expect(sentinelEvent('+slave slave 127.0.1.11:21001 127.0.1.11 21001 @ mymaster 127.0.1.10 21000', nameAt, byId)).toBeNull();
    expect(sentinelEvent('+failover-state-select-slave master mymaster 127.0.1.10 21000', nameAt, byId)).toBeNull();
  });

  it('reads the epochs from sentinel.conf and the failover state from SENTINEL MASTER', () => {
    const conf = 'port 1\nsentinel myid abc\nsentinel config-epoch mymaster 2\nsentinel leader-epoch mymaster 3\nsentinel current-epoch 3\n';
    expect(confEpochs(conf)).toEqual({ currentEpoch: 3, configEpoch: 2, leaderEpoch: 3 });
    expect(confEpochs('port 1\n')).toEqual({ currentEpoch: 0, configEpoch: 0, leaderEpoch: 0 });
    expect(failoverStateOf({ flags: 'master' })).toBe('none');
    expect(failoverStateOf({ flags: 'master,failover_in_progress', 'failover-state': 'wait_promotion' })).toBe('wait_promotion');
    expect(failoverStateOf({ flags: 'o_down,master,failover_in_progress' })).toBe('unknown');
  });
});

describe('redis.conf for standalone nodes', () => {
  it('edit-config replaces every line of an option, removes replicaof, keeps comments', () => {
    const text = '# mine\nport 1\nsave 3600 1\nsave 300 100\nappendonly no\nslaveof 127.0.0.1 2\n';
    expect(editConfText(text, ['appendonly yes', 'save ""'], ['replicaof'])).toBe('# mine\nport 1\nappendonly yes\nsave ""\n');
    expect(editConfText('port 1\nreplicaof 1.2.3.4 5\n', ['replicaof 9.9.9.9 1'])).toBe('port 1\nreplicaof 9.9.9.9 1\n');
  });
  it('CONFIG SET arguments leave out cluster options and add replica-priority', () => {
    expect(standaloneConfigSetArgs({ appendonly: true, replicaPriority: 0, nodeTimeout: 5000, save: [] })).toEqual(['appendonly', 'yes', 'save', '', 'replica-priority', '0']);
  });
  it('initial masters follow config.replicaof in a replication trace, M otherwise', () => {
    const rep = parseTrace({ config: { topology: 'replication', replicas: 3, replicaof: { R2: 'R1', R3: 'R2' } }, events: [] });
    expect(initialMasters(rep, ['R1', 'R2', 'R3'])).toEqual({ R1: 'M', R2: 'R1', R3: 'R2' });
    const sen = parseTrace({ config: { topology: 'sentinel', replicas: 2 }, events: [] });
    expect(initialMasters(sen, ['R1', 'R2'])).toEqual({ R1: 'M', R2: 'M' });
  });
});

describe('the final master', () => {
  const n = (role: string, replicaOf: string | null = null, up = true) => ({ up, role, replicaOf });
  const nodes = { M: n('master'), R1: n('master'), R2: n('replica', 'R1') };
  const s = (m: string | null, up = true) => ({ up, master: m });
  it('is the node most running Sentinels name, if it is a running master', () => {
    expect(finalMaster(nodes, { S1: s('M'), S2: s('R1'), S3: s('R1') })).toBe('R1');
    expect(finalMaster(nodes, { S1: s('M'), S2: s('R1'), S3: s('R1', false), S4: s('R1', false) })).toBe('M'); // tie: S1's first
  });
  it('is otherwise the running master most nodes replicate from (down a chain), ties to the writers\' target', () => {
    expect(finalMaster(nodes, { S1: s('R2'), S2: s('R2') })).toBe('R1'); // R2 is no master; R1 has a follower
    expect(finalMaster(nodes, {})).toBe('R1');
    const chain = { M: n('master'), R1: n('replica', 'M'), R2: n('replica', 'R1'), R3: n('master') };
    expect(finalMaster(chain, {})).toBe('M');
    const split = { M: n('master', null, false), R1: n('master'), R2: n('master') };
    expect(finalMaster(split, {})).toBe('R1'); // tie, no target among them: the first name
    expect(finalMaster(split, {}, 'R2')).toBe('R2');
    expect(finalMaster({ M: n('master', null, false), R1: n('replica', 'M') }, {})).toBeNull();
  });
});

// ---------- the comparison on hand-made outcomes ----------

const trace = parseTrace({ name: 'hand-made', config: { topology: 'sentinel', replicas: 2, downAfterMilliseconds: 1000, clientTimeout: 500 }, events: [{ at: 0, type: 'writes', every: 100, until: 5000 }, { at: 2000, type: 'crash', node: 'M' }], until: 9000 });

const ids = Array.from({ length: 10 }, (_, i) => `w${i + 1}`);
function modelOutcome(lost: string[] = []): { o: StandaloneModelOutcome; writes: WriteRecord[] } {
  const node = (role: 'master' | 'replica', of: string | null, up = true) => ({ up, role, replicaOf: of, slots: [], currentEpoch: 0, configEpoch: 0, keys: 10, offset: 100, clusterState: 'ok' as const, replid: 'x', linkStatus: 'up' });
  const sent = (master: string) => ({ up: true, master, currentEpoch: 1, configEpoch: 1, leaderEpoch: 1, failoverState: 'none' as const, tilt: false });
  const writes = ids.map((id, i) => ({ id, key: `key:${id}`, slot: 0, sentAt: i * 100, repliedAt: i * 100 + 2, appliedAt: i * 100 + 1, result: 'acked', error: null, appliedBy: 'M' })) as unknown as WriteRecord[];
  const o = {
    trace: trace.name, seed: 1, until: trace.until,
    nodes: { M: node('master', null, false), R1: node('master', null), R2: node('replica', 'R1') },
    sentinels: { S1: sent('R1'), S2: sent('R1'), S3: sent('R1') },
    writes: { acked: 10, refused: 0, unknown: 0, lost: lost.length, unavailable: 0, lostIds: lost, maxLossWindowMs: 0, refusedBy: {}, waitAckedLost: 0, maxLossWindowAfterMs: 0 },
    lost: [], downtime: [], failures: [],
    timeline: [
      { at: 3050, node: 'S1', event: 'sdown', about: 'M' }, { at: 3100, node: 'S1', event: 'odown', about: 'M' },
      { at: 4200, node: 'S1', event: 'promoted-slave', about: 'R1' }, { at: 4300, node: 'S2', event: 'switch-master', about: 'R1' },
      { at: 4310, node: 'R2', event: 'partial-sync' },
    ],
  } as unknown as StandaloneModelOutcome;
  return { o, writes };
}

function realOutcome(lost: string[] = []): StandaloneRealOutcome {
  const m = modelOutcome(lost);
  return {
    topology: 'sentinel',
    nodes: Object.fromEntries(Object.entries(m.o.nodes).map(([k, v]) => [k, { ...v, queried: v.up }])),
    sentinels: Object.fromEntries(Object.entries(m.o.sentinels!).map(([k, v]) => [k, { ...v, queried: true }])),
    finalMaster: 'R1', asks: [],
    writes: { acked: 10, refused: 0, unknown: 0, lost: lost.length, unavailable: 0, lostIds: lost, refusedBy: {} },
    writeLog: m.writes.map((w) => ({ id: w.id, key: w.key, slot: 0, sentAt: w.sentAt, repliedAt: w.repliedAt, result: 'acked' as const, error: null, attempts: [] })),
    events: [
      { at: 3020, node: 'S2', event: 'sdown', about: 'M' }, { at: 3120, node: 'S2', event: 'odown', about: 'M' },
      { at: 4170, node: 'S2', event: 'promoted-slave', about: 'R1' }, { at: 4250, node: 'S1', event: 'switch-master', about: 'R1' },
      { at: 4260, node: 'R2', event: 'partial-sync' },
    ],
    faults: [{ at: 2001, planned: 2000, type: 'ProcessCrashed', node: 'M' }], notes: [],
  };
}

const verdicts = (fs: Array<{ field: string; agree: boolean }>) => Object.fromEntries(fs.map((f) => [f.field, f.agree]));

describe('compareStandalone', () => {
  it('agrees on every field for the same outcome', () => {
    const m = modelOutcome();
    const fs = compareStandalone(trace, m.o, realOutcome(), m.writes);
    expect(fs.map((f) => f.field)).toEqual(['finalMaster', 'roles', 'sentinels', 'epochBumps', 'failover', 'survival', 'wiped', 'resync', 'writeResults']);
    expect(fs.filter((f) => !f.agree)).toEqual([]);
  });

  it('disagrees on the final master, a Sentinel\'s view, roles and epochs when they differ', () => {
    const m = modelOutcome();
    const real = realOutcome();
    real.sentinels.S3 = { ...real.sentinels.S3, master: 'R2', currentEpoch: 2 };
    real.nodes.R2 = { ...real.nodes.R2, role: 'master', replicaOf: null };
    real.finalMaster = 'R2';
    const v = verdicts(compareStandalone(trace, m.o, real, m.writes));
    expect(v).toMatchObject({ finalMaster: false, sentinels: false, roles: false, epochBumps: false, survival: true });
  });

  it('a paused real node compares by "up" only; a model without the sentinels part disagrees', () => {
    const m = modelOutcome();
    const real = realOutcome();
    real.nodes.R2 = { ...real.nodes.R2, queried: false };
    expect(verdicts(compareStandalone(trace, m.o, real, m.writes)).roles).toBe(true);
    const bare = { ...m.o, sentinels: undefined };
    const f = compareStandalone(trace, bare, realOutcome(), m.writes).find((x) => x.field === 'sentinels')!;
    expect(f.agree).toBe(false);
    expect(f.why).toMatch(/no `sentinels` part/);
  });

  it('a write lost on one side only disagrees outside the margins, and is tolerated inside them', () => {
    const m = modelOutcome();
    // w1 (sent at 0 ms) is far from the crash at 2000 and from every transition: a real disagreement.
    const far = verdicts(compareStandalone(trace, m.o, realOutcome(['w1']), m.writes));
    expect(far.survival).toBe(false);
    // A write sent at 1950 ms is within 200 ms of the crash.
    const t2 = trace;
    const near = modelOutcome();
    near.writes[9] = { ...near.writes[9], sentAt: 1950, repliedAt: 1952 } as WriteRecord;
    const r = realOutcome(['w10']);
    r.writeLog[9] = { ...r.writeLog[9], sentAt: 1950, repliedAt: 1952 };
    const fs = compareStandalone(t2, near.o, r, near.writes);
    const s = fs.find((x) => x.field === 'survival')!;
    expect(s.agree).toBe(true);
    expect(s.why).toMatch(/1 within the margins tolerated/);
    // …and the wipes and resyncs of a run with such a write are tolerated too.
    r.events = r.events.filter((e) => e.event !== 'partial-sync');
    expect(verdicts(compareStandalone(t2, near.o, r, near.writes)).resync).toBe(true);
    expect(verdicts(compareStandalone(t2, near.o, { ...realOutcome(), events: r.events }, near.writes)).resync).toBe(false);
  });

  it('a write refused on one side and acked on the other disagrees outside the margins', () => {
    const m = modelOutcome();
    const r = realOutcome();
    r.writeLog[0] = { ...r.writeLog[0], result: 'refused', error: 'READONLY' };
    const f = compareStandalone(trace, m.o, r, m.writes).find((x) => x.field === 'writeResults')!;
    expect(f.agree).toBe(false);
    expect(f.why).toMatch(/w1@0ms model acked, real refused READONLY/);
  });
});

describe('writeResults: NOREPLICAS edges and the trace\'s end (the Cluster\'s rules)', () => {
  // A replication trace with min-replicas: no Sentinel transitions, so only these rules can forgive.
  const rt = parseTrace({ name: 'edge', config: { topology: 'replication', replicas: 1, minReplicasToWrite: 1, clientTimeout: 500 }, events: [{ at: 0, type: 'writes', every: 100, until: 900 }], until: 900 });
  const refuse = <T extends { result: string; error: string | null }>(w: T): T => ({ ...w, result: 'refused', error: 'NOREPLICAS' });
  const field = (m: ReturnType<typeof modelOutcome>, r: StandaloneRealOutcome) => compareStandalone(rt, m.o, r, m.writes).find((x) => x.field === 'writeResults')!;

  it('forgives acked vs NOREPLICAS when the acking side refused a write within NOREPLICAS_MARGIN_MS', () => {
    const m = modelOutcome();
    const r = realOutcome();
    // The model refuses from w5 (400 ms) on, the real run from w8 (700 ms): the onset moved 300 ms.
    for (let i = 4; i < 10; i++) m.writes[i] = refuse(m.writes[i]);
    for (let i = 7; i < 10; i++) r.writeLog[i] = refuse(r.writeLog[i]);
    const f = field(m, r);
    expect(f.agree).toBe(true);
    expect(f.why).toMatch(/3 within the margins tolerated/);
  });

  it('does not forgive it when the acking side never refused (a rule, not a phase)', () => {
    const m = modelOutcome();
    for (let i = 4; i < 10; i++) m.writes[i] = refuse(m.writes[i]);
    const f = field(m, realOutcome());
    expect(f.agree).toBe(false);
    expect(f.why).toMatch(/w5@400ms model refused NOREPLICAS, real acked/);
  });

  it('compares a write the model still has in flight at the end as either, only within clientTimeout of it', () => {
    const m = modelOutcome();
    m.writes[9] = { ...m.writes[9], result: 'pending', repliedAt: -1 } as WriteRecord; // sent at 900 = until
    const f = field(m, realOutcome());
    expect(f.agree).toBe(true);
    expect(f.why).toMatch(/1 in flight at the trace's end compared as either/);
    // Pending although sent 800 ms before the end (its 500 ms timeout should have fired): a disagreement.
    m.writes[1] = { ...m.writes[1], result: 'pending', repliedAt: -1 } as WriteRecord;
    const g = field(m, realOutcome());
    expect(g.agree).toBe(false);
    expect(g.why).toMatch(/w2@100ms model unknown, real acked/);
  });
});

describe('noReplicasEdge (races.ts), as the Cluster comparison uses it', () => {
  const w = (sentAt: number, slot: number, error: string | null = null) => ({ sentAt, slot, error });
  it('forgives only when the acking side refused a write of the same shard within NOREPLICAS_MARGIN_MS', () => {
    const shardOf = (slot: number) => (slot < 8192 ? 'A' : 'B');
    const edge = noReplicasEdge([[w(0, 1)], [w(1500, 2, 'NOREPLICAS'), w(1000, 9000, 'NOREPLICAS')]], (x, y) => shardOf(x) === shardOf(y));
    expect(edge({ sentAt: 0, slot: 3 }, 'acked', 'refused NOREPLICAS')).toBe(false); // the model (acker) refused nothing
    expect(edge({ sentAt: 0, slot: 3 }, 'refused NOREPLICAS', 'acked')).toBe(true); // the real run refused slot 2 at 1500
    expect(edge({ sentAt: 0, slot: 9001 }, 'refused NOREPLICAS', 'acked')).toBe(true); // shard B at 1000
    expect(edge({ sentAt: 3001, slot: 9001 }, 'refused NOREPLICAS', 'acked')).toBe(false); // 2001 ms away
    expect(edge({ sentAt: 0, slot: 3 }, 'refused READONLY', 'acked')).toBe(false);
  });
});

describe('replicas tied for selection', () => {
  /** The real run promoted R2 where the model promoted R1. */
  function otherWinner(): StandaloneRealOutcome {
    const r = realOutcome();
    r.nodes.R1 = { ...r.nodes.R1, role: 'replica', replicaOf: 'R2' };
    r.nodes.R2 = { ...r.nodes.R2, role: 'master', replicaOf: null };
    for (const s of Object.values(r.sentinels)) s.master = 'R2';
    r.finalMaster = 'R2';
    r.events = r.events.map((e) => (e.about === 'R1' ? { ...e, about: 'R2' } : e.node === 'R2' ? { ...e, node: 'R1' } : e));
    return r;
  }
  it('are exchanged when the trace touches neither (the random run ID chose)', () => {
    const m = modelOutcome();
    const fs = compareStandalone(trace, m.o, otherWinner(), m.writes);
    expect(fs.filter((f) => !f.agree)).toEqual([]);
    expect(fs.find((f) => f.field === 'failover')!.why).toMatch(/renamed R1→R2, R2→R1/);
  });
  it('are not when the trace names one of them (its priority or offset may differ)', () => {
    const t: Trace = { ...trace, events: [...trace.events, { at: 2500, type: 'config', node: 'R2', set: { replicaPriority: 10 } }] };
    const m = modelOutcome();
    const v = verdicts(compareStandalone(t, m.o, otherWinner(), m.writes));
    expect(v).toMatchObject({ failover: false, roles: false, finalMaster: false, sentinels: false });
  });
});

describe('Sentinel timing fields', () => {
  it('times sdown, odown, promotion and the switch from the crash, and demotion from the restart', () => {
    const t = parseTrace({ config: { topology: 'sentinel', downAfterMilliseconds: 1000 }, events: [{ at: 1000, type: 'crash', node: 'M' }, { at: 6000, type: 'restart', node: 'M' }], until: 20000 });
    const faults = traceFaults(t).map((f) => ({ ...f, at: f.at + 2 }));
    const events = [
      { at: 1500, node: 'S1', event: 'sdown', about: 'S2' }, // a Sentinel, not the crashed master
      { at: 2030, node: 'S2', event: 'sdown', about: 'M' }, { at: 2040, node: 'S1', event: 'sdown', about: 'M' },
      { at: 2100, node: 'S1', event: 'odown', about: 'M' }, { at: 3200, node: 'S1', event: 'promoted-slave', about: 'R1' },
      { at: 3300, node: 'S2', event: 'switch-master', about: 'R1' }, { at: 3310, node: 'S3', event: 'switch-master', about: 'R1' }, { at: 4300, node: 'S1', event: 'switch-master', about: 'R1' },
      { at: 16010, node: 'S2', event: 'convert-to-slave', about: 'M' },
    ];
    const f = sentinelTimings(faults, events, ['M', 'R1', 'R2']);
    expect(Object.fromEntries(f)).toEqual({
      'time to sdown: M after crash M @1000': 1028,
      'time to odown: M after crash M @1000': 1098,
      'time to promoted-slave: a replica after crash M @1000': 2198,
      'time to switch-master: first Sentinel after crash M @1000': 2298,
      'time to switch-master: last of 3 Sentinel(s) after crash M @1000': 3298,
      'time to convert-to-slave: M after restart M @6000': 10008,
    });
  });
});

describe('scaling a standalone trace', () => {
  it('scales a sentinel trace to down-after-milliseconds 2000, failover-timeout alike, and the model gets the same trace', () => {
    const t = parseTrace({ name: 's', config: { topology: 'sentinel', masterRebootDownAfterPeriod: 60000 }, events: [{ at: 0, type: 'writes', every: 100, until: 60000 }, { at: 30000, type: 'crash', node: 'M' }], until: 120000 });
    const s = scaleTrace(t);
    expect(s.config).toMatchObject({ downAfterMilliseconds: 2000, failoverTimeout: 12000, masterRebootDownAfterPeriod: 4000 });
    expect(s.events).toEqual([{ at: 0, type: 'writes', every: 20, until: 4000 }, { at: 2000, type: 'crash', node: 'M' }]);
    expect(s.until).toBe(8000);
    expect(s.name).toMatch(/\[scaled ×0\.067, downAfterMilliseconds 2000, failoverTimeout 12000\]$/);
  });
  it('leaves a short trace alone and only cuts idle gaps of a replication trace', () => {
    const short = parseTrace({ config: { topology: 'sentinel', downAfterMilliseconds: 1000 }, events: [{ at: 1000, type: 'crash', node: 'M' }], until: 9000 });
    expect(scaleTrace(short)).toBe(short);
    const idle = parseTrace({ config: { topology: 'replication' }, events: [{ at: 1000, type: 'crash', node: 'R1' }, { at: 3_600_000, type: 'restart', node: 'R1' }], until: 3_610_000 });
    const s = scaleTrace(idle);
    expect(s.events.map((e) => e.at)).toEqual([1000, 21000]);
    expect(s.config).toEqual(idle.config);
  });
});

describe('generated standalone traces', () => {
  it('gives 12 distinct, deterministic, playable traces of both kinds', () => {
    const a = generatedStandalone();
    expect(a).toHaveLength(12);
    expect(JSON.stringify(generatedStandalone())).toBe(JSON.stringify(a));
    expect(new Set(a.map((t) => t.name)).size).toBe(12);
    expect(a.filter((t) => t.config.topology === 'sentinel').length).toBeGreaterThanOrEqual(6);
    expect(a.filter((t) => t.config.topology === 'replication').length).toBeGreaterThanOrEqual(3);
    for (const t of a) expect(unsupportedStandalone(t, { ok: true, reason: '' })).toBeNull();
  });
  it('plays a delay outlasting the trace as a one-way cut, and refuses a finite one', () => {
    const cut = parseTrace({ config: { topology: 'sentinel' }, events: [{ at: 1000, type: 'delay', from: 'S1', to: 'M', ms: 86_400_000 }], until: 9000 });
    expect(unsupportedStandalone(cut, { ok: true, reason: '' })).toBeNull();
    expect(unsupportedStandalone(cut, { ok: false, reason: 'no iptables' })).toMatch(/one-way link cuts not runnable here: no iptables/);
    const slow = parseTrace({ config: { topology: 'sentinel' }, events: [{ at: 1000, type: 'delay', from: 'M', to: 'R1', ms: 10 }], until: 9000 });
    expect(unsupportedStandalone(slow, { ok: true, reason: '' })).toMatch(/finite delay/);
  });
  it('says why a clock jump is not runnable here', () => {
    const t = parseTrace({ config: { topology: 'sentinel' }, events: [{ at: 1000, type: 'clock', node: 'S1', jumpMs: 5000 }] });
    expect(unsupportedStandalone(t, { ok: true, reason: '' })).toMatch(/clock jumps are not runnable here/);
  });
  it('leaves out writes with a TTL, on both deployment kinds', () => {
    const ttl = { at: 0, type: 'writes', every: 100, until: 2000, px: 500 };
    expect(unsupportedStandalone(parseTrace({ config: { topology: 'replication' }, events: [ttl] }), { ok: true, reason: '' })).toMatch(/TTL \(px\)/);
    expect(unsupported(parseTrace({ config: { masters: 3 }, events: [ttl] }), { ok: true, reason: '' })).toMatch(/TTL \(px\)/);
  });
});

describe('the report when the model is not available', () => {
  const real = realOutcome();
  const result = (t: Trace, over: Partial<TraceResult>): TraceResult => ({ trace: t, source: 'test', skipped: null, error: null, model: null, real, reals: [real], fields: [], timings: [], runs: { model: 8, real: 1 }, seconds: 1, note: null, modelError: null, ...over });
  it('says "model not available" per trace, shows the real outcome and counts nothing', () => {
    const lines = standaloneSection([result(trace, { modelError: 'ReplicaofRequested is not modelled yet (issue 12)' })]).join('\n');
    expect(lines).toMatch(/## Sentinel and standalone replication/);
    expect(lines).toMatch(/model not available \(ReplicaofRequested is not modelled yet \(issue 12\)\)/);
    expect(lines).toMatch(/Agreement: 0\/0 compared traces/);
    expect(lines).toMatch(/S1: master R1, currentEpoch 1/);
  });
  it('renders compared standalone traces beside cluster ones without counting the unavailable ones', () => {
    const m = modelOutcome();
    const fields = compareStandalone(trace, m.o, real, m.writes);
    const text = render([result(trace, { fields, model: m.o as Outcome }), result({ ...trace, name: 'other' }, { modelError: 'boom' })], 'test');
    expect(text).toMatch(/\*\*Agreement: 1\/1 traces agree on every field; 9\/9 fields agree; 0 real run\(s\) agree with another model seed/);
    expect(text).toMatch(/The model is not available for 1 trace\(s\)/);
    expect(text).toMatch(/\| hand-made \| test \| sentinel \| agree \|/);
  });
});
