// Claims about a rule (a hashing function, a default, what a command does) checked against the
// model's own rule functions, defaults and transitions: each check returns the cases it tried, each
// with whether the claim held and what the model did. The verdict is derived from the cases.
import { CLUSTER_SLOTS, DEFAULTS } from '../model/kernel/config.ts';
import { finalMasterOf } from '../model/kernel/outcome.ts';
import { crc16, initialSlots, keySlot, ownerOf } from '../model/cluster/slots.ts';
import { parseTrace, type Trace } from '../model/index.ts';
import type { TraceInput } from '../model/kernel/trace.ts';
import { runTrace, type RunResult } from '../properties/property.ts';
import { measure } from './measures.ts';
import { optionsFromArgv, parseConf } from '../check/conf.ts';
import { ALIASES } from '../check/mapping.ts';
import { isRedisDirective } from '../check/directives.ts';
import { REPLICATION_RULES } from './rules-replication.ts';
import { EXPIRY_RULES } from './rules-expiry.ts';
import { MEMORY_RULES } from './rules-memory.ts';

export interface Case { holds: boolean; detail: string }
export interface Rule { says: string; cases: () => Case[] }

const base = (name: string, config: Record<string, unknown>, events: unknown[], until: number): TraceInput =>
  ({ name, config: { masters: 3, replicasPerMaster: 1, nodeTimeout: 15000, ...config }, seed: 1, events, until } as unknown as TraceInput);
const writes = (until: number, from = 0, node?: string) => ({ at: from, type: 'writes', every: 10, until, ...(node ? { node } : {}) });

const cache = new Map<string, RunResult>();
function run(t: TraceInput): RunResult {
  const k = JSON.stringify(t);
  if (!cache.has(k)) cache.set(k, runTrace(t));
  return cache.get(k)!;
}

