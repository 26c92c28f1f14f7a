// protocol.md §5.15 (hazard, availability): two masters failing together in a 5-master cluster can
// make two replicas ask in the same epoch; the votes split, nobody wins, the retry waits 4·NT.
import { families, traces, trimmable } from './generators.ts';
import { events, promotions } from './lib.ts';
import { at, type Property, type RunResult } from './property.ts';

/** Epochs in which some replica requested votes and nobody was promoted. */
export function lostElections(r: RunResult): number[] {
  const won = new Set(promotions(r).map((p) => p.epoch));
  return [...new Set(events(r, 'election').map((e) => e.epoch!))].filter((e) => !won.has(e));
}

export function splitVotes(r: RunResult): string | null {
  if (r.error) return null;
  const nt = r.trace.config.nodeTimeout;
  for (const e of lostElections(r)) {
    const cands = events(r, 'election').filter((x) => x.epoch === e);
    if (new Set(cands.map((c) => c.about)).size < 2) continue; // two shards' replicas in one epoch
    for (const c of cands) {
      const fail = events(r, 'fail').find((f) => f.about === c.about);
      if (!fail) continue;
      const p = promotions(r).find((x) => x.about === c.about && x.at > fail.at);
      const back = r.state.timeline.find((x) => x.node === c.about && x.event === 'restart' && x.at > fail.at);
      const recovered = p?.at ?? back?.at ?? r.trace.until;
      if (recovered - fail.at <= nt + 3000) continue;
      return at(r, c.at, `${cands.map((x) => `${x.node} (for ${x.about})`).join(' and ')} requested votes in epoch ${e}; nobody won; ${c.about}'s slots stayed without a master for ${recovered - fail.at} ms after FAIL${p ? '' : ' (until its master came back)'} (> NT + 3 s = ${nt + 3000} ms)`);
    }
  }
  return null;
}

export const property: Property = {
  name: 'concurrent-elections-can-split-votes',
  claim: 'Two masters failing together can split the votes of an epoch so that recovery takes longer than NT + 3 s.',
  expectation: 'sometimes',
  scope: '5 masters × 1 replica, any persistence, network latency 20–150 ms and some slow replica→master links (1–300 ms); two masters crash together and stay down for 20 s',
  source: 'protocol.md §5.15, §2.7–2.8 (cluster.c clusterHandleSlaveFailover auth_retry_time, clusterSendFailoverAuthIfNeeded)',
  // One replica per master, and the masters stay down past the retry (heal 20 s after the crashes,
  // no settle): a restarted master would end the outage before the split shows (0.08 s median to a
  // witness instead of 1.5 s). Any event may shrink away (trimmable).
  arbitrary: trimmable(traces(families.twoMasters({ space: { masters: [5], replicas: [1], latency: [20, 80, 150] }, slowLinks: true, healGap: [20_000, 20_000], settle: false }))),
  check: splitVotes,
  needs: ['split-vote'],
};
