// WAIT numreplicas timeout (replication.c waitCommand, processClientsWaitingReplicas): counts ONLINE
// replicas whose REPLCONF ACK offset reached the client's last write; GETACK asks them at once.
import type { Node, State } from '../kernel/state.ts';
import { schedule } from '../kernel/agenda.ts';
import { sendRepl } from '../kernel/net.ts';

export function ackedReplicas(n: Node, woff: number): number {
  return Object.values(n.ms.replicas).filter((c) => c.state === 'online' && c.ackOff >= woff).length;
}

/** A WAIT pipelined after the write: block, and send REPLCONF GETACK to the replicas. */
export function startWait(s: State, n: Node, wid: string, replicas: number, timeout: number): void {
  n.waits.push({ wid, woff: n.masterReplOffset, replicas });
  for (const [r, c] of Object.entries(n.ms.replicas)) {
    if (c.state === 'online') sendRepl(s, { from: n.name, to: r, conn: c.conn, fromBoot: n.bootedAt, body: { type: 'getack' } });
  }
  if (timeout > 0) schedule(s, s.now + timeout, { type: 'WaitTimedOut', wid, node: n.name, boot: n.bootedAt });
}

/** Unblock the WAITs that have enough acks (or all of them, at their timeout). */
export function resolveWaits(s: State, n: Node, timedOut: string | null = null): void {
  n.waits = n.waits.filter((wt) => {
    const count = ackedReplicas(n, wt.woff);
    if (count < wt.replicas && wt.wid !== timedOut) return true;
    const w = s.writes[Number(wt.wid.slice(1)) - 1];
    if (w.wait) w.wait.acked = count;
    return false;
  });
}
