// kill -9 ends a process, and its kernel closes every connection it had (FIN, then RST to anything
// sent after): each Sentinel's links to the master drop at once, so it counts the silence from the
// master's last PONG, before the kill, and flags it SDOWN at its first timer tick past
// down-after-milliseconds after that: never more than a tick after down-after from the kill.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { sentinelEntries } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** A Sentinel timer tick (hz 10–19) with margin. */
const SLACK_MS = 250;

/** `slack`: ms allowed past down-after-milliseconds after the kill (the claim: 250). */
export function killedMasterDownInTime(r: RunResult, slack = SLACK_MS): string | null {
  const kill = r.trace.events.find((e) => e.type === 'crash' && e.node === 'M' && !(e as { power?: boolean }).power);
  if (!kill) return null;
  const by = kill.at + r.trace.config.downAfterMilliseconds + slack;
  if (r.trace.events.some((e) => e.type === 'restart' && e.node === 'M' && e.at > kill.at && e.at <= by)) return null;
  for (const s of Object.keys(r.state.sentinels)) {
    const sdown = sentinelEntries(r, 'sdown').find((e) => e.node === s && e.about === 'M' && e.at >= kill.at);
    if (!sdown || sdown.at > by) return at(r, by, `${s} flagged the killed M SDOWN ${sdown ? `only at ${sdown.at}` : 'never'} (killed at ${kill.at}, bound ${by})`);
  }
  return null;
}

export const property: Property = {
  name: 'a-killed-master-is-down-after-down-after-milliseconds',
  claim: 'After kill -9 of the master, every Sentinel flags it SDOWN by down-after-milliseconds plus 250 ms: the kernel closes its connections at once, so the silence counts from its last PONG.',
  expectation: 'always',
  scope: 'sentinel: kill -9 (not a power loss: no kernel left to close anything) of the master, restarted only after the failover',
  source: 'sentinel.c sentinelCheckSubjectivelyDown (a disconnected link: the time since last_avail_time); the kernel closes a dead process\'s sockets',
  arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['late'] })),
  check: (r) => crashed(r) ?? killedMasterDownInTime(r),
};
