// The runbook audit's inputs and machinery: every claim validates, every trace claim's scenario
// parses, every measure works on a tiny run, and a rule check gives its verdict. Not a snapshot of
// verdicts: those come from `npm run audit`.
import { describe, expect, it } from 'vitest';
import { parseTrace } from '../model/index.ts';
import { runTrace } from '../properties/property.ts';
import { combine, evaluate, inCatalog, judgePred, variant } from '../audit/evaluate.ts';
import { MEASURES, measure } from '../audit/measures.ts';
import { acksAfterPromotion, agreedMaster, lostShare, promotedAt, sentinelEvents, sentinelOf } from '../audit/measures-standalone.ts';
import { RULES } from '../audit/rules.ts';
import { parseClaims, type Claim } from '../audit/schema.ts';
import { loadClaims } from '../audit/run.ts';
import type { SentinelOutcome } from '../model/kernel/outcome.ts';

const claims = loadClaims();

/** Issue 12's Sentinel properties, named by claims before the catalog has them (judged 'not modelled yet' until then). */
const SENTINEL_PROPERTIES = ['at-most-one-sentinel-leader-per-epoch', 'no-promotion-without-odown-and-votes',
  'sentinel-failover-loss-is-the-replication-window', 'sentinel-partitioned-old-master-loses-acked-writes',
  'sentinel-empty-master-restart-wipes-replicas', 'sentinel-promotes-restarted-empty-replica',
  'sentinel-quorum-below-majority-cannot-authorise', 'sentinel-split-vote-delays-failover', 'sentinel-quorum-one-false-failover'];

describe('audit/claims.json', () => {
  it('validates, with errors naming the claim and the field', () => {
    expect(claims.length).toBeGreaterThan(200);
    const bad = [{ ...claims[0], check: { trace: [{ measure: 'nope', op: '==', value: 1, says: 'xyz' }] } }];
    expect(() => parseClaims(bad)).toThrow(/000-1\.1-crc16-slot\.check.*measure/s);
    expect(() => parseClaims([{ ...claims[0], gloss: undefined }])).toThrow(/000-1\.1-crc16-slot\.gloss/);
  });

  it('refuses a Sentinel measure on a scenario of another topology, naming the claim and the predicate', () => {
    const c = claims.find((x) => x.id === '003-split-brain-two-masters') as Claim;
    const onCluster = { ...c, scenario: { ...c.scenario, config: { masters: 3 } } };
    expect(() => parseClaims([onCluster])).toThrow(/003-split-brain-two-masters\.check\.trace\.0\.measure: 'sentinelEvent' reads a sentinel run.*"cluster"/);
  });

  it('has no verdict typed by hand', () => {
    for (const c of claims) expect(Object.keys(c)).not.toContain('preliminary');
  });

  it("every trace claim's scenario parses, and so do its variants", () => {
    for (const c of claims.filter((x) => 'trace' in x.check)) {
      expect(() => parseTrace(c.scenario), c.id).not.toThrow();
      expect(() => parseTrace(variant(c.scenario as never, 7)), c.id).not.toThrow();
    }
  });

  it('every property and rule a claim names exists (or is one of issue 12\'s Sentinel properties)', () => {
    for (const c of claims) {
      if ('properties' in c.check) for (const p of c.check.properties) expect(inCatalog(p.property) || SENTINEL_PROPERTIES.includes(p.property), `${c.id}: ${p.property}`).toBe(true);
      if ('rule' in c.check) expect(RULES[c.check.rule], c.id).toBeDefined();
    }
  });
});

