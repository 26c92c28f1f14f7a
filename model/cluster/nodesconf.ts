// nodes.conf: always written whatever appendonly/save say; fsynced only when the transition asks
// for it (cluster.c clusterSaveConfig, clusterBeforeSleep CLUSTER_TODO_FSYNC_CONFIG).
import type { Node, State } from '../kernel/state.ts';
import type { NodesConf, PeerView } from './state.ts';

type PeerLines = NodesConf['peers'];
type PeerLine = PeerLines[string];

/**
 * Each node's last save (by Node.idx): its peer lines, and the same line objects in the peer table's
 * key order, for the peer table they were made from. Lines are never mutated, so a save that changes
 * no line reuses the object, and one that changes a few makes only those anew.
 */
interface LastLines { peers: object; keys: string[]; lines: PeerLine[]; out: PeerLines }
const lastLines: LastLines[] = [];

const sameLine = (l: PeerLine, p: PeerView) => l.role === p.role && l.master === p.master && l.configEpoch === p.configEpoch && l.fail === p.fail;

/**
 * The peer lines of n's view, in the peer table's order (a restart rebuilds the table in this order):
 * the previous save's object when every line is the same, which most saves are.
 */
function peerLines(n: Node): PeerLines {
  const peers = n.cluster.peers;
  const last = lastLines[n.idx];
  // A peer table is replaced whole (a restart), never given keys: its key order is read once.
  if (last === undefined || last.peers !== peers) {
    const keys = Object.keys(peers);
    const lines = keys.map((x) => lineOf(x, peers[x]));
    const out: PeerLines = {};
    keys.forEach((x, i) => { out[x] = lines[i]; });
    return (lastLines[n.idx] = { peers, keys, lines, out }).out;
  }
  const { keys, lines } = last;
  let i = 0;
  while (i < keys.length && sameLine(lines[i], peers[keys[i]])) i++;
  if (i === keys.length) return last.out;
  const out: PeerLines = {};
  for (let k = 0; k < keys.length; k++) {
    const x = keys[k];
    const p = peers[x];
    if (k >= i && !sameLine(lines[k], p)) lines[k] = lineOf(x, p);
    out[x] = lines[k];
  }
  return (last.out = out);
}

/**
 * The line for peer x: the last one made for x when it says the same, as every node's view of x
 * mostly does (a new 400-node cluster has 160,000 lines but 400 different ones). Lines are never
 * mutated, so sharing one changes nothing but the memory.
 */
function lineOf(x: string, p: PeerView): PeerLine {
  const last = lastLineOf.get(x);
  if (last !== undefined && sameLine(last, p)) return last;
  const line = { role: p.role, master: p.master, configEpoch: p.configEpoch, fail: p.fail };
  lastLineOf.set(x, line);
  return line;
}
const lastLineOf = new Map<string, PeerLine>();

export function nodesConfOf(n: Node): NodesConf {
  const peers = peerLines(n);
  return {
    currentEpoch: n.cluster.currentEpoch,
    lastVoteEpoch: n.cluster.lastVoteEpoch,
    role: n.role,
    master: n.repl.master,
    configEpoch: n.cluster.configEpoch,
    peers,
    // The table itself: slot tables are replaced whole (slots.ts assign), never edited in place.
    slots: n.cluster.slots,
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
