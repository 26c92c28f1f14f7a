// A Stryker ignorer for `npm run mutation -- --sample N` (mutation/sample.ts): Stryker takes the
// sampled mutants by their ranges, and a range holds every mutant nested in it; this ignores each
// node that neither is a sampled mutant's node nor holds one, so that the run tests the draw (and
// the other mutators of the same nodes), not whole function bodies. Off unless STRYKER_SAMPLE names
// the sample file. An ignored node's descendants are ignored too (Stryker's IgnorerBookkeeper),
// hence "holds one": an ancestor of a sampled node must stay.
import { readFileSync } from 'node:fs';

const file = process.env.STRYKER_SAMPLE;
// Babel's locations: lines from 1, columns from 0 (the sample's columns count from 1).
const spans = file ? JSON.parse(readFileSync(file, 'utf8')).mutants.map((m) => [m.line, m.column - 1, m.endLine, m.endColumn - 1]) : null;

const before = (l1, c1, l2, c2) => l1 < l2 || (l1 === l2 && c1 <= c2);

const unsampled = {
  shouldIgnore(path) {
    if (spans === null || !path.node.loc) return undefined;
    const { start, end } = path.node.loc;
    const holds = spans.some(([l1, c1, l2, c2]) => before(start.line, start.column, l1, c1) && before(l2, c2, end.line, end.column));
    return holds ? undefined : 'not in the mutation sample (npm run mutation -- --sample)';
  },
};

export const strykerPlugins = [{ kind: 'Ignore', name: 'unsampled', value: unsampled }];
