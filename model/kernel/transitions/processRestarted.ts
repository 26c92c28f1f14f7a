// A process starts again from its disk alone: nodes.conf, then the AOF or dump.rdb (loadDataFromDisk).
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { schedule } from '../agenda.ts';
import { boot } from '../boot.ts';
import { record } from '../timeline.ts';
import { sentinelRestarted } from '../../sentinel/transitions/sentinelRestarted.ts';

export function processRestarted(s: State, a: ActionOf<'ProcessRestarted'>): void {
  const sen = s.sentinels[a.node];
  if (sen !== undefined) { sentinelRestarted(s, sen); return; }
  const n = s.nodes[a.node];
  if (n.proc !== 'down') return;
  boot(s, n);
  record(s, n.name, 'restart', { detail: `${n.role}, ${s.store.keyCount(n.data)} keys loaded`, keys: s.store.keyCount(n.data) });
  // initServer arms serverCron 1 ms ahead, so its first tick (cronloops 0: replicationCron, the
  // cluster's first clusterCron) comes as soon as aeMain runs: the cron phase of a restarted process
  // is its start-up time, not a random one.
  schedule(s, n.listensAt, { type: 'ServerCron', node: n.name, boot: n.bootedAt });
}
