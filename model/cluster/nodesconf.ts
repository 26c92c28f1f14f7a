// nodes.conf: always written whatever appendonly/save say; fsynced only when the transition asks
// for it (cluster.c clusterSaveConfig, clusterBeforeSleep CLUSTER_TODO_FSYNC_CONFIG).
import type { Node, State } from '../kernel/state.ts';
import type { NodesConf } from './state.ts';
import { copyTable } from './slots.ts';

export function nodesConfOf(n: Node): NodesConf {
  const peers: NodesConf['peers'] = {};
  for (const [x, p] of Object.entries(n.cluster.peers)) {
    peers[x] = { role: p.role, master: p.master, configEpoch: p.configEpoch, fail: p.fail };
  }
  return {
    currentEpoch: n.cluster.currentEpoch,
    lastVoteEpoch: n.cluster.lastVoteEpoch,
    role: n.role,
    master: n.repl.master,
    configEpoch: n.cluster.configEpoch,
    peers,
    slots: copyTable(n.cluster.slots),
  };
}

/** clusterSaveConfig(do_fsync): the in-place write reaches the page cache; fsync makes it durable. */
export function saveConfig(s: State, n: Node, fsync: boolean): void {
  const conf = nodesConfOf(n);
  n.disk.nodesConf = conf;
  if (fsync) {
    n.disk.nodesConfDurable = conf;
    n.disk.nodesConfDirty = [];
  } else {
    n.disk.nodesConfDirty.push([s.now, conf]);
  }
}