/** The small traces the rule checks run (also written as evidence). */
export const RULE_TRACES = {
  masterCrash: base('rule: master B killed (kill -9), AOF everysec', { appendonly: true }, [writes(40000), { at: 5000, type: 'crash', node: 'B' }], 40000),
  masterCrash5: base('rule: 5 masters, master B killed', { masters: 5 }, [writes(40000), { at: 5000, type: 'crash', node: 'B' }], 40000),
  emptyMasterRestartDiskSync: base('rule: no persistence, repl-diskless-sync no, master B killed and restarted 3 s later', { appendonly: false, save: [], replDisklessSync: false }, [writes(30000), { at: 5000, type: 'crash', node: 'B' }, { at: 8000, type: 'restart', node: 'B' }], 30000),
  emptyMasterRestart: base('rule: no persistence, master B killed and restarted 3 s later', { appendonly: false, save: [] }, [writes(30000), { at: 5000, type: 'crash', node: 'B' }, { at: 8000, type: 'restart', node: 'B' }], 30000),
  replicaCut: base('rule: replica B1 cut off from every node for 75 s (longer than repl-timeout)', {}, [writes(100000), { at: 5000, type: 'partition', groups: [['B1'], ['A', 'B', 'C', 'A1', 'C1', 'client']] }, { at: 80000, type: 'heal' }], 100000),
  replicaCutShort: base('rule: replica B1 cut off from every node for 20 s (shorter than repl-timeout)', {}, [writes(40000), { at: 5000, type: 'partition', groups: [['B1'], ['A', 'B', 'C', 'A1', 'C1', 'client']] }, { at: 25000, type: 'heal' }], 40000),
  replicaCutNoHeal: base('rule: replica B1 cut off, run ends during the cut', {}, [writes(30000), { at: 5000, type: 'partition', groups: [['B1'], ['A', 'B', 'C', 'A1', 'C1', 'client']] }], 30000),
  replicaCutSmallBacklog: base('rule: replica B1 cut off for 75 s, 16 KB backlog', { replBacklogSize: 16384 }, [writes(100000), { at: 5000, type: 'partition', groups: [['B1'], ['A', 'B', 'C', 'A1', 'C1', 'client']] }, { at: 80000, type: 'heal' }], 100000),
  pairDownReplicaBack: base('rule: B and B1 killed, only B1 restarted 60 s later', { appendonly: true }, [writes(200000), { at: 5000, type: 'crash', node: 'B' }, { at: 5000, type: 'crash', node: 'B1' }, { at: 65000, type: 'restart', node: 'B1' }], 200000),
  pairDown: base('rule: B and B1 killed', { appendonly: true }, [writes(60000), { at: 5000, type: 'crash', node: 'B' }, { at: 5000, type: 'crash', node: 'B1' }], 60000),
  twoMastersDown: base('rule: masters A and B killed', { appendonly: true }, [writes(60000), { at: 5000, type: 'crash', node: 'A' }, { at: 5000, type: 'crash', node: 'B' }], 60000),
  staleRoute: base('rule: B killed, restarted at 40 s; a client with a stale route keeps writing to B', { appendonly: true }, [writes(60000), { at: 5000, type: 'crash', node: 'B' }, { at: 40000, type: 'restart', node: 'B' }, writes(55000, 50000, 'B')], 60000),
  failoverToMaster: base('rule: B killed; CLUSTER FAILOVER sent to master A (port 7000)', {}, [writes(40000), { at: 5000, type: 'crash', node: 'B' }, { at: 8000, type: 'failover', node: 'A' }], 40000),
  defaultFailoverDeadMaster: base('rule: B killed; default CLUSTER FAILOVER on B1 3 s later', {}, [writes(40000), { at: 5000, type: 'crash', node: 'B' }, { at: 8000, type: 'failover', node: 'B1' }], 40000),
  writeToReplica: base('rule: a client writes directly to replica B1', {}, [writes(10000, 0, 'B1')], 12000),
  restartMaster: base('rule: B killed, restarted 60 s later (no CLUSTER MEET)', { appendonly: true }, [writes(100000), { at: 5000, type: 'crash', node: 'B' }, { at: 65000, type: 'restart', node: 'B' }], 100000),
  splitBrain: base('rule: B cut off with the clients', {}, [writes(100000), { at: 5000, type: 'partition', groups: [['B', 'client'], ['A', 'C', 'A1', 'B1', 'C1']] }, { at: 65000, type: 'heal' }], 100000),
  minorityNoClients: base('rule: B cut off, clients on the majority side', {}, [writes(100000), { at: 5000, type: 'partition', groups: [['B'], ['A', 'C', 'A1', 'B1', 'C1', 'client']] }, { at: 65000, type: 'heal' }], 100000),
  minReplicas: base('rule: min-replicas-to-write 1, max-lag 10; B cut off with the clients', { minReplicasToWrite: 1, minReplicasMaxLag: 10 }, [writes(60000), { at: 5000, type: 'partition', groups: [['B', 'client'], ['A', 'C', 'A1', 'B1', 'C1']] }], 60000),
  replicaRestartUnderLoad: base('rule: replica B1 killed and restarted under writes', {}, [writes(40000), { at: 5000, type: 'crash', node: 'B1' }, { at: 20000, type: 'restart', node: 'B1' }], 60000),
} satisfies Record<string, TraceInput>;

const T = (k: keyof typeof RULE_TRACES) => run(RULE_TRACES[k]);
const m = (k: keyof typeof RULE_TRACES, name: string, a: Record<string, unknown> = {}) => measure(T(k), name, a);
const fmt = (x: unknown) => JSON.stringify(x);
const syncKind = (k: keyof typeof RULE_TRACES, node: string) =>
  [m(k, 'fullSync', { node }) ? 'full sync' : '', m(k, 'partialSync', { node }) ? 'partial sync (+CONTINUE)' : ''].filter(Boolean).join(' and ') || 'no resync (the link survived)';

function powerLoss(appendfsync: string): RunResult {
  return run(base(`rule: master B loses power, appendfsync ${appendfsync}, no replicas`, { appendonly: true, appendfsync, replicasPerMaster: 0 },
    [writes(40000), { at: 10000, type: 'crash', node: 'B', power: true }, { at: 11000, type: 'restart', node: 'B' }], 40000));
}

function traceRejected(t: unknown): string | null {
  try { parseTrace(t); return null; } catch (e) { return String((e as { problems?: string[] }).problems?.join('; ') ?? (e as Error).message); }
}

/**
 * R1 joins M with REPLICAOF while M takes writes: when R1 gets the payload, when M gets R1's REPLCONF
 * ACK, and when the first stream bytes reach R1 after the payload (ms; null: not seen).
 */
