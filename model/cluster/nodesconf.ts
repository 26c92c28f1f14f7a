// nodes.conf: always written whatever appendonly/save say; fsynced only when the transition asks
// for it (cluster.c clusterSaveConfig, clusterBeforeSleep CLUSTER_TODO_FSYNC_CONFIG).
import type { Node, State } from '../kernel/state.ts';
import type { NodesConf } from './state.ts';
import { copyTable } from './slots.ts';

type PeerLines = NodesConf['peers'];

/** Each node's last peer lines (by Node.idx): a save that changes no line reuses them (lines are never mutated). */
const lastLines: PeerLines[] = [];

/**
 * The peer lines of n's view, in the peer table's order (a restart rebuilds the table in this order):
 * the previous save's object when every line is the same and in the same order, which most saves are.
 */
function peerLines(n: Node): PeerLines {
  const peers = n.cluster.peers;
  const last = lastLines[n.idx];
  if (last !== undefined) {
    const keys = Object.keys(last);
    let i = 0;
    let same = true;
    for (const x in peers) {
      const l = last[x];
      const p = peers[x];
      if (keys[i++] !== x || l.role !== p.role || l.master !== p.master || l.configEpoch !== p.configEpoch || l.fail !== p.fail) { same = false; break; }
    }
    if (same && i === keys.length) return last;
  }
  const lines: PeerLines = {};
  for (const [x, p] of Object.entries(peers)) lines[x] = { role: p.role, master: p.master, configEpoch: p.configEpoch, fail: p.fail };
  return (lastLines[n.idx] = lines);
}

export function nodesConfOf(n: Node): NodesConf {
  const peers = peerLines(n);
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
