// sentinelTimer, from serverCron: one tick, then the next at a jittered period (server.hz = 10 + rand() % 10).
import type { ActionOf } from '../../kernel/actions.ts';
import type { State } from '../../kernel/state.ts';
import { schedule } from '../../kernel/agenda.ts';
import { pick } from '../../kernel/rng.ts';
import { sentinelHandleDictOfRedisInstances } from '../sentinelTimer.ts';

/** What a real period adds to 1000/hz (as for serverCron): its run time and epoll's round-up. */
const CRON_DRIFT_MS = 1;

export function sentinelTimer(s: State, a: ActionOf<'SentinelTimer'>): void {
  const sen = s.sentinels[a.node];
  if (sen.proc === 'down' || sen.bootedAt !== a.boot) return;
  if (sen.proc === 'paused') { sen.timerHeld = true; return; } // it runs on SIGCONT (sentinelResumed)
  sentinelHandleDictOfRedisInstances(s, sen);
  // sentinelTimer desynchronises the Sentinels: hz = CONFIG_DEFAULT_HZ + rand() % CONFIG_DEFAULT_HZ,
  // and serverCron comes back 1000/hz ms later (52–100 ms). The draw hashes (seed, Sentinel, boot, tick).
  sen.cronloops++;
  const hz = 10 + pick(10, s.seed, 'sentinel-hz', sen.name, sen.bootedAt, sen.cronloops);
  schedule(s, s.now + Math.floor(1000 / hz) + CRON_DRIFT_MS, a);
}
