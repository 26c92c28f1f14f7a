// Which menu events may happen in a state: the event-validity rules of a trace read as enabling
// conditions, so that no branch is an event the model would ignore (restarting a running process,
// healing a network that is whole, …).
import type { State } from '../model/kernel/state.ts';
import type { MenuEvent } from './scope.ts';

const partitioned = (s: State): boolean => Object.keys(s.net.group).length > 0;

export function enabled(s: State, e: MenuEvent): boolean {
  switch (e.type) {
    case 'crash': return s.nodes[e.node].proc !== 'down';
    case 'restart': return s.nodes[e.node].proc === 'down';
    case 'pause': return s.nodes[e.node].proc === 'up';
    case 'resume': return s.nodes[e.node].proc === 'paused';
    // One partition at a time: a different split goes through a heal.
    case 'partition': return !partitioned(s);
    case 'heal': return partitioned(s);
    // CLUSTER FAILOVER is refused by a master and unanswered by a dead or paused process.
    case 'failover': return s.nodes[e.node].proc === 'up' && s.nodes[e.node].role === 'replica';
    default: return true;
  }
}
