// CLUSTER FAILOVER [FORCE|TAKEOVER] sent to a node (cluster.c clusterCommand "failover").
import type { ActionOf } from '../../kernel/actions.ts';
import { CLUSTER_MF_TIMEOUT } from '../../kernel/config.ts';
import type { State } from '../../kernel/state.ts';
import { sendOnLink } from '../bus.ts';
import { resetManualFailover } from '../clusterConfig.ts';
import { failoverReplaceYourMaster } from '../election.ts';
import { record } from '../../kernel/timeline.ts';
import { failed } from '../view.ts';

export function manualFailoverRequested(s: State, a: ActionOf<'ManualFailoverRequested'>): void {
  const n = s.nodes[a.node];
  const refuse = (err: string) => record(s, n.name, 'failover-refused', { detail: err });
  if (n.proc !== 'up') return refuse('no reply: the node is not running');
  if (n.role === 'master') return refuse('ERR You should send CLUSTER FAILOVER to a replica');
  const m = n.repl.master;
  if (m === null) return refuse("ERR I'm a replica but my master is unknown to me");
  if (a.mode === 'default' && (failed(n, m) || n.cluster.peers[m].link === 0)) {
    return refuse('ERR Master is down or failed, please use CLUSTER FAILOVER FORCE');
  }
  resetManualFailover(s, n);
  n.cluster.mf.end = s.now + CLUSTER_MF_TIMEOUT;
  n.cluster.mf.mode = a.mode;
  record(s, n.name, 'manual-failover', { detail: a.mode, about: m });
  if (a.mode === 'takeover') {
    // clusterBumpConfigEpochWithoutConsensus, then take over without any vote.
    const maxEpoch = Math.max(n.cluster.currentEpoch, n.cluster.configEpoch, ...Object.values(n.cluster.peers).map((p) => p.configEpoch));
    const bumped = n.cluster.configEpoch === 0 || n.cluster.configEpoch !== maxEpoch;
    if (bumped) {
      n.cluster.currentEpoch++;
      n.cluster.configEpoch = n.cluster.currentEpoch;
    }
    // clusterFailoverReplaceYourMaster saves and fsyncs nodes.conf and queues its PONGs (clusterCommand
    // sends nothing more). A bump asked clusterBeforeSleep for SAVE_CONFIG|FSYNC_CONFIG, and that
    // beforeSleep runs before the write handler sends the PONGs: a second fsync first (of the same
    // content, so only its time is modelled).
    failoverReplaceYourMaster(s, n, 0, 0, bumped ? 2 : 1);
  } else if (a.mode === 'force') {
    n.cluster.mf.canStart = true;
  } else {
    sendOnLink(s, n, m, { type: 'mfstart' });
  }
}
