// REPLICAOF and CONFIG REWRITE on a standalone node (replication.c replicaofCommand, config.c
// rewriteConfig): the operator's commands, and the ones Sentinel's SLAVEOF transaction sends.
import type { Node, NodeName, State } from '../kernel/state.ts';
import type { NodeConfig } from '../kernel/config.ts';
import { nodeConfig } from '../kernel/initNode.ts';
import { record } from '../kernel/timeline.ts';
import { replicationSetMaster, replicationUnsetMaster } from './replication.ts';

/**
 * replicaofCommand: REPLICAOF NO ONE (master = null) or REPLICAOF <master>; returns the reply.
 * NO ONE on a master and REPLICAOF of the master already followed are no-ops.
 */
export function replicaofCommand(s: State, n: Node, master: NodeName | null): string {
  if (n.clusterEnabled) return 'ERR REPLICAOF not allowed in cluster mode.';
  if (master === null) {
    if (n.repl.master === null) return 'OK';
    const old = n.repl.master;
    n.role = 'master';
    // replicationUnsetMaster: replid → replid2, a new replid, sub-replicas dropped (they PSYNC again
    // and continue through replid2), repl_down_since = 0.
    replicationUnsetMaster(s, n);
    record(s, n.name, 'replicaof', { detail: 'no one' });
    record(s, n.name, 'promoted', { about: old, offset: n.masterReplOffset });
    return 'OK';
  }
  if (n.repl.master === master) return 'OK Already connected to specified master';
  // replicationSetMaster: a former master caches itself (replicationCacheMasterUsingMyself) to try
  // a PSYNC; its own sub-replicas stay attached until its history changes.
  const wasMaster = n.repl.master === null;
  // disconnectAllBlockedClients: a WAIT blocked on the old master gets -UNBLOCKED (no count).
  if (wasMaster) n.waits = [];
  n.role = 'replica';
  replicationSetMaster(s, n, master, wasMaster);
  record(s, n.name, 'replicaof', { detail: master });
  if (wasMaster) record(s, n.name, 'demoted', { detail: `replica of ${master}` });
  return 'OK';
}

/**
 * CONFIG REWRITE (config.c rewriteConfig): the file gets the running configuration, the options that
 * differ from the deployment's (the trace's config, which the file held at creation), and the
 * `replicaof` line of the current master (none for a master). An operator's pending edit of an
 * option is overwritten by the running value, as Redis rewrites every option it knows. Written via a
 * temp file, fsync and rename (rewriteConfigOverwriteFile): durable at once.
 */
export function configRewrite(s: State, n: Node): void {
  const base = nodeConfig(s.config);
  const set: Partial<NodeConfig> = {};
  for (const k of Object.keys(n.config) as Array<keyof NodeConfig>) {
    if (JSON.stringify(n.config[k]) !== JSON.stringify(base[k])) (set as Record<string, unknown>)[k] = n.config[k];
  }
  n.disk.redisConf = { replicaof: n.repl.master, set };
}
