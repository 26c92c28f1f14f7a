// A Stryker ignorer: mutants inside `record(...)` — the ghost timeline the properties observe
// through, not a protocol rule — are not generated (docs/decisions.md, "Mutation testing").
// Declared as a plain value plugin ({ kind: 'Ignore', name, value }) so it needs no import.
const timeline = {
  shouldIgnore(path) {
    if (path.isCallExpression() && path.node.callee.type === 'Identifier' && path.node.callee.name === 'record') {
      return 'timeline record (observation, not a rule)';
    }
    return undefined;
  },
};

export const strykerPlugins = [{ kind: 'Ignore', name: 'timeline', value: timeline }];