function streamAfterPayload(disklessSync: boolean): { rdb: number | null; ack: number | null; stream: number | null } {
  const t = {
    name: `rule: R1 joins M by REPLICAOF under writes, repl-diskless-sync ${disklessSync ? 'yes' : 'no'}`, seed: 1,
    config: { topology: 'replication', replicas: 1, replDisklessSync: disklessSync },
    events: [writes(12000), { at: 1000, type: 'replicaof', node: 'R1', master: null }, { at: 2000, type: 'replicaof', node: 'R1', master: 'M' }], until: 15000,
  } as unknown as TraceInput;
  const seen: { rdb: number | null; ack: number | null; stream: number | null } = { rdb: null, ack: null, stream: null };
  runTrace(t, (_s, a, at) => {
    if (a.type !== 'ReplDelivered') return;
    const msg = (a as unknown as { msg: { from: string; to: string; body: { type: string } } }).msg;
    if (msg.to === 'R1' && msg.body.type === 'rdb' && seen.rdb === null) seen.rdb = at;
    else if (seen.rdb !== null && msg.from === 'R1' && msg.body.type === 'ack' && seen.ack === null) seen.ack = at;
    else if (seen.rdb !== null && msg.to === 'R1' && msg.body.type === 'stream' && seen.stream === null) seen.stream = at;
  });
  return seen;
}