describe('measures', () => {
  const tiny = runTrace({
    name: 'tiny: B killed', config: { nodeTimeout: 2000 }, seed: 1, until: 12000,
    events: [{ at: 0, type: 'writes', every: 20, until: 10000 }, { at: 2000, type: 'crash', node: 'B' }, { at: 8000, type: 'restart', node: 'B' }],
  } as never);
  const args = { node: 'B1', shard: 'B', from: 0, to: 5000, error: 'CLUSTERDOWN', about: 'B' };
  const sentinelOnly = Object.keys(MEASURES).filter((m) => MEASURES[m].topology === 'sentinel');

  it.each(Object.keys(MEASURES).filter((m) => !sentinelOnly.includes(m)))('%s works on a tiny trace', (name) => {
    const v = measure(tiny, name, args);
    expect(['number', 'boolean', 'string', 'object']).toContain(typeof v);
    expect(MEASURES[name].label(args).length).toBeGreaterThan(3);
  });

  it.each(sentinelOnly)('%s on a Cluster run says it needs outcome.sentinels', (name) => {
    expect(() => measure(tiny, name, { ...args, node: 'S1', event: 'odown' })).toThrow(/needs outcome\.sentinels.*topology "cluster"/);
  });

  it('the standalone measures read the ledger, not the slots', () => {
    expect(measure(tiny, 'runningMasters', {})).toBe(3);
    expect(measure(tiny, 'keysBehind', { node: 'B1', about: 'A' })).toBe(tiny.outcome.nodes.A.keys - tiny.outcome.nodes.B1.keys);
    // B restarted at 8 s as B1's replica: its full sync (after the 5 s diskless delay) is past the run's end
    expect(measure(tiny, 'fullSyncFrom', { node: 'B' })).toBe(null);
    expect(measure(tiny, 'fullSyncs', {})).toBe(0);
    expect(measure(tiny, 'lastAckedAtMs', { node: 'B' })).toBe(null); // T0 is B's crash
    expect(measure(tiny, 'ackedAfterPromotionMs', { node: 'B' })).toBe(0); // B was down when B1 was promoted
  });

  it('reads the failover the way the timeline shows it', () => {
    expect(measure(tiny, 'promoted', { node: 'B1' })).toBe(true);
    expect(measure(tiny, 'finalMaster', { shard: 'B' })).toBe('B1');
    expect(measure(tiny, 'replicaOf', { node: 'B' })).toBe('B1');
    expect(measure(tiny, 'promotedAtMs', { node: 'B1' })).toBeGreaterThan(2000);
  });
});

describe('verdicts', () => {
  it('the CRC16 / hash-tag rule is imprecise: right for plain keys, wrong for hash tags', () => {
    const c = claims.find((x) => x.id === '000-1.1-crc16-slot') as Claim;
    const r = evaluate(c, { variants: 1, runs: 1, seed: 1 });
    expect(r.verdict).toBe('imprecise');
    expect(r.reason).toMatch(/hash tag/);
  });

  it('combines parts: all confirmed, all refuted, else imprecise', () => {
    expect(combine(['confirmed', 'confirmed'])).toBe('confirmed');
    expect(combine(['refuted', 'refuted'])).toBe('refuted');
    expect(combine(['confirmed', 'refuted'])).toBe('imprecise');
    expect(combine(['not modelled yet'])).toBe('not modelled yet');
  });

  it('a run that failed supports no predicate, not even "== null", and the summary says why', () => {
    const failed = { error: 'Sentinel is not modelled yet' } as never;
    const r = judgePred({ measure: 'sentinelMaster', node: 'S1', op: '==', value: null, says: 'the answer is empty' }, [failed, failed]);
    expect(r.verdict).toBe('refuted');
    expect(r.holds).toBe(0);
    expect(r.summary).toMatch(/2 runs failed: Sentinel is not modelled yet/);
  });

  it('a property not in the catalog yet leaves its part undecided, saying so', () => {
    const c = claims.find((x) => x.id === '003-loss-two-kinds') as Claim;
    const pending = { ...c, check: { properties: [{ property: 'sentinel-not-built-yet', polarity: 'supports' as const, says: 'a pending property' }] } };
    const r = evaluate(pending, { variants: 1, runs: 1, seed: 1 });
    expect(r.verdict).toBe('not modelled yet');
    expect(r.reason).toContain('`sentinel-not-built-yet` is not in the property catalog yet');
    expect(r.property).toEqual([null]);
  });

  it('a not-modelled claim says what is missing', () => {
    const c = claims.find((x) => 'notModelled' in x.check) as Claim;
    const r = evaluate(c, { variants: 1, runs: 1, seed: 1 });
    expect(r.verdict).toBe('not modelled yet');
    expect(r.reason).toMatch(/^Missing: /);
  });
});

