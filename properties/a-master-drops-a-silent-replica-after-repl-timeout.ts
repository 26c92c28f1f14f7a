// replicationCron, once a second on the master: an ONLINE replica whose last REPLCONF ACK is more
// than repl-timeout seconds old (server.unixtime − repl_ack_time > repl_timeout, whole seconds) is
// freed. Not at exactly repl-timeout whole seconds: the comparison is strict.
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { unixtime } from '../model/kernel/clock.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

type Seen = Record<string, Record<string, number>>;

/** Notes an ONLINE replica freed in its master's cron tick with its last ACK not more than repl-timeout seconds old (scratch.bad). */
export const watchReplicaTimeouts: Watch = (s, a, t, scratch) => {
  if (scratch.bad) return;
  const acks = (scratch.acks ??= {}) as Seen;
  if (a.type === 'ServerCron') {
    const n = s.nodes[(a as unknown as { node: string }).node];
    for (const [r, ackTime] of Object.entries(acks[n.name] ?? {})) {
      if (n.ms.replicas[r]) continue;
      const idle = unixtime(s.seed, t) - unixtime(s.seed, ackTime);
      scratch.shortest = Math.min((scratch.shortest as number | undefined) ?? Infinity, idle - n.config.replTimeout);
      if (idle <= n.config.replTimeout) { scratch.bad = { at: t, msg: `${n.name} freed its replica ${r} at ${t}, its last ACK at ${ackTime}: ${idle} whole seconds, repl-timeout ${n.config.replTimeout}` } as Noted; return; }
    }
  }
  for (const n of Object.values(s.nodes)) {
    const mine: Record<string, number> = {};
    for (const [r, c] of Object.entries(n.ms.replicas)) if (c.state === 'online') mine[r] = c.ackTime;
    acks[n.name] = mine;
  }
};

export const property: Property = {
  name: 'a-master-drops-a-silent-replica-after-repl-timeout',
  claim: 'A master frees an ONLINE replica in its cron only when the replica\'s last REPLCONF ACK is more than repl-timeout whole seconds old.',
  expectation: 'always',
  scope: 'standalone replication: a replica paused (its connections open) for 1.5–6 s longer than repl-timeout, set to 2–5 s',
  source: 'replication.c replicationCron ("Disconnecting timedout replica": server.unixtime - slave->repl_ack_time > server.repl_timeout)',
  arbitrary: standaloneTraces(replicationFamilies.replicaSilent()),
  watch: watchReplicaTimeouts,
  check: (r) => crashed(r) ?? noted(r),
};
