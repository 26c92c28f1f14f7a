// Rule checks about key expiry (model/kernel/expire.ts), run on small traces whose writes carry a TTL
// (`px`): who deletes an expired key, what replicates, and what SCAN returns.
import type { TraceInput } from '../model/kernel/trace.ts';
import type { State } from '../model/kernel/state.ts';
import type { Entry } from '../model/kernel/history.ts';
import { runTrace, type RunResult } from '../properties/property.ts';
import { scanKeys } from '../model/kernel/expire.ts';
import { admission } from '../model/kernel/clients.ts';
import { keySlot } from '../model/cluster/slots.ts';
import type { Case, Rule } from './rules.ts';

const repl = { topology: 'replication', replicas: 2 };
const ttlLoop = (px: number, until: number, at = 0) => ({ at, type: 'writes', every: 100, until, px });
const plainLoop = (until: number, at = 50) => ({ at, type: 'writes', every: 100, until });
const t = (name: string, config: Record<string, unknown>, events: unknown[], until: number) =>
  ({ name: `rule: ${name}`, config, seed: 1, events, until } as unknown as TraceInput);

/** The traces the expiry rules run. */
export const EXPIRY_TRACES = {
  streamAndAof: t('M takes writes with PX 2000 and without, AOF on', { ...repl, appendonly: true }, [ttlLoop(2000, 10000), plainLoop(10000)], 15000),
  replicaCut: t('R2 cut off from 3 s to 12 s; writes with PX 3000 until 2 s (they expire during the cut)', repl,
    [ttlLoop(3000, 2000), plainLoop(2000), { at: 3000, type: 'partition', groups: [['R2'], ['M', 'R1', 'client']] }, { at: 12000, type: 'heal' }], 20000),
  promoted: t('writes with PX 5000 until 2 s; M killed at 2.5 s, R1 promoted (REPLICAOF NO ONE), R2 follows R1', repl,
    [ttlLoop(5000, 2000), plainLoop(2000), { at: 2500, type: 'crash', node: 'M' }, { at: 3000, type: 'replicaof', node: 'R1', master: null },
      { at: 3100, type: 'replicaof', node: 'R2', master: 'R1' }], 15000),
  cluster: t('a 3×1 cluster, writes with PX 1000 until 3 s', { masters: 3, replicasPerMaster: 1 }, [ttlLoop(1000, 3000), plainLoop(3000)], 8000),
  scan: t('M holds 1500 keys without a TTL and keys with PX 1000 written until the end (SCAN at 15 s)', repl,
    [{ at: 0, type: 'writes', every: 10, until: 14990 }, ttlLoop(1000, 15000, 5)], 15000),
} satisfies Record<string, TraceInput>;

/** Each rule runs its traces afresh (each is run once per audit; a broken model variant must not reuse a run). */
const run = (k: keyof typeof EXPIRY_TRACES): RunResult => runTrace(EXPIRY_TRACES[k]);

function entries(s: State, node: string): Entry[] {
  const d = s.nodes[node].data;
  return Array.from({ length: d.pos }, (_, i) => s.store.entryAt(d.hist, i + 1));
}
const dels = (s: State, node: string) => entries(s, node).filter((e) => e.key !== null && e.wid === null).length;
const keysOf = (s: State, node: string) => [...s.store.materialize(s.nodes[node].data).keys()].sort().join(',');
const expiredBy = (s: State, node: string) => s.timeline.filter((e) => e.event === 'expired' && e.node === node).reduce((a, e) => a + Number(e.keys), 0);

/** A replica deletes only through its master's DELs: same keys and offset, one DEL per key the master expired, none of its own. */
function followsMaster(s: State, master: string, replica: string): Case {
  const n = expiredBy(s, master);
  const same = keysOf(s, replica) === keysOf(s, master) && s.nodes[replica].masterReplOffset === s.nodes[master].masterReplOffset;
  const own = expiredBy(s, replica);
  return {
    holds: n > 0 && same && own === 0 && dels(s, replica) === dels(s, master),
    detail: `${master} expired ${n} keys (${dels(s, master)} DELs in its stream); ${replica} applied ${dels(s, replica)} DELs, expired ${own} on its own, ends with ${same ? 'its master\'s keys and offset' : 'other keys or another offset'}`,
  };
}

