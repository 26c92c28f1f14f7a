// replicationCron (replication.c): a connected replica that has received nothing from its master —
// no stream, no PING — for more than repl-timeout seconds (server.unixtime, whole seconds) logs
// "MASTER timeout" and frees the link, then connects again. A paused master keeps its connections
// open, so nothing else ends the link; the replica's data age for a failover counts from then.
import { replicationFamilies, standaloneTraces } from './sentinel-generators.ts';
import { events, traceEvents } from './lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/**
 * Every replica of M drops its link between (repl-timeout − 1) s after M's pause (the whole seconds
 * truncate) and repl-timeout + 2 s after it (one second of truncation, one of replicationCron's period),
 * `slack` ms later at the latest.
 */
export function dropsOnTime(r: RunResult, slack = 0): string | null {
  const pause = traceEvents(r, 'pause').find((e) => e.node === 'M');
  if (!pause) return null;
  const resume = traceEvents(r, 'resume').find((e) => e.node === 'M' && e.at > pause.at)?.at ?? r.trace.until;
  const t = (r.trace.config.replTimeout ?? 60) * 1000;
  const latest = pause.at + t + 2000 + slack;
  if (resume <= latest) return null; // back before the link had to go
  for (const x of Object.keys(r.outcome.nodes)) {
    if (x === 'M' || r.trace.config.replicaof?.[x]) continue; // M's direct replicas only
    const drop = events(r, 'master-timeout').find((e) => e.node === x && e.at >= pause.at);
    if (!drop || drop.at > latest) return at(r, latest, `${x} kept its link to M, paused at ${pause.at}, past repl-timeout ${t / 1000} s + 2 s${drop ? `: dropped at ${drop.at}` : ''}`);
    if (drop.at < pause.at + t - 1000) return at(r, drop.at, `${x} dropped its link to M at ${drop.at}, ${drop.at - pause.at} ms after M's pause: before repl-timeout ${t / 1000} s`);
  }
  return null;
}

export const property: Property = {
  name: 'a-replica-drops-a-silent-master-after-repl-timeout',
  claim: 'A replica whose master goes silent (paused, its connection open) drops the link once repl-timeout has passed: between repl-timeout − 1 s and repl-timeout + 2 s after the pause.',
  expectation: 'always',
  scope: 'replication (no Sentinel), 1–3 replicas, repl-timeout 2–5 s; the master paused for repl-timeout + 1.5–6 s',
  source: 'replication.c replicationCron ("MASTER timeout: no data nor PING received", server.unixtime − repl_transfer_lastio / master->lastinteraction > repl_timeout)',
  arbitrary: standaloneTraces(replicationFamilies.masterSilent()),
  check: (r) => crashed(r) ?? dropsOnTime(r),
};
