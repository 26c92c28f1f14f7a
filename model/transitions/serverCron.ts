// serverCron, every 100 ms: clusterCron, replicationCron once a second, AOF fsync and save points.
import type { ActionOf } from '../actions.ts';
import { CRON_MS } from '../config.ts';
import type { State } from '../state.ts';
import { schedule } from '../lib/agenda.ts';
import { clusterCron } from '../lib/cron.ts';
import { aofCron, saveCron } from '../lib/persistence.ts';
import { replicationCron } from '../lib/replication.ts';
import { pauseKey, release } from '../lib/net.ts';

export function serverCron(s: State, a: ActionOf<'ServerCron'>): void {
  const n = s.nodes[a.node];
  if (n.proc !== 'up' || n.bootedAt !== a.boot) return; // a paused process is rescheduled on resume
  // serverCron's run_with_period(1000) replicationCron: at cronloops 0, 10, 20 … counted from the
  // process's start (hz 10), before run_with_period(100) clusterCron in the same tick.
  const cronloops = n.cluster.cronIteration;
  if (cronloops % 10 === 0) replicationCron(s, n, cronloops / 10);
  clusterCron(s, n);
  // Writes are held under the pause key only while clientsPausedUntil > now; it is 0 only after boot
  // (a crash drops what was held), so 0 means nothing to release, without a lookup each tick.
  if (n.clientsPausedUntil !== 0 && n.clientsPausedUntil <= s.now && s.held[pauseKey(n.name)]) release(s, pauseKey(n.name), true);
  aofCron(s, n);
  saveCron(s, n);
  // The next tick is this same action (same node, same boot): actions are never mutated, so it is reused.
  schedule(s, s.now + CRON_MS, a);
}