export const EXPIRY_RULES: Record<string, Rule> = {
  expiryReplicatesAsDel: {
    says: 'when the master expires a key it sends a DEL to its replicas, which delete the key on receiving it (eviction, maxmemory, is not modelled)',
    cases: () => {
      const a = run('streamAndAof').state;
      const aofDels = (() => { const d = a.nodes.M.disk.aofWritten; return Array.from({ length: d.pos }, (_, i) => a.store.entryAt(d.hist, i + 1)).filter((e) => e.key !== null && e.wid === null).length; })();
      // R2 during the cut: the last state before the heal.
      let cut: { r2: number; m: number } | null = null;
      const b = runTrace(EXPIRY_TRACES.replicaCut, (s, _a, at) => {
        if (at < 12000) cut = { r2: s.store.keyCount(s.nodes.R2.data), m: s.store.keyCount(s.nodes.M.data) };
      }).state;
      const c = run('promoted').state;
      const d = run('cluster').state;
      const during = cut as { r2: number; m: number } | null;
      return [
        followsMaster(a, 'M', 'R1'),
        followsMaster(a, 'M', 'R2'),
        { holds: aofDels === dels(a, 'M') && aofDels > 0, detail: `M's AOF holds ${aofDels} of the ${dels(a, 'M')} DELs (propagateDeletion feeds the AOF too)` },
        {
          holds: during !== null && during.r2 > during.m && keysOf(b, 'R2') === keysOf(b, 'M'),
          detail: `R2 cut off: just before the heal it held ${during?.r2} keys, M ${during?.m} (${during !== null && during.r2 > during.m ? 'R2 kept the keys M had expired' : 'no more than M: R2 did not keep expired keys'}); after the heal ${keysOf(b, 'R2') === keysOf(b, 'M') ? 'the DELs arrived and it holds M\'s keys' : 'it still differs from M'}`,
        },
        followsMaster(c, 'R1', 'R2'),
        ...['A', 'B', 'C'].map((m) => followsMaster(d, m, `${m}1`)),
      ];
    },
  },
  scanDelRemovesOnlyExpired: {
    says: '`SCAN MATCH *` then DEL of the first 1000 keys removes only expired keys',
    cases: () => {
      const r = run('scan');
      const s = r.state;
      const M = s.nodes.M;
      const acked = new Set(r.state.writes.filter((w) => w.result === 'acked').map((w) => w.key));
      const first = scanKeys(s, M).slice(0, 1000);
      const expires = s.store.expiresAt(M.data);
      const expired = first.filter((k) => { const w = expires.get(k); return w !== undefined && s.now > w; }).length;
      const live = first.filter((k) => acked.has(k)).length;
      // On a replica cut off from M, expired keys linger: SCAN hides them, and DEL is refused there.
      let onReplica: { held: number; scanned: number; refusal: string | null } | null = null;
      runTrace(EXPIRY_TRACES.replicaCut, (x, _a, at) => {
        if (at >= 11000 || at < 10000 || onReplica !== null) return;
        const R2 = x.nodes.R2;
        const exp = x.store.expiresAt(R2.data);
        const held = [...exp.values()].filter((w) => at > w).length;
        const scanned = scanKeys(x, R2).filter((k) => { const w = exp.get(k); return w !== undefined && at > w; }).length;
        onReplica = { held, scanned, refusal: admission(R2, keySlot('k')) };
      });
      const rep = onReplica as { held: number; scanned: number; refusal: string | null } | null;
      return [
        { holds: expired === first.length, detail: `on master M, SCAN's first ${first.length} keys hold ${expired} expired ones and ${live} acknowledged live keys: the DELs would delete those (scanGenericCommand filters expired keys out)` },
        { holds: rep !== null && rep.scanned > 0 && rep.refusal === null, detail: `on replica R2 cut off from M, ${rep?.held} keys have expired but are still held; SCAN returns ${rep?.scanned} of them, and DEL is refused: ${rep?.refusal}` },
      ];
    },
  },
};
