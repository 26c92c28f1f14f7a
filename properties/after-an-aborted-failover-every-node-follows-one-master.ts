// A failover whose chosen replica was cut off with its SLAVEOF NO ONE is aborted; the command may still
// reach the replica when the cut heals, and it turns master on its own. sentinelAbortFailover clears
// the replica's PROMOTED flag, so every Sentinel, the one that chose it included, treats it as any
// replica claiming to be a master and converts it back (+convert-to-slave). So once everything has
// healed, the deployment has one master, named by every Sentinel, and every running data node
// replicates from it — also with a single Sentinel, which has no other to correct it.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

export function everyNodeFollowsOneMaster(r: RunResult): string | null {
  const named = new Set(Object.values(r.state.sentinels).map((s) => s.master.addr));
  if (named.size !== 1) return at(r, r.trace.until, `the Sentinels name ${[...named].join(', ')} as the master at the end`);
  const m = [...named][0];
  for (const n of Object.values(r.state.nodes)) {
    if (n.proc === 'down') continue;
    const follows = n.name === m ? n.role === 'master' : n.role === 'replica' && n.repl.master === m;
    if (!follows) return at(r, r.trace.until, `${n.name} is ${n.role === 'master' ? 'a master' : `a replica of ${n.repl.master}`} at the end, while every Sentinel names ${m}`);
  }
  return null;
}

export const property: Property = {
  name: 'after-an-aborted-failover-every-node-follows-one-master',
  claim: 'After a failover aborted because its chosen replica was cut off, once the cut heals every Sentinel names one master and every running data node replicates from it, the replica that ran the late SLAVEOF NO ONE included.',
  expectation: 'always',
  scope: 'sentinel, 1 or 3 Sentinels: the master killed and one replica cut off about when it is chosen, for longer than failover-timeout; a minute to settle after the heal',
  source: 'sentinel.c sentinelAbortFailover (clears SRI_PROMOTED), sentinelRefreshInstanceInfo (+convert-to-slave of a replica reporting role:master)',
  arbitrary: standaloneTraces(sentinelFamilies.replicaCutAtPromotion({ settle: 60_000, space: { sentinels: [1, 3] } })),
  check: (r) => crashed(r) ?? everyNodeFollowsOneMaster(r),
};
