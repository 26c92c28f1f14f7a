// A Sentinel process dies: its kernel closes every connection (the peers get FINs, after the heal
// across a partition); sentinel.conf, saved with fsync at every change, is all that is left.
import type { State } from '../../kernel/state.ts';
import { record } from '../../kernel/timeline.ts';
import type { SentinelProc } from '../state.ts';
import { allLinks } from '../instances.ts';
import { closeAcceptedConnections, instanceLinkCloseConnection } from '../link.ts';
import { setIncarnation } from '../../kernel/net.ts';

export function sentinelCrashed(s: State, sen: SentinelProc, power: boolean, detail = power ? 'power loss' : 'kill -9'): void {
  if (sen.proc === 'down') return;
  for (const [addr, link] of allLinks(sen)) {
    instanceLinkCloseConnection(s, sen, addr, link, 'cc');
    instanceLinkCloseConnection(s, sen, addr, link, 'pc');
  }
  closeAcceptedConnections(s, sen.name);
  sen.proc = 'down';
  sen.timerHeld = false;
  setIncarnation(s, sen.idx, -1);
  delete s.held[sen.name];
  record(s, sen.name, 'crash', { detail });
}
