// markNodeAsFailingIfNeeded and clearNodeFailureIfNeeded ask clusterBeforeSleep for
// CLUSTER_TODO_SAVE_CONFIG only: the new flag is written to nodes.conf but not fsynced, so a power
// loss within the kernel's writeback window forgets it (epochs, votes and slot changes are fsynced).
// A run rarely loses power at that moment, so each FAIL decision a node can take is replayed on a
// copy of the state, and the durable copy of its nodes.conf must be the one it had before.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { probe, newEntries } from './lib.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { clearFailureIfNeeded, markFailingIfNeeded } from '../model/cluster/clusterState.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; node: string; about: string; what: 'set' | 'cleared'; changed: boolean; fsynced: boolean }

/** Sets (every other master reporting it now) or clears (its undo time past) n's FAIL flag about x on a copy of the state. */
const replay = (s: State, n: string, x: string, what: Probe['what']) =>
  probe(s, (d) => {
    const node = d.nodes[n];
    const p = node.cluster.peers[x];
    const durable = node.disk.nodesConfDurable;
    if (what === 'set') {
      const reporters = Object.entries(node.cluster.peers).filter(([y, q]) => y !== x && q.role === 'master').map(([, q]) => q.idx);
      p.failReports = reporters.flatMap((i) => [i, d.now]);
      markFailingIfNeeded(d, node, x);
      return { changed: p.fail, fsynced: node.disk.nodesConfDurable !== durable };
    }
    p.failTime = d.now - 10 * node.config.nodeTimeout;
    clearFailureIfNeeded(d, node, x);
    return { changed: !p.fail, fsynced: node.disk.nodesConfDurable !== durable };
  });

/** Each PFAIL a node flags is replayed into FAIL, and each FAIL it flags is replayed into its clearing. */
export const watchFailFlagSaves: Watch = (s, _a, t, scratch) => {
  for (const e of newEntries(s, scratch)) {
    if ((e.event !== 'pfail' && e.event !== 'fail') || e.about === undefined) continue;
    const n = s.nodes[e.node];
    const p = n?.cluster?.peers[e.about];
    if (n === undefined || n.proc !== 'up' || p === undefined) continue;
    const what = e.event === 'pfail' ? 'set' : 'cleared';
    if (what === 'set' ? !p.pfail || p.fail : !p.fail) continue;
    ((scratch.probes ??= []) as Probe[]).push({ at: t, node: n.name, about: e.about, what, ...replay(s, n.name, e.about, what) });
  }
};

/** `fsyncs`: the claim misread for the breaker (the flag expected to be fsynced). */
export function failFlagNotFsynced(r: RunResult, fsyncs = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    if (!p.changed || p.fsynced === fsyncs) continue;
    return at(r, p.at, `${p.node} ${p.what} its FAIL flag about ${p.about} and its nodes.conf was ${p.fsynced ? '' : 'not '}fsynced`);
  }
  return null;
}

export const property: Property = {
  name: 'a-fail-flag-reaches-nodes-conf-without-an-fsync',
  claim: 'A node that flags a peer FAIL, or clears that flag, writes nodes.conf without fsyncing it: the durable copy still has the old flag.',
  expectation: 'always',
  scope: 'cluster: a master crash and its restart; every PFAIL replayed into FAIL and every FAIL into its clearing, on a copy of the state',
  source: 'cluster.c markNodeAsFailingIfNeeded, clearNodeFailureIfNeeded (clusterDoBeforeSleep(CLUSTER_TODO_UPDATE_STATE|CLUSTER_TODO_SAVE_CONFIG), no CLUSTER_TODO_FSYNC_CONFIG)',
  arbitrary: fc.oneof(traces(families.masterCrash()), traces(families.restartSoon())),
  check: (r) => crashed(r) ?? failFlagNotFsynced(r),
  watch: watchFailFlagSaves,
};