describe('Sentinel and standalone helpers (pure: no model run)', () => {
  const view = (master: string | null, up = true): SentinelOutcome =>
    ({ up, master, currentEpoch: 1, configEpoch: 1, leaderEpoch: 1, failoverState: 'none', tilt: false });
  const fake = { trace: { name: 'fake', config: { topology: 'sentinel' } }, outcome: { sentinels: { S1: view('R1'), S2: view('R1'), S3: view('M', false) } } } as never;

  it('the agreed master ignores Sentinels that are down, and says when the running ones differ', () => {
    expect(agreedMaster({ S1: view('R1'), S2: view('R1'), S3: view('M', false) })).toBe('R1');
    expect(agreedMaster({ S1: view('R1'), S2: view('M') })).toBe('disagree');
    expect(agreedMaster({ S1: view(null) })).toBe(null);
    expect(agreedMaster({ S1: view('R1', false) })).toBe('no sentinel');
  });

  it('one Sentinel\'s view, or an error naming the Sentinels there are', () => {
    expect(sentinelOf(fake, 'S2').master).toBe('R1');
    expect(() => sentinelOf(fake, 'S9')).toThrow(/no Sentinel "S9" \(it has S1, S2, S3\)/);
  });

  it('Sentinel events: filtered by Sentinel, event, about and window, data-node events left out', () => {
    const tl = [
      { at: 900, node: 'S1', event: 'sdown', about: 'M' },
      { at: 1100, node: 'S1', event: 'sdown', about: 'M' },
      { at: 1200, node: 'S2', event: 'odown', about: 'M' },
      { at: 2300, node: 'S2', event: 'switch-master', about: 'R1' },
      { at: 2300, node: 'R1', event: 'switch-master', about: 'R1' },
    ];
    const S = ['S1', 'S2', 'S3'];
    expect(sentinelEvents(tl, S, { event: 'sdown' }, 1000).map((e) => e.at)).toEqual([1100]);
    expect(sentinelEvents(tl, S, { event: 'switch-master', about: 'R1' }, 0).map((e) => e.node)).toEqual(['S2']);
    expect(sentinelEvents(tl, S, { node: 'S1' }, 0)).toHaveLength(2);
    expect(sentinelEvents(tl, S, { from: 100, to: 1200 }, 1000).map((e) => e.event)).toEqual(['sdown', 'odown']); // [1100, 2200]
  });

  const w = (id: string, appliedBy: string | null, appliedAt: number, result = 'acked') => ({ id, appliedBy, appliedAt, result });
  const run = {
    state: {
      writes: [w('w1', 'M', 100), w('w2', 'M', 1500), w('w3', 'R1', 1200), w('w4', 'M', 2500), w('w5', 'M', 3000, 'refused'), w('w6', 'R1', 4000)],
      timeline: [{ at: 1000, node: 'S1', event: 'promoted-slave', about: 'R1' }, { at: 1100, node: 'R1', event: 'replicaof', detail: 'no one' }],
    },
    outcome: { writes: { lostIds: ['w2', 'w4'] } },
  } as never;

  it('the lost share counts acked writes of the node in the window only', () => {
    expect(lostShare(run, { node: 'M' }, 1000)).toBe(1); // w2, w4 (w5 was refused)
    expect(lostShare(run, { node: 'M' }, 0)).toBeCloseTo(2 / 3);
    expect(lostShare(run, {}, 1000)).toBe(0.5);
    expect(lostShare(run, { node: 'R2' }, 0)).toBe(null);
  });

  it('two writable masters: how long the old one acked after another data node became a master', () => {
    const tl = (run as { state: { timeline: never[] } }).state.timeline;
    expect(promotedAt(tl, ['M', 'R1'], 'M', 0)).toBe(1100); // a Sentinel's event is not the node's
    expect(promotedAt(tl, ['M', 'R1'], 'R1', 0)).toBe(undefined);
    expect(acksAfterPromotion(run, ['M', 'R1'], 'M', 0)).toBe(2500 - 1100); // w5 was refused
    expect(acksAfterPromotion(run, ['M', 'R1'], 'M', 1200)).toBe(0); // promoted before T0
  });
});