export const RULES: Record<string, Rule> = {
  ...REPLICATION_RULES, // runbook 003's standalone-replication advice (audit/rules-replication.ts)
  ...EXPIRY_RULES, // expiryReplicatesAsDel, scanDelRemovesOnlyExpired: audit/rules-expiry.ts
  ...MEMORY_RULES, // syncMemoryShare (runbook 003's memory headroom): audit/rules-memory.ts
  commandLineMakesReplica: {
    says: '`redis-server -slaveof <masterip> <masterport>` starts a replica of that master',
    // The claim's own spelling (one dash), and the one Redis reads (two).
    cases: () => [['redis-server', '-slaveof', '127.0.0.1', '6379'], ['redis-server', '--slaveof', '127.0.0.1', '6379']].map((argv) => {
      const text = optionsFromArgv(argv.slice(1));
      const d = parseConf(text, '(command line)').directives[0];
      const name = ALIASES[d.name] ?? d.name;
      const ok = name === 'replicaof' && d.args.length === 2;
      return {
        holds: ok,
        detail: `\`${argv.join(' ')}\` → config line \`${text.trim()}\`: ${ok ? 'a replicaof directive (read after the config file: server.c main appends --options to it)' : isRedisDirective(d.name) ? 'not a replicaof directive' : `"${d.name}" is no directive: Redis exits with "Bad directive or wrong number of arguments" (only \`--name\` starts an option)`}`,
      };
    }),
  },
  ackTriggersRefetch: {
    says: 'through its REPLCONF ACK offset the master detects lost replication data, and the replica pulls what is missing from the backlog',
    cases: () => {
      const syncs = (k: 'replicaCutShort' | 'replicaCut') => T(k).state.timeline.filter((e) => e.node === 'B1' && (e.event === 'partial-sync' || e.event === 'full-sync')).map((e) => e.event);
      const caughtUp = (k: 'replicaCutShort' | 'replicaCut') => m(k, 'keys', { node: 'B1' }) === m(k, 'keys', { node: 'B' });
      return [
        { holds: false, detail: `a 20 s cut (under repl-timeout): B1 ${caughtUp('replicaCutShort') ? 'caught up' : 'did not catch up'} with ${syncs('replicaCutShort').join(', ') || 'no PSYNC at all'}: TCP retransmitted the stream on the same connection; no ACK asks for anything` },
        { holds: false, detail: `a 75 s cut (over repl-timeout): the link was dropped and B1 came back with ${syncs('replicaCut').join(', ') || 'no sync'}: the backlog serves the PSYNC of a new connection, not an ACK` },
      ];
    },
  },
  streamAfterReplicaAck: {
    says: 'after loading the payload the replica ACKs, and only then does the master send the writes it buffered',
    cases: () => [true, false].map((diskless) => {
      const x = streamAfterPayload(diskless);
      const holds = x.rdb !== null && x.ack !== null && x.stream !== null && x.stream > x.ack;
      return {
        holds,
        detail: `repl-diskless-sync ${diskless ? 'yes (the 7.0 default): the payload ends with an EOF mark, and the buffer waits for the first ACK (repl_start_cmd_stream_on_ack)' : 'no: the RDB file is sent, then the buffer at once (replicaPutOnline + replicaStartCommandStream)'}; `
          + `payload at ${x.rdb} ms, first ACK at the master ${x.ack ?? '—'} ms, first buffered write at the replica ${x.stream ?? '—'} ms`,
      };
    }),
  },
  keySlotIsCrc16OfKey: {
    says: 'slot = CRC16(key) mod 16384 for every key, over 16384 slots',
    cases: () => [
      { holds: CLUSTER_SLOTS === 16384, detail: `the model has ${CLUSTER_SLOTS} slots` },
      ...['Key5', 'user:1000', '{user1000}.following', 'foo{bar}'].map((k) => {
        const whole = crc16(k) % 16384;
        return { holds: keySlot(k) === whole, detail: `keySlot(${fmt(k)}) = ${keySlot(k)}, CRC16(key) mod 16384 = ${whole}${keySlot(k) !== whole ? ' (hash tag: only the part in {} is hashed)' : ''}` };
      }),
    ],
  },
  threeMasterSplit: {
    says: 'cluster create gives 3 masters 0-5460 / 5461-10922 / 10923-16383',
    cases: () => {
      const s = initialSlots(3);
      const want = [[[0, 5460]], [[5461, 10922]], [[10923, 16383]]];
      return s.map((r, i) => ({ holds: fmt(r) === fmt(want[i]), detail: `master ${'ABC'[i]} gets ${r.map(([a, b]) => `${a}-${b}`).join(',')}` }));
    },
  },
  slotsSurviveWithoutData: {
    says: 'slot ownership comes back from the cluster config even when the dataset does not',
    cases: () => [
      { holds: m('emptyMasterRestart', 'keysLoadedAtRestart', { node: 'B' }) === 0, detail: `B restarted with ${m('emptyMasterRestart', 'keysLoadedAtRestart', { node: 'B' })} keys (no AOF, no RDB)` },
      { holds: m('emptyMasterRestart', 'finalMaster', { shard: 'B' }) === 'B', detail: `B's slots are served by ${m('emptyMasterRestart', 'finalMaster', { shard: 'B' })} after the restart (from nodes.conf)` },
    ],
  },
  masterNeverWaitsForReplica: {
    says: 'a write is acked without any replica confirming it',
    cases: () => {
      const acked = m('replicaCut', 'ackedBy', { node: 'B', from: 0, to: 70000 }) as number;
      const frac = m('replicaCut', 'ackedFraction', { shard: 'B', from: 0, to: 70000 }) as number;
      return [{ holds: acked > 0 && frac === 1, detail: `with B1 cut off, B acked ${acked} writes (${Math.round(frac * 100)}% of those sent) during the cut` }];
    },
  },
  replicationIsOneWay: {
    says: 'a replica never sends its data to the master; the master\'s data replaces the replica\'s',
    cases: () => [
      { holds: m('emptyMasterRestart', 'wiped', { node: 'B1' }) === true, detail: `B restarted empty and B1's dataset was ${m('emptyMasterRestart', 'wiped', { node: 'B1' }) ? 'wiped by the full sync from B' : 'not replaced'}` },
      { holds: (m('emptyMasterRestart', 'lost', { shard: 'B' }) as number) > 0, detail: `B did not take B1's copy back: ${m('emptyMasterRestart', 'lost', { shard: 'B' })} acked writes of shard B that B1 held are lost` },
    ],
  },
  appendfsyncPolicies: {
    says: 'always loses nothing, everysec about 1 s, no more than everysec (on a power loss)',
    cases: () => {
      const w = (p: string) => measure(powerLoss(p), 'lossWindowMs', {}) as number;
      const l = (p: string) => measure(powerLoss(p), 'lost', {}) as number;
      return [
        { holds: l('always') === 0, detail: `always: ${l('always')} acked writes lost` },
        { holds: w('everysec') <= 1500, detail: `everysec: ${l('everysec')} lost, window ${w('everysec')} ms` },
        { holds: l('no') >= l('everysec'), detail: `no: ${l('no')} lost, window ${w('no')} ms` },
      ];
    },
  },
  saveRuleSnapshots: {
    says: 'save <seconds> <changes> snapshots once that many changes happened within that time',
    cases: () => {
      const t = (save: number[][]) => run(base(`rule: save ${save.flat().join(' ')}, master B loses power at 9 s`, { save, replicasPerMaster: 0 },
        [{ at: 0, type: 'writes', every: 100, until: 2000 }, { at: 9000, type: 'crash', node: 'B', power: true }, { at: 10000, type: 'restart', node: 'B' }], 12000));
      const a = measure(t([[5, 1]]), 'keysLoadedAtRestart', { node: 'B' }) as number;
      const b = measure(t([[60, 1]]), 'keysLoadedAtRestart', { node: 'B' }) as number;
      return [
        { holds: a > 0, detail: `save 5 1: B reloaded ${a} keys from dump.rdb` },
        { holds: b === 0, detail: `save 60 1 (not due yet): B reloaded ${b} keys` },
      ];
    },
  },
  persistencePerNode: {
    says: 'a node\'s persistence loss affects only its own shard',
    cases: () => {
      const r = powerLoss('no');
      const other = (measure(r, 'lost', { shard: 'A' }) as number) + (measure(r, 'lost', { shard: 'C' }) as number);
      return [{ holds: other === 0, detail: `B lost power (appendfsync no): shard B lost ${measure(r, 'lost', { shard: 'B' })}, shards A and C lost ${other}` }];
    },
  },
  failoverConditionsSufficient: {
    says: 'master FAIL + a live replica + a voting majority ⇒ failover',
    cases: () => [
      { holds: m('masterCrash', 'promoted', { node: 'B1' }) === true, detail: `B killed, B1 healthy: B1 ${m('masterCrash', 'promoted', { node: 'B1' }) ? 'promoted' : 'not promoted'}` },
      { holds: m('pairDownReplicaBack', 'promoted', { node: 'B1' }) === true, detail: `B and B1 killed, B1 back after 60 s, B FAIL, A and C up: B1 ${m('pairDownReplicaBack', 'promoted', { node: 'B1' }) ? 'promoted' : 'never requests votes (data-age check: it has not synced since its restart)'}` },
    ],
  },
  quorumIsMajorityOfMasters: {
    says: 'a replica needs floor(N/2)+1 votes, N = masters',
    cases: () => (['masterCrash', 'masterCrash5'] as const).map((k) => {
      const p = T(k).state.timeline.find((e) => e.event === 'promoted');
      const n = T(k).trace.config.masters;
      return { holds: p !== undefined && p.quorum === Math.floor(n / 2) + 1, detail: `${n} masters: promotion needed ${p?.quorum ?? '?'} votes (floor(N/2)+1 = ${Math.floor(n / 2) + 1})` };
    }),
  },
  votersAreLiveMasters: {
    says: 'the votes come from the surviving masters',
    cases: () => {
      const votes = T('masterCrash').state.timeline.filter((e) => e.event === 'vote' && e.about === 'B1');
      return [
        { holds: votes.length >= 2, detail: `${votes.length} votes for B1 (${votes.map((v) => v.node).join(', ')})` },
        { holds: votes.every((v) => T('masterCrash').state.nodes[v.node].role === 'master' && v.node.length === 1), detail: 'every voter is a slot-owning master' },
      ];
    },
  },
  failoverMovesNoKeys: {
    says: 'failover and recovery change slot ownership, never move keys across shards',
    cases: () => (['masterCrash', 'restartMaster', 'splitBrain'] as const).map((k) => ({ holds: m(k, 'keysOutsideOwnSlots') === 0, detail: `${String(RULE_TRACES[k].name).replace('rule: ', '')}: ${m(k, 'keysOutsideOwnSlots')} keys held outside the holder's slots` })),
  },
  newOwnerBroadcast: {
    says: 'after a failover every node maps the slots to the new master',
    cases: () => [{ holds: m('masterCrash', 'slotOwnerSeenBy', { shard: 'B' }) === 'B1', detail: `every running node sees ${m('masterCrash', 'slotOwnerSeenBy', { shard: 'B' })} as owner of 5461-10922` }],
  },
  staleRouteGetsMoved: {
    says: 'a request to the old owner is redirected (MOVED) to the new master',
    cases: () => {
      const ws = T('staleRoute').state.writes.filter((w) => w.sentAt >= 50000 && w.sentAt <= 55000 && w.slot >= 5461 && w.slot <= 10922);
      const b1 = ws.filter((w) => w.appliedBy === 'B1').length;
      return [{ holds: ws.length > 0 && b1 === ws.length, detail: `${b1}/${ws.length} writes a stale client sent to the old master B were applied by B1 after MOVED` }];
    },
  },
  clusterStateFailRefusesWrites: {
    says: 'a node whose cluster_state is fail refuses every keyed command',
    cases: () => {
      const r = T('twoMastersDown');
      const fails = r.state.timeline.filter((e) => e.node === 'C' && e.event === 'cluster-state' && e.detail === 'fail');
      const since = fails[0]?.at ?? Infinity;
      const acc = r.state.writes.filter((w) => w.appliedBy === 'C' && w.appliedAt > since).length;
      return [{ holds: fails.length > 0 && acc === 0, detail: `C went to cluster_state fail at T+${since} ms and applied ${acc} writes afterwards` }];
    },
  },
  slotsAssignedMeansServed: {
    says: 'cluster_slots_assigned = 16384 means every slot is served',
    cases: () => {
      const r = T('pairDown');
      let assigned = 0;
      for (let s = 0; s < 16384; s++) if (ownerOf(r.state.nodes.A.cluster.slots, s) !== null) assigned++;
      const served = finalMasterOf(r.state, 5461);
      return [{ holds: assigned < 16384 || served !== null, detail: `B and B1 down: A's view assigns ${assigned} slots, slot 5461 served by ${served ?? 'nobody'}` }];
    },
  },
  failoverSentToMasterPromotesReplica: {
    says: 'CLUSTER FAILOVER sent to 127.0.0.1:7000 (master A) promotes the best replica',
    cases: () => {
      const r = T('failoverToMaster');
      const refused = r.state.timeline.find((e) => e.event === 'failover-refused' && e.node === 'A');
      const byCmd = r.state.timeline.filter((e) => e.event === 'promoted' && e.at < 20000).length;
      return [{ holds: !refused && byCmd > 0, detail: `A answered ${refused ? `with an error (${refused.detail})` : 'OK'}; promotions before automatic failover could act: ${byCmd}` }];
    },
  },
  forceOptionSpelling: {
    says: "CLUSTER FAILOVER '--force' requests a FORCE failover",
    cases: () => {
      const bad = traceRejected({ ...RULE_TRACES.masterCrash, events: [{ at: 8000, type: 'failover', node: 'B1', mode: '--force' }] });
      return [{ holds: bad === null, detail: bad ? `the model's CLUSTER FAILOVER takes only FORCE or TAKEOVER: ${bad}` : 'accepted' }];
    },
  },
  defaultFailoverOnDeadMaster: {
    says: 'a failover of the node is the right answer to a connection error (default CLUSTER FAILOVER)',
    cases: () => {
      const r = T('defaultFailoverDeadMaster');
      const refusedOrTimeout = r.state.timeline.find((e) => e.node === 'B1' && (e.event === 'failover-refused' || e.event === 'manual-failover-timeout'));
      const p = measure(r, 'promotedAtMs', { node: 'B1' }) as number | null;
      return [
        { holds: !refusedOrTimeout, detail: `default CLUSTER FAILOVER on B1 with B dead: ${refusedOrTimeout ? `${refusedOrTimeout.event}${refusedOrTimeout.detail ? ` (${refusedOrTimeout.detail})` : ''}` : 'accepted'}` },
        { holds: p === null || p > 15000, detail: `the cluster promoted B1 by itself at T0+${p} ms, without the script` },
      ];
    },
  },
  restartedNodeNeedsMeet: {
    says: 'a recovered master rejoins only after CLUSTER MEET',
    cases: () => {
      const r = T('restartMaster');
      const back = r.outcome.nodes.B.up && r.state.nodes.A.cluster.peers.B && !r.state.nodes.A.cluster.peers.B.fail;
      return [{ holds: !back, detail: `B restarted with its nodes.conf and no MEET: ${back ? `rejoined by itself (now ${r.outcome.nodes.B.role}${r.outcome.nodes.B.replicaOf ? ` of ${r.outcome.nodes.B.replicaOf}` : ''})` : 'not rejoined'}` }];
    },
  },
  listedMeansRejoined: {
    says: 'a node listed in CLUSTER NODES has rejoined',
    cases: () => {
      const r = T('pairDown');
      const listed = 'B' in r.state.nodes.A.cluster.peers;
      return [{ holds: !(listed && !r.outcome.nodes.B.up), detail: `B is down for good, yet A still lists it (flag ${r.state.nodes.A.cluster.peers.B?.fail ? 'fail' : 'none'})` }];
    },
  },
  writeToReplicaChangesIt: {
    says: 'a SET/DEL sent to a replica changes the replica',
    cases: () => {
      const ws = T('writeToReplica').state.writes.filter((w) => w.slot >= 5461 && w.slot <= 10922);
      const onB1 = ws.filter((w) => w.appliedBy === 'B1').length;
      return [{ holds: onB1 > 0, detail: `${onB1}/${ws.length} keyed writes sent to B1 were executed by B1 (the rest: MOVED to B${ws.filter((w) => w.appliedBy === 'B').length ? ', applied there' : ''})` }];
    },
  },
  backlogDefault1MB: {
    says: 'repl-backlog-size defaults to 1 MB',
    cases: () => [{ holds: DEFAULTS.replBacklogSize === 1024 * 1024, detail: `default repl-backlog-size = ${DEFAULTS.replBacklogSize} bytes` }],
  },
  fullSyncWritesRdbFile: {
    says: 'a full sync makes the master write an RDB file (BGSAVE) and send that file',
    cases: () => [
      {
        holds: DEFAULTS.replDisklessSync === false,
        detail: `default repl-diskless-sync = ${DEFAULTS.replDisklessSync ? 'yes (7.0): the snapshot is streamed to the replica\'s socket and no RDB file is written' : 'no: BGSAVE writes dump.rdb, then the file is sent'}`,
      },
      {
        holds: m('emptyMasterRestartDiskSync', 'fullSync', { node: 'B1' }) === true,
        detail: `with repl-diskless-sync no, B1's full sync from the restarted B went through BGSAVE's file: ${m('emptyMasterRestartDiskSync', 'fullSync', { node: 'B1' }) ? 'done' : 'not seen'}`,
      },
    ],
  },
  replPingEvery10s: {
    says: 'the master pings its replicas every 10 s',
    cases: () => [{ holds: DEFAULTS.replPingReplicaPeriod === 10, detail: `default repl-ping-replica-period = ${DEFAULTS.replPingReplicaPeriod} s (the model does not use the PING to judge replicas: liveness comes from REPLCONF ACK)` }],
  },
  replicaKeepsStaleData: {
    says: 'a replica whose link broke keeps (stale) data',
    cases: () => {
      const b1 = m('replicaCutNoHeal', 'keys', { node: 'B1' }) as number;
      const b = m('replicaCutNoHeal', 'keys', { node: 'B' }) as number;
      return [{ holds: b1 > 0 && b1 < b, detail: `25 s into the cut B1 holds ${b1} keys, B ${b}` }];
    },
  },
  replicationKeepsConsistency: {
    says: 'replication keeps master and replicas consistent (no acked write lost)',
    cases: () => [
      { holds: m('splitBrain', 'lost') === 0, detail: `split brain: ${m('splitBrain', 'lost')} acked writes lost` },
      { holds: m('replicaCutNoHeal', 'keys', { node: 'B1' }) === m('replicaCutNoHeal', 'keys', { node: 'B' }), detail: `a cut replica holds ${m('replicaCutNoHeal', 'keys', { node: 'B1' })} keys vs ${m('replicaCutNoHeal', 'keys', { node: 'B' })} on its master` },
    ],
  },
  failureNeedsMajorityOfAllNodes: {
    says: 'FAIL needs more than half of all nodes to see the node unresponsive',
    cases: () => {
      const f = T('masterCrash').state.timeline.find((e) => e.event === 'fail' && e.about === 'B' && e.quorum !== undefined);
      const nodes = Object.keys(T('masterCrash').state.nodes).length;
      return [{ holds: f !== undefined && f.quorum === Math.floor(nodes / 2) + 1, detail: `FAIL(B) needed ${f?.quorum} reports (majority of masters); a majority of all ${nodes} nodes would be ${Math.floor(nodes / 2) + 1}` }];
    },
  },
  minReplicasRefusesWrites: {
    says: 'with min-replicas-to-write 1, a master without a replica ACK within max-lag refuses writes',
    cases: () => {
      const r = T('minReplicas');
      const first = r.state.writes.find((w) => w.error?.startsWith('NOREPLICAS') && w.slot >= 5461 && w.slot <= 10922);
      const t = first ? first.sentAt - 5000 : null;
      return [
        { holds: first !== undefined, detail: `B cut off from B1: writes refused with NOREPLICAS from T0+${t} ms` },
        { holds: t !== null && t >= 10000 && t <= 12500, detail: `max-lag 10 s: the first refusal came ${t} ms after the cut (ACK age counted in whole seconds)` },
      ];
    },
  },
  maxLogOptionExists: {
    says: '`min-slaves-max-log` alone makes the master refuse requests when replicas lag',
    cases: () => {
      const bad = traceRejected({ ...RULE_TRACES.splitBrain, config: { ...RULE_TRACES.splitBrain.config, minSlavesMaxLog: 10 } });
      const noMin = T('splitBrain');
      const refused = measure(noMin, 'refused', { error: 'NOREPLICAS' }) as number;
      return [
        { holds: bad === null, detail: bad ? `no such option: ${bad}` : 'accepted' },
        { holds: refused > 0, detail: `min-replicas-max-lag 10 with min-replicas-to-write 0 (default): ${refused} writes refused while B had no replica` },
      ];
    },
  },
  demotedMasterAlwaysFullSyncs: {
    says: 'an old master demoted after a split brain always full-syncs',
    cases: () => [
      { holds: m('splitBrain', 'fullSync', { node: 'B' }) === true, detail: `B took writes during the cut: ${syncKind('splitBrain', 'B')}` },
      { holds: m('minorityNoClients', 'fullSync', { node: 'B' }) === true, detail: `B took no client writes during the cut: ${syncKind('minorityNoClients', 'B')}` },
    ],
  },
  promotedReplicaServes: {
    says: 'a replica takes over when its master fails',
    cases: () => [{ holds: m('masterCrash', 'finalMaster', { shard: 'B' }) === 'B1', detail: `after B's crash shard B is served by ${m('masterCrash', 'finalMaster', { shard: 'B' })}` }],
  },
  fullSyncReplacesDataset: {
    says: 'a full sync drops the replica\'s data and loads the master\'s',
    cases: () => [{ holds: m('emptyMasterRestart', 'wiped', { node: 'B1' }) === true && m('emptyMasterRestart', 'keys', { node: 'B1' }) === m('emptyMasterRestart', 'keys', { node: 'B' }), detail: `B1 after its full sync from the restarted B: ${m('emptyMasterRestart', 'keys', { node: 'B1' })} keys (B: ${m('emptyMasterRestart', 'keys', { node: 'B' })})` }],
  },
  writesDuringSyncReachReplica: {
    says: 'writes made during a full sync reach the replica afterwards',
    cases: () => [{ holds: m('replicaRestartUnderLoad', 'replicasInSync') === true, detail: `B1 restarted under writes and ended ${m('replicaRestartUnderLoad', 'replicasInSync') ? 'with exactly its master\'s keys' : 'out of sync'}` }],
  },
  backlogDecidesPartialOrFull: {
    says: 'PSYNC continues when the requested offset is still in the backlog, else full sync',
    cases: () => [
      { holds: m('replicaCut', 'partialSync', { node: 'B1' }) === true && m('replicaCut', 'fullSync', { node: 'B1' }) === false, detail: `1 MB backlog, 75 s cut: ${syncKind('replicaCut', 'B1')}` },
      { holds: m('replicaCutSmallBacklog', 'fullSync', { node: 'B1' }) === true, detail: `16 KB backlog overflowed: ${syncKind('replicaCutSmallBacklog', 'B1')}` },
    ],
  },
  offsetsOnBothSides: {
    says: 'master and replica each track a replication offset',
    cases: () => {
      const o = T('replicaCut').outcome.nodes;
      return [{ holds: o.B.offset > 0 && o.B1.offset > 0 && o.B1.offset <= o.B.offset, detail: `B master_repl_offset ${o.B.offset}, B1 offset ${o.B1.offset}` }];
    },
  },
};

export function checkRule(name: string): { cases: Case[]; traces: Trace[] } {
  const r = RULES[name];
  if (!r) throw new Error(`no rule ${name}`);
  return { cases: r.cases(), traces: [] };
}
