// A key written with SET … PX expires on the master that executed it, PX ms after it ran: the master's
// active expire cycle (databasesCron, every tick) deletes it and sends the DEL down its stream, so
// soon after its expiry the key is gone from the master and from every replica that has caught up.
// A second is generous: the cycle runs ten times in it, and a few keys go in one cycle.
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `everyReplica`: replicas that have not caught up checked too (they should not be: the DEL may not have reached them). */
export function expiredKeysAreGone(r: RunResult, everyReplica = false): string | null {
  const end = r.trace.until;
  const m = r.state.nodes.M;
  if (m.proc !== 'up' || m.repl.master !== null || m.clientsPausedUntil !== 0) return null;
  // The TTL the trace asked for: a single write's own px, else the px of the writes event.
  const asked = new Map<string, number | undefined>();
  let streamPx: number | undefined;
  for (const e of r.trace.events) {
    if (e.type === 'write' && e.key !== undefined) asked.set(e.key, e.px);
    if (e.type === 'writes') streamPx = e.px;
  }
  // Each key's expiry from the last write M executed to it (keys here are written once, `ttl` too).
  const expiry = new Map<string, number | null>();
  for (const w of r.state.writes) {
    if (w.appliedBy !== 'M' || w.appliedAt === null) continue;
    const px = asked.has(w.key) ? asked.get(w.key) : streamPx;
    expiry.set(w.key, px === undefined ? null : w.appliedAt + px);
  }
  const caughtUp = Object.values(r.state.nodes).filter((n) => n.name !== 'M' && n.proc !== 'down' && (everyReplica || (n.repl.state === 'connected'
    && n.replid === m.replid && n.repl.reploff === m.masterReplOffset)));
  for (const n of [m, ...caughtUp]) {
    for (const key of r.state.store.materialize(n.data).keys()) {
      const when = expiry.get(key);
      if (when != null && when + 1000 < end) return at(r, end, `${n.name}${n === m ? ' (the master)' : ', caught up with M,'} still holds ${key}, which expired at ${when} (end ${end})`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'an-expired-key-leaves-its-master-and-replicas-within-a-second',
  claim: 'A key written with SET … PX is gone from its running master within a second after it expires (PX ms after the master executed the SET), and from every replica that has caught up with that master.',
  expectation: 'always',
  scope: 'standalone replication (M stays the only master: replicas killed, restarted or re-pointed, pauses, partitions), every write with a TTL of 0.2–3 s; checked at the end, when M runs unpaused',
  source: 'expire.c activeExpireCycle (databasesCron, masters only) and propagateDeletion (db.c): the DEL in the stream',
  arbitrary: standaloneTraces(replicationFamilies.withTtl()),
  check: (r) => crashed(r) ?? expiredKeysAreGone(r),
};
