// serverCron, every 100 ms (a little more): the active expire cycle, clusterCron (cluster nodes), replicationCron once a second, AOF fsync and save points.
import type { ActionOf } from '../actions.ts';
import { CRON_MS } from '../config.ts';
import type { State } from '../state.ts';
import { schedule } from '../agenda.ts';
import { clusterCron } from '../../cluster/cron.ts';
import { aofCron, saveCron } from '../persistence.ts';
import { replicationCron } from '../../replication/replication.ts';
import { pauseKey, release } from '../net.ts';
import { activeExpireCycle } from '../expire.ts';

export function serverCron(s: State, a: ActionOf<'ServerCron'>): void {
  const n = s.nodes[a.node];
  if (n.proc !== 'up' || n.bootedAt !== a.boot) return; // a paused process is rescheduled on resume
  // checkClientPauseTimeoutAndReturnIfPaused, before the crons: a pause ends once its end time has
  // passed (strict <), and only here; the postponed writes run in beforeSleep, after this tick.
  // clientsPausedUntil is 0 while there is no pause (resetManualFailover ends one early).
  if (n.clientsPausedUntil !== 0 && n.clientsPausedUntil < s.now) {
    n.clientsPausedUntil = 0;
    release(s, pauseKey(n.name), true);
  }
  // serverCron's run_with_period(1000) replicationCron: at cronloops 0, 10, 20 … counted from the
  // process's start (hz 10), before run_with_period(100) clusterCron in the same tick.
  // databasesCron, before the other crons: a master's active expire cycle (a no-op without TTLs).
  activeExpireCycle(s, n);
  const cronloops = n.cluster.cronIteration;
  if (cronloops % 10 === 0) replicationCron(s, n, cronloops / 10);
  // A standalone node has no cluster bus: only cronloops moves (clusterCron counts it for a cluster node).
  if (n.clusterEnabled) clusterCron(s, n);
  else n.cluster.cronIteration++;
  aofCron(s, n);
  saveCron(s, n);
  // The next tick is this same action (same node, same boot): actions are never mutated, so it is reused.
  // ae.c processTimeEvents re-arms serverCron at 1000/hz ms from the time it *returned*, and
  // aeProcessEvents rounds epoll_wait's timeout up to whole ms: the period is a little over 100 ms
  // (n.cronDrift hundredths of a ms, one whole ms whenever they add up to one) and drifts against other nodes'.
  const d = n.cronDrift;
  schedule(s, s.now + CRON_MS + Math.floor(((cronloops + 1) * d) / 100) - Math.floor((cronloops * d) / 100), a);
}
