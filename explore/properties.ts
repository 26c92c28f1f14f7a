// Which always-properties a scope checks when it names none. A property's `scope` is prose, so the
// admission rules are written here: only claims that hold under any schedule of the admitted events
// (not ones tied to one fault family, such as "one master crash, restarted before node timeout",
// which an arbitrary menu would leave), each with the configurations and events its claim admits.
import type { Config } from '../model/kernel/config.ts';
import type { TraceEvent } from '../model/kernel/trace.ts';
import { byName, type Property } from '../properties/index.ts';

type Event = Pick<TraceEvent, 'type'>;

const ANY_SCHEDULE: Record<string, (c: Config, menu: Event[]) => boolean> = {
  'model-never-throws': () => true,
  'one-winner-per-epoch': () => true,
  'promotion-needs-majority-votes': () => true,
  // A manual failover (FORCE) skips the data-age check, and CONFIG SET can lower the factor.
  'restarted-replica-never-auto-promotes': (c, menu) => c.replicaValidityFactor > 0 && !menu.some((e) => e.type === 'failover' || e.type === 'config'),
};

export function defaultProperties(c: Config, menu: Event[]): Property[] {
  return Object.entries(ANY_SCHEDULE).filter(([, admits]) => admits(c, menu)).map(([name]) => byName(name));
}

export const ANY_SCHEDULE_PROPERTIES = Object.keys(ANY_SCHEDULE);
