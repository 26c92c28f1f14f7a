// A replication message arrives on its connection; partitions delay it (TCP), a closed connection drops it.
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { behindResent, hold, reachable } from '../../kernel/net.ts';
import { schedule } from '../../kernel/agenda.ts';
import { replicaReceives, masterReceives, synArrives } from '../replLink.ts';
import { mutations } from '../../kernel/mutations.ts';

export function replDelivered(s: State, a: ActionOf<'ReplDelivered'>): void {
  const m = a.msg;
  if (m.body.type === 'syn') { synArrives(s, a); return; } // not a connection yet: no TCP retransmission of data
  const to = s.nodes[m.to];
  if (to.proc === 'down' && !mutations.deadProcessReceives) return;
  if (!reachable(s, m.from, m.to)) { hold(s, 'partition', a); return; }
  const behind = behindResent(s, m.conn);
  if (behind !== null) { schedule(s, behind, a); return; }
  if (to.proc === 'paused') { hold(s, to.name, a); return; }
  const b = m.body;
  if (b.type === 'psync' || b.type === 'ack' || (b.type === 'closed' && to.ms.replicas[m.from]?.conn === m.conn)) masterReceives(s, to, m);
  else replicaReceives(s, to, m);
}
