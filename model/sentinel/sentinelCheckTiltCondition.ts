// TILT (sentinelCheckTiltCondition, sentinel.md 2.18): a tick more than 2 s after the last one, or before it, stops the Sentinel acting for 30 s.
import type { State } from '../kernel/state.ts';
import { record } from '../kernel/timeline.ts';
import type { SentinelProc } from './state.ts';
import { mstime } from './mstime.ts';

/** sentinel_tilt_trigger, sentinel_tilt_period (SENTINEL_PING_PERIOD * 30). */
const SENTINEL_TILT_TRIGGER = 2000;
const SENTINEL_TILT_PERIOD = 30000;

export function sentinelCheckTiltCondition(s: State, sen: SentinelProc): void {
  const now = mstime(s, sen);
  const delta = now - sen.previousTime;
  if (delta < 0 || delta > SENTINEL_TILT_TRIGGER) {
    sen.tilt = true;
    sen.tiltStartTime = now;
    record(s, sen.name, 'tilt', { detail: `${delta} ms since the last tick` });
  }
  sen.previousTime = now;
}

/** sentinelHandleRedisInstance: TILT ends at the first instance handled 30 s after it began (-tilt); true once it has. */
export function sentinelTiltExpired(s: State, sen: SentinelProc): boolean {
  if (mstime(s, sen) - sen.tiltStartTime < SENTINEL_TILT_PERIOD) return false;
  sen.tilt = false;
  record(s, sen.name, 'tilt-cleared', {});
  return true;
}
