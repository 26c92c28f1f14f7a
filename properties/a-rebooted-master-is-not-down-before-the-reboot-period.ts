// master-reboot-down-after-period (sentinel.c 7.0): a master seen to reboot (its run_id changed,
// +reboot) counts as down only if it has not answered a PING with PONG for that long since the
// reboot; its first PONG clears the flag. So a master that restarts quickly and answers is not
// flagged SDOWN for having rebooted within the period after +reboot.
import { sentinelFamilies, standaloneTraces } from './sentinel-generators.ts';
import { sentinelEntries } from './sentinel-lib.ts';
import { at, crashed, type Property, type RunResult } from './property.ts';

/** `period`: the window checked after +reboot (the claim: the trace's master-reboot-down-after-period). */
export function notDownAfterReboot(r: RunResult, period = r.trace.config.masterRebootDownAfterPeriod): string | null {
  const crashes = r.trace.events.filter((e) => e.type === 'crash' && e.node === 'M').map((e) => e.at);
  for (const reboot of sentinelEntries(r, 'reboot')) {
    if (reboot.about !== 'M') continue;
    const end = reboot.at + period;
    if (crashes.some((c) => c > reboot.at && c <= end)) continue;
    const sdown = sentinelEntries(r, 'sdown').find((e) => e.node === reboot.node && e.about === 'M' && e.at >= reboot.at && e.at <= end);
    if (sdown) return at(r, sdown.at, `${reboot.node} saw M reboot at ${reboot.at} and flagged it SDOWN at ${sdown.at}, within master-reboot-down-after-period ${period} ms`);
  }
  return null;
}

export const property: Property = {
  name: 'a-rebooted-master-is-not-down-before-the-reboot-period',
  claim: 'A Sentinel that sees a running master reboot (+reboot) does not flag it SDOWN within master-reboot-down-after-period after that.',
  expectation: 'always',
  scope: 'sentinel: the master killed and restarted within 0.5 s (before down-after), master-reboot-down-after-period 5–15 s',
  source: 'sentinel.c sentinelCheckSubjectivelyDown (SRI_MASTER_REBOOT && mstime() - master_reboot_since_time > master_reboot_down_after_period), sentinelPingReplyCallback (PONG clears it)',
  arbitrary: standaloneTraces(sentinelFamilies.masterCrash({ when: ['soon'], space: { rebootPeriod: [5000, 10_000, 15_000] } })),
  check: (r) => crashed(r) ?? notDownAfterReboot(r),
};
