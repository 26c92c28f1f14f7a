// What the reports show of a Sentinel or standalone deployment: Sentinel events in the form
// Sentinel logs them (+sdown, -odown, -failover-abort-not-elected…), each Sentinel's final view
// (the outcome's `sentinels`), and per data-node failure the time to each step of the failover.
import type { Outcome, SentinelOutcome } from '../model/kernel/outcome.ts';
import type { TimelineEntry } from '../model/kernel/state.ts';

/** The outcome's Sentinel section, empty for the other deployments. */
export function sentinelsOf(o: Outcome): Record<string, SentinelOutcome> {
  return o.sentinels ?? {};
}

export const isStandalone = (t: { config?: { topology?: string } }): boolean => (t.config?.topology ?? 'cluster') !== 'cluster';

/** Sentinel's sign for each event it publishes (sentinelEvent: "+" raised, "-" cleared or aborted). */
const SIGN: Record<string, string> = {
  sdown: '+sdown', 'sdown-cleared': '-sdown', odown: '+odown', 'odown-cleared': '-odown', 'new-epoch': '+new-epoch',
  'try-failover': '+try-failover', 'vote-for-leader': '+vote-for-leader', 'elected-leader': '+elected-leader',
  'selected-slave': '+selected-slave', 'promoted-slave': '+promoted-slave', 'slave-reconf-sent': '+slave-reconf-sent',
  'failover-end': '+failover-end', 'switch-master': '+switch-master', 'convert-to-slave': '+convert-to-slave',
  'fix-slave-config': '+fix-slave-config', reboot: '+reboot', tilt: '+tilt', 'tilt-cleared': '-tilt',
  'slave-reconf-inprog': '+slave-reconf-inprog', 'slave-reconf-done': '+slave-reconf-done', 'slave-reconf-sent-timeout': '-slave-reconf-sent-timeout',
};

/** Events whose detail Sentinel writes into the event's name (-failover-abort-not-elected, +failover-end-for-timeout). */
const FOLDED: Record<string, string> = { 'failover-abort': '-failover-abort', 'failover-end': '+failover-end' };

/** A Sentinel event as its log line names it; any other event unchanged. */
export function logName(e: Pick<TimelineEntry, 'event' | 'detail'>, sentinels: ReadonlySet<string>, node: string): string {
  if (!sentinels.has(node)) return e.event;
  if (FOLDED[e.event]) return `${FOLDED[e.event]}${e.detail ? `-${e.detail}` : ''}`;
  return SIGN[e.event] ?? e.event;
}

/** An event's fields after its name (`about=M epoch=1`), less what the log name already says. */
export function fieldsOf(e: TimelineEntry, sentinels: ReadonlySet<string>): string {
  const folded = e.event in FOLDED && sentinels.has(e.node);
  return Object.entries(e).filter(([k, v]) => v !== undefined && !['at', 'node', 'event'].includes(k) && !(folded && k === 'detail')).map(([k, v]) => `${k}=${v}`).join(' ');
}

/** Events of a Sentinel or standalone run that change what a reader must know (besides the Cluster ones). */
export const STANDALONE_MATTERS = new Set([
  'replicaof', 'edit-config', 'clock', 'sentinel-failover', 'master-link-down',
  'sdown', 'sdown-cleared', 'odown', 'odown-cleared', 'new-epoch', 'try-failover', 'vote-for-leader', 'elected-leader',
  'failover-abort', 'selected-slave', 'promoted-slave', 'slave-reconf-sent', 'failover-end', 'switch-master',
  'convert-to-slave', 'fix-slave-config', 'reboot', 'tilt', 'tilt-cleared',
  'slave-reconf-inprog', 'slave-reconf-done', 'slave-reconf-sent-timeout', 'failover-refused',
  'simulate-failure', 'simulate-failure-refused',
]);

/** The final view of every Sentinel, one line each. */
export function renderSentinels(o: Outcome, bullet = ''): string[] {
  const ss = Object.entries(sentinelsOf(o));
  if (!ss.length) return [];
  const L = ['', 'Sentinels (the master each believes in, epochs, failover state):'];
  for (const [name, v] of ss) {
    L.push(`${bullet}  ${name.padEnd(4)} ${v.up ? 'up  ' : 'down'} master=${v.master ?? '(none)'} currentEpoch=${v.currentEpoch} configEpoch=${v.configEpoch} leaderEpoch=${v.leaderEpoch} failover=${v.failoverState}${v.tilt ? ' TILT' : ''}`);
  }
  return L;
}

const rel = (x: number | null) => (x === null ? 'never' : `+${x} ms`);

/**
 * Per crash or pause of a data node that was the master: when the Sentinels flagged it (first
 * +sdown, first +odown), elected a leader, and published the new master (first +switch-master),
 * in ms after the fault; the promotion and full sync come from the outcome's `failures`. Without
 * Sentinels (a replication deployment) only the promotion (a REPLICAOF NO ONE) and full sync.
 */
export function renderSentinelFailures(o: Outcome, bullet = '', sentinel = true): string[] {
  const tl = o.timeline;
  const L = ['', sentinel ? 'Per failure (from the fault): +sdown, +odown, +elected-leader, promotion, +switch-master, full sync start → end:'
    : 'Per failure (from the fault): promotion, full sync start → end:'];
  if (!(o.failures ?? []).length) L.push(`${bullet}  none`);
  for (const f of o.failures ?? []) {
    const first = (pred: (e: TimelineEntry) => boolean) => {
      const e = tl.find((x) => x.at >= f.fault.at && pred(x));
      return e ? e.at - f.fault.at : null;
    };
    const about = (ev: string) => first((e) => e.event === ev && e.about === f.fault.node);
    const times = !sentinel ? [`promoted ${rel(f.promotedMs)}`] : [`+sdown ${rel(about('sdown'))}`, `+odown ${rel(about('odown'))}`, `+elected-leader ${rel(first((e) => e.event === 'elected-leader'))}`,
      `promoted ${rel(f.promotedMs)}`, `+switch-master ${rel(first((e) => e.event === 'switch-master'))}`];
    L.push(`${bullet}  ${f.fault.event} ${f.fault.node} @ T+${(f.fault.at / 1000).toFixed(3)}s: ${times.join(', ')}, full sync ${rel(f.fullSyncStartMs)} → ${rel(f.fullSyncEndMs)}`);
  }
  return L;
}
