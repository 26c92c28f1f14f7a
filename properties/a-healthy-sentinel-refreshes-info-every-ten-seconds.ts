// sentinelSendPeriodicCommands sends INFO to the master every 10 s (info_period), and a reply takes
// its command off the link's pending count, so a healthy link never reaches the pending limit
// (SENTINEL_MAX_PENDING_COMMANDS) that would stop it. So in a deployment where nothing fails, the age
// of each Sentinel's last INFO from the master (SENTINEL MASTER's info-refresh) stays about 10 s at
// most, however long it runs.
import { mstime } from '../model/sentinel/mstime.ts';
import { SENTINEL_INFO_PERIOD } from '../model/sentinel/sentinelSendPeriodicCommands.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { noted, type Noted } from './lib.ts';
import { crashed, type Property, type Watch } from './property.ts';

/** The INFO period, a timer tick and a round trip, with margin. */
const BOUND = SENTINEL_INFO_PERIOD + 1500;

/** Notes the first INFO older than BOUND (scratch.bad) and the oldest seen (scratch.oldest, ms). */
export const watchInfoAge: Watch = (s, _a, t, scratch) => {
  if (scratch.bad || t < 0) return;
  for (const sen of Object.values(s.sentinels)) {
    if (sen.proc !== 'up') continue;
    const age = mstime(s, sen) - sen.master.infoRefresh;
    if (age > ((scratch.oldest as number | undefined) ?? 0)) scratch.oldest = age;
    if (age > BOUND) { scratch.bad = { at: t, msg: `${sen.name}'s last INFO from ${sen.master.addr} is ${age} ms old at ${t}` } as Noted; return; }
  }
};

export const property: Property = {
  name: 'a-healthy-sentinel-refreshes-info-every-ten-seconds',
  claim: 'With no fault at all, each Sentinel\'s last INFO from the master (info-refresh) is never more than 11.5 s old, over ten minutes.',
  expectation: 'always',
  scope: 'sentinel: no fault; writes for a few seconds, then ten quiet minutes',
  source: 'sentinel.c sentinelSendPeriodicCommands (INFO every info_period, nothing sent past SENTINEL_MAX_PENDING_COMMANDS), sentinelInfoReplyCallback (pending_commands--)',
  arbitrary: standaloneTraces(sentinelFamilies.quiet()),
  // A run is ten simulated minutes: about four ordinary runs' work.
  cost: 4,
  watch: watchInfoAge,
  check: (r) => crashed(r) ?? noted(r),
};
