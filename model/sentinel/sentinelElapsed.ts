// Time since a Sentinel timestamp that may be 0, Redis's "never" (failover_start_time after a reset,
// info_refresh before the first INFO, last_master_down_reply_time before the first answer).
// mstime() is a Unix-epoch clock, so in Redis `now − 0` is decades; the model's clocks start at
// T0 = 0, where `now − 0` would be small: a 0 is read as "longer ago than any period".
export function elapsedSince(now: number, t: number): number {
  return t === 0 ? Number.POSITIVE_INFINITY : now - t;
}
