// The network splits into groups; nodes left out of every group form one more group.
import type { ActionOf } from '../actions.ts';
import type { State } from '../state.ts';
import { record } from '../timeline.ts';
import { synRetries } from '../../cluster/cron.ts';
import { PARTITION, release } from '../net.ts';

export function networkPartitioned(s: State, a: ActionOf<'NetworkPartitioned'>): void {
  const group: Record<string, number> = {};
  a.groups.forEach((g, i) => g.forEach((x) => { group[x] = i; }));
  for (const x of Object.keys(s.nodes)) if (!(x in group)) group[x] = a.groups.length;
  for (const x of Object.keys(s.sentinels)) if (!(x in group)) group[x] = a.groups.length;
  s.net.group = group;
  // Data and connects the old groups dropped may get through now (TCP's retransmissions, SYN retries).
  release(s, PARTITION);
  synRetries(s);
  record(s, 'net', 'partition', { detail: a.groups.map((g) => g.join(',')).join(' | ') });
}
