// clusterCron: "if we are waiting for the PONG more than half the cluster timeout, reconnect the link:
// maybe there is a connection issue even if the node is alive". A link older than the node timeout
// whose PING has gone unanswered, and which has carried nothing, for more than NT/2 is freed in that
// tick and reconnected in the next: so a node behind a partition or a stopped peer gets a fresh link
// (and its kernel a fresh connect) long before it would be flagged PFAIL.
import fc from 'fast-check';
import { families, traces } from './generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** Notes the first link kept too long (scratch.bad) and the longest silence of a link kept (scratch.silentest, in node timeouts). */
export const watchSilentLinks: Watch = (s, a, t, scratch) => {
  if (scratch.bad || a.type !== 'ServerCron') return;
  const n = s.nodes[(a as unknown as { node: string }).node];
  if (!n.clusterEnabled || n.proc !== 'up') return;
  const nt = n.config.nodeTimeout;
  for (const [x, p] of Object.entries(n.cluster.peers)) {
    if (p.link === 0 || !(t - p.linkCreated > nt) || !p.pingSent) continue;
    const silent = Math.min(t - p.pingSent, t - p.dataReceived) / nt;
    scratch.silentest = Math.max((scratch.silentest as number | undefined) ?? 0, silent);
    if (silent > 0.5) {
      scratch.bad = { at: t, msg: `${n.name} keeps its link to ${x} after its tick at ${t}: PING pending since ${p.pingSent}, nothing received since ${p.dataReceived} (node timeout ${nt})` } as Noted;
      return;
    }
  }
};

export const property: Property = {
  name: 'a-silent-link-is-dropped-after-half-the-node-timeout',
  claim: 'No node keeps, past its clusterCron tick, a bus link older than the node timeout on which its PING has gone unanswered and nothing has arrived for more than half the node timeout.',
  expectation: 'always',
  scope: 'cluster: any node paused, minority partitions, master crashes',
  source: 'cluster.c clusterCron (the link freed when ping_sent and data_received are both older than node_timeout/2)',
  arbitrary: fc.oneof(traces(families.pauseResume()), traces(families.minorityPartition()), traces(families.masterCrash())),
  watch: watchSilentLinks,
  check: (r) => crashed(r) ?? noted(r),
};
