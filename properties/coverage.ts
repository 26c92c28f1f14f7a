// Situations a run reached (coverage statistics for `npm run verify`). A hazard whose situation was
// never reached was not refuted, only unexplored: verify fails in that case (stateright's lesson).
import { isMasterName } from '../model/cluster/names.ts';
import { events, promotions, traceEvents } from './lib.ts';
import type { RunResult } from './property.ts';
import { sentinelEntries } from './sentinel-lib.ts';

export const SITUATIONS: Record<string, string> = {
  'failover-with-lagging-replica': 'a replica was promoted while behind its master (acked writes lost to the failover)',
  'restart-before-failover': 'a crashed master restarted before any replica replaced it',
  'restart-after-failover': 'a crashed master restarted after its replica was promoted',
  'partition-client-minority': 'a partition with the client on the side of a cut-off master',
  'partition-client-majority': 'a partition with the client on the majority side',
  'two-masters-down': 'two masters were down at the same time',
  'power-loss': 'a node lost power',
  'dataset-wiped': 'a full sync dropped keys a node held',
  'split-vote': 'an election epoch with several candidates and no winner',
  'snapshot-reloaded-without-persistence': 'a node with persistence off restarted with data',
  'wait-acked': 'a write was acknowledged by WAIT',
  'old-master-partial-resync': 'an old master rejoined with a partial sync',
  'manual-failover-default': 'a default CLUSTER FAILOVER completed',
  'manual-failover-force': 'a CLUSTER FAILOVER FORCE completed',
  'manual-failover-takeover': 'a CLUSTER FAILOVER TAKEOVER completed',
  'shard-without-master': 'a shard had no running master for more than 2·NT',
  'sentinel-failover': 'Sentinels promoted a replica (+switch-master)',
  'sentinel-split-vote': 'several Sentinels started a failover in one epoch and none was elected',
  'sentinel-restarted': 'a Sentinel was killed and restarted from its sentinel.conf',
  'sentinel-tilt': 'a Sentinel entered TILT',
  'sentinel-forced-failover': 'SENTINEL FAILOVER elected its Sentinel',
};

export function situations(r: RunResult): string[] {
  if (!r.outcome) return [];
  const out = new Set<string>();
  const proms = promotions(r);
  const crashes = traceEvents(r, 'crash');
  for (const c of crashes) {
    const m = c.node!;
    if (m.length !== 1) continue;
    const p = proms.find((x) => x.about === m && x.at > c.at);
    const back = traceEvents(r, 'restart').find((x) => x.node === m && x.at > c.at);
    if (back && (!p || back.at < p.at)) out.add('restart-before-failover');
    if (back && p && back.at > p.at) out.add('restart-after-failover');
    if (p && r.outcome.lost.some((l) => l.appliedBy === m)) out.add('failover-with-lagging-replica');
    if (c.power) out.add('power-loss');
  }
  const down = new Set<string>();
  for (const e of r.trace.events) {
    if (e.type === 'crash' && isMasterName(e.node)) down.add(e.node);
    if (e.type === 'restart') down.delete(e.node);
    if (down.size >= 2) out.add('two-masters-down');
  }
  for (const p of traceEvents(r, 'partition')) {
    const withClient = p.groups!.find((g) => g.includes('client'));
    if (!withClient) continue;
    const masters = r.trace.config.masters;
    const mastersWithClient = withClient.filter((n) => isMasterName(n)).length;
    const unlisted = Object.keys(r.state.nodes).filter((n) => isMasterName(n) && !p.groups!.flat().includes(n)).length;
    const inGroups = p.groups!.map((g) => g.filter((n) => isMasterName(n)).length);
    const largest = Math.max(unlisted, ...inGroups);
    if (mastersWithClient > 0 && mastersWithClient <= masters / 2) out.add('partition-client-minority');
    if (mastersWithClient > masters / 2 || (mastersWithClient === largest && largest > masters / 2)) out.add('partition-client-majority');
  }
  if (events(r, 'wiped').length) out.add('dataset-wiped');
  const won = new Set(proms.map((p) => p.epoch));
  const byEpoch = new Map<number, number>();
  for (const e of events(r, 'election')) byEpoch.set(e.epoch!, (byEpoch.get(e.epoch!) ?? 0) + 1);
  if ([...byEpoch].some(([e, n]) => n >= 2 && !won.has(e))) out.add('split-vote');
  if (!r.trace.config.appendonly && r.trace.config.save.length === 0 && events(r, 'restart').some((e) => (e.keys as number) > 0)) out.add('snapshot-reloaded-without-persistence');
  if (r.state.writes.some((w) => w.wait && (w.wait.acked ?? 0) >= w.wait.replicas)) out.add('wait-acked');
  for (const d of events(r, 'demoted')) {
    const sync = r.state.timeline.find((e) => e.node === d.node && e.at >= d.at && (e.event === 'full-sync' || e.event === 'psync-continue'));
    if (sync?.event === 'psync-continue') out.add('old-master-partial-resync');
  }
  for (const mf of events(r, 'manual-failover')) {
    if (proms.some((p) => p.node === mf.node && p.at >= mf.at && p.at <= mf.at + 5000)) out.add(`manual-failover-${mf.detail}`);
  }
  for (const sit of sentinelSituations(r)) out.add(sit);
  return [...out];
}

/** The Sentinel deployment's situations, from the Sentinels' own timeline entries. */
function sentinelSituations(r: RunResult): string[] {
  if (r.trace.config.topology !== 'sentinel') return [];
  const out: string[] = [];
  const of = (ev: string) => sentinelEntries(r, ev);
  if (of('switch-master').length) out.push('sentinel-failover');
  const won = new Set(of('elected-leader').map((e) => e.epoch));
  const starters = new Map<number | undefined, Set<string>>();
  for (const e of of('try-failover')) starters.set(e.epoch, (starters.get(e.epoch) ?? new Set()).add(e.node));
  if ([...starters].some(([epoch, ns]) => ns.size >= 2 && !won.has(epoch))) out.push('sentinel-split-vote');
  if (of('restart').length) out.push('sentinel-restarted');
  if (of('tilt').length) out.push('sentinel-tilt');
  if (of('elected-leader').some((e) => e.forced === true)) out.push('sentinel-forced-failover');
  return out;
}
