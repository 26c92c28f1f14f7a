// protocol.md §2.3–2.6: a master that stops answering (SIGSTOP) is failed over like a dead one. Its
// replicas' links stay up (repl-timeout is 60 s), so clusterHandleSlaveFailover measures their data
// age from the last interaction with it — fresh — and one of them is promoted within the same bound
// as after a crash.
import { shardOfName } from '../model/cluster/names.ts';
import { failoverDoneBy, families, traces } from './generators.ts';
import { promotions, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function pausedMasterReplaced(r: RunResult, bound = failoverDoneBy(r.trace.config)): string | null {
  const pause = traceEvents(r, 'pause')[0];
  if (!pause) return null;
  const by = pause.at + bound;
  const promoted = promotions(r).find((p) => p.at >= pause.at && shardOfName(p.node) === pause.node);
  if (promoted && promoted.at <= by) return null;
  return at(r, by, `no replica of ${pause.node} (paused at ${pause.at}) was promoted within ${bound} ms${promoted ? `: ${promoted.node} at ${promoted.at}` : ''}`);
}

export const property: Property = {
  name: 'a-paused-master-is-replaced-within-the-bound',
  claim: 'A master paused (SIGSTOP) for longer than 2·NT + 3 s has one of its replicas promoted within 2·NT + 3 s of the pause, whatever the replica validity factor: the replicas, still linked to it, count their data age from their last interaction with it.',
  expectation: 'always',
  scope: 'all configs with one replica per master (two equally fresh siblings can split the votes for longer); one master paused until after the bound, then resumed',
  source: 'protocol.md §2.3–2.6 (cluster.c clusterHandleSlaveFailover: data_age = now − server.master->lastinteraction while the link is up, else repl_down_since; clusterCron, markNodeAsFailingIfNeeded)',
  arbitrary: traces(families.masterPause({ space: { replicas: [1] } })),
  check: (r) => crashed(r) ?? pausedMasterReplaced(r),
};
