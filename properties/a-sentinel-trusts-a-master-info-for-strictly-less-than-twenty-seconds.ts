// sentinelMasterLooksSane: a Sentinel corrects replicas (+convert-to-slave, +fix-slave-config) only
// while its master's INFO is younger than two INFO periods (`mstime() - info_refresh <
// sentinel_info_period*2`, 20 s), so an INFO exactly 20 s old is already too old. Random schedules
// almost never ask at that millisecond, so each master INFO a Sentinel holds is probed there on a
// copy of the state, on the Sentinel's own clock.
import fc from 'fast-check';
import { probe } from './lib.ts';
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { at, crashed, type Property, type RunResult, type Watch } from './property.ts';
import { SENTINEL_INFO_PERIOD } from '../model/sentinel/sentinelSendPeriodicCommands.ts';
import { sentinelMasterLooksSane } from '../model/sentinel/sentinelRefreshInstanceInfoActing.ts';
import type { State } from '../model/kernel/state.ts';

interface Probe { at: number; sentinel: string; refreshed: number; before: boolean; atLimit: boolean }

/** Whether `sen` finds its master sane when its clock reads `when`, on a copy of the state. */
const saneAt = (s: State, sen: string, when: number) =>
  probe(s, (d) => { const x = d.sentinels[sen]; d.now = when - x.clockOffset; return sentinelMasterLooksSane(d, x, x.master); });

/** Each master INFO a Sentinel holds (master reported, not down) is probed once, 1 ms before and at 20 s. */
export const watchInfoAge: Watch = (s, _a, t, scratch) => {
  const done = (scratch.probed ??= new Set<string>()) as Set<string>;
  for (const sen of Object.values(s.sentinels ?? {})) {
    const m = sen.master;
    if (sen.proc !== 'up' || m.infoRefresh === 0 || m.roleReported !== 'master' || m.sdown || m.odown) continue;
    const key = `${sen.name}@${m.infoRefresh}`;
    if (done.has(key)) continue;
    done.add(key);
    const limit = m.infoRefresh + SENTINEL_INFO_PERIOD * 2;
    ((scratch.probes ??= []) as Probe[]).push({ at: t, sentinel: sen.name, refreshed: m.infoRefresh, before: saneAt(s, sen.name, limit - 1), atLimit: saneAt(s, sen.name, limit) });
  }
};

/** `inclusive`: the claim misread for the breaker (an INFO exactly 20 s old still trusted). */
export function infoTrustedUnderTwentySeconds(r: RunResult, inclusive = false): string | null {
  for (const p of (r.scratch.probes ?? []) as Probe[]) {
    if (p.before && p.atLimit === inclusive) continue;
    return at(r, p.at, `${p.sentinel}'s master INFO of ${p.refreshed} looked ${p.before ? 'sane' : 'not sane'} 19.999 s later and ${p.atLimit ? 'sane' : 'not sane'} exactly 20 s later`);
  }
  return null;
}

export const property: Property = {
  name: 'a-sentinel-trusts-a-master-info-for-strictly-less-than-twenty-seconds',
  claim: 'A Sentinel takes its master for sane (and may correct replicas) while the master\'s last INFO is less than 20 s old on its own clock, and not at exactly 20 s.',
  expectation: 'always',
  scope: 'sentinel: quiet runs, a master crash, a clock jump on one Sentinel; every master INFO each Sentinel held, probed at both instants',
  source: 'sentinel.c sentinelMasterLooksSane (`mstime()-master->info_refresh < sentinel_info_period*2`)',
  arbitrary: fc.oneof(standaloneTraces(sentinelFamilies.quiet({ settle: 30_000 })), standaloneTraces(sentinelFamilies.masterCrash()), standaloneTraces(sentinelFamilies.clockJump())),
  check: (r) => crashed(r) ?? infoTrustedUnderTwentySeconds(r),
  watch: watchInfoAge,
};
