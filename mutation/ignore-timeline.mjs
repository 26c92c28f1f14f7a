// A Stryker ignorer: mutants inside calls that only write the ghost timeline — `record(...)`, and
// election.ts's `refuse(why)` and `cantFailover(s, n, reason)`, whose arguments go nowhere else
// (cantFailoverReason only keeps a reason from being recorded twice) — are not generated: the
// timeline is how the properties observe a run, not a protocol rule (docs/decisions.md).
// Declared as a plain value plugin ({ kind: 'Ignore', name, value }) so it needs no import.
const RECORDERS = new Set(['record', 'refuse', 'cantFailover']);

const timeline = {
  shouldIgnore(path) {
    if (path.isCallExpression() && path.node.callee.type === 'Identifier' && RECORDERS.has(path.node.callee.name)) {
      return `${path.node.callee.name}(...) only writes the timeline (observation, not a rule)`;
    }
    return undefined;
  },
};

export const strykerPlugins = [{ kind: 'Ignore', name: 'timeline', value: timeline }];
